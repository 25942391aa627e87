import type { sourceReconcileJob } from "@/lib/queue/source-reconcile";
import { reconcileAllSources } from "@/lib/sources/coverage/reconcile";
import type { JobHandler } from "../job-handler";

/** Checks every active source's settled coverage windows against Rapid7; stopping the worker ends it between steps. */
export const sourceReconcileHandler: JobHandler<typeof sourceReconcileJob> = async (_data, { log, signal }) => {
  const summaries = await reconcileAllSources({ log, signal });
  const checked = summaries.filter((summary) => summary.checked > 0);
  if (checked.length > 0) log.info("coverage reconciled", { sources: checked });
};
