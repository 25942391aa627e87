import { runPull } from "@/lib/sources/pull/pull";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { recheckCredentials } from "@/lib/sources/credential-check";
import { createDemoSource } from "./support/demo-source";
import { startBenchEnvironment } from "./support/environment";

type Stats = { totalRequests: number };

/**
 * Requests one source costs Rapid7 per hour in steady state: a source pulled every
 * minute with a few new audit events between pulls (a busy organization), plus the
 * 15-minute credential re-check. Measured over real pulls against the simulator with
 * its default behaviour (one pending poll per query), then scaled to an hour and set
 * against Rapid7's budget of 1,500 requests per 15 minutes per key and API family.
 */
export async function steadyStateBenchmark(pulls = 20) {
  const bench = await startBenchEnvironment();
  const log = createLogger({ bench: "steady-state" });
  try {
    const source = await createDemoSource("Steady state", 1);
    await runPull(source.id, { trigger: "initial", log });
    const logIds = (source.auditLogs as { id: string }[]).map((l) => l.id);

    const before = (await bench.simulator.control<Stats>("GET", "/stats")).totalRequests;
    for (let i = 0; i < pulls; i += 1) {
      await bench.simulator.control("POST", "/events/append", {
        region: "us3",
        logId: logIds[i % logIds.length],
        count: 5,
      });
      await runPull(source.id, { trigger: "schedule", log, settings: { delayMs: 0 } });
    }
    const pullRequests = (await bench.simulator.control<Stats>("GET", "/stats")).totalRequests - before;

    const beforeCheck = (await bench.simulator.control<Stats>("GET", "/stats")).totalRequests;
    await recheckCredentials(source.id);
    const checkRequests = (await bench.simulator.control<Stats>("GET", "/stats")).totalRequests - beforeCheck;
    await stopQueueSender();

    const perPull = pullRequests / pulls;
    const perHour = Math.round(perPull * 60 + checkRequests * 4);
    const rapid7HourlyBudget = 1_500 * 4;
    return {
      name: "steady-state",
      pulls,
      requestsPerPull: +perPull.toFixed(2),
      credentialCheckRequests: checkRequests,
      requestsPerSourcePerHour: perHour,
      rapid7BudgetPerKeyPerHour: rapid7HourlyBudget,
      shareOfBudget: +(perHour / rapid7HourlyBudget).toFixed(3),
      summary: `${perPull.toFixed(2)} requests per pull + ${checkRequests} per credential check = ${perHour} requests per source per hour at a 1-minute interval, ${((perHour / rapid7HourlyBudget) * 100).toFixed(1)}% of Rapid7's ${rapid7HourlyBudget.toLocaleString("en-US")} per key per hour`,
    };
  } finally {
    await bench.close();
  }
}
