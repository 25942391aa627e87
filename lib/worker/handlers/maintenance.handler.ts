import { pruneSignInThrottles } from "@/lib/auth/throttle";
import type { maintenanceJob } from "@/lib/queue/maintenance";
import { pruneStaleHeartbeats } from "../heartbeat";
import type { JobHandler } from "../job-handler";

/** Prunes sign-in throttles and the heartbeat rows of workers that died without removing them. */
export const maintenanceHandler: JobHandler<typeof maintenanceJob> = async (_data, { log }) => {
  const throttles = await pruneSignInThrottles();
  const heartbeats = await pruneStaleHeartbeats();
  log.info("maintenance finished", { prunedSignInThrottles: throttles, prunedHeartbeats: heartbeats });
};
