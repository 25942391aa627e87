/**
 * `npm run simulator`, or: node --import tsx bin/simulator.ts --port 4010 [--host 127.0.0.1]
 *        [--live-events-per-minute N] [--seed-days 7] [--seed 7]
 * Flags only (no environment variables), so what runs is visible on the command line.
 */
import { parseArgs } from "node:util";
import {
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_US3_ADMIN_KEY,
  DEMO_US3_READONLY_KEY,
  startRapid7Simulator,
} from "@/simulator/rapid7";

function numberFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "live-events-per-minute": { type: "string" },
      "seed-days": { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      "Usage: bin/simulator.ts --port 4010 [--host 127.0.0.1] [--live-events-per-minute N] [--seed-days 7] [--seed 7]",
    );
    return;
  }
  const simulator = await startRapid7Simulator({
    port: numberFlag(values.port, "port", 4010),
    host: values.host,
    seed: {
      seedDays: numberFlag(values["seed-days"], "seed-days", 7),
      seed: numberFlag(values.seed, "seed", 7),
    },
    liveEventsPerMinute: numberFlag(values["live-events-per-minute"], "live-events-per-minute", 0),
  });
  console.log(`Rapid7 simulator listening: RAPID7_BASE_URL_TEMPLATE=${simulator.baseUrlTemplate}`);
  console.log(
    `Demo keys: ${DEMO_US3_ADMIN_KEY} (us3, admin), ${DEMO_US3_READONLY_KEY} (us3, not admin), ` +
      `${DEMO_EU_NO_AUDIT_KEY} (eu, admin, no audit logs). Control API: ${simulator.origin}/_control`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => {
        console.log(`Rapid7 simulator stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error("Rapid7 simulator failed to stop cleanly:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
