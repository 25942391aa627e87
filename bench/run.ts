/**
 * `npm run bench [-- name ...]`: runs the benchmarks (all by default) and prints and
 * saves their figures to bench/results/. Each benchmark measures its own baseline in
 * the same run and reports a ratio against it, so figures compare across machines.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { backfillBenchmark } from "./backfill";
import { consoleLoadBenchmark } from "./console-load";
import { ingestBenchmark } from "./ingest";
import { largeRecordsBenchmark } from "./large-records";
import { pageWeightBenchmark } from "./page-weight";
import { reconcileBenchmark } from "./reconcile";
import { scaleOutBenchmark } from "./scale-out";
import { searchBenchmark } from "./search";
import { steadyStateBenchmark } from "./steady-state";

type Benchmark = () => Promise<{ name: string; summary: string } & Record<string, unknown>>;

// Sizes can be lowered for a quick look (e.g. BENCH_SEARCH_EVENTS=500000); the figures use the defaults.
const benchmarks: Record<string, Benchmark> = {
  ingest: () => ingestBenchmark(Number(process.env.BENCH_INGEST_EVENTS ?? 200_000)),
  "steady-state": () => steadyStateBenchmark(),
  backfill: () => backfillBenchmark(Number(process.env.BENCH_BACKFILL_EVENTS ?? 1_000_000)),
  search: () => searchBenchmark(Number(process.env.BENCH_SEARCH_EVENTS ?? 5_000_000)),
  "large-records": () => largeRecordsBenchmark(),
  reconcile: () => reconcileBenchmark(),
  "console-load": () =>
    consoleLoadBenchmark({
      clients: Number(process.env.BENCH_LOAD_CLIENTS ?? 50),
      seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
      events: Number(process.env.BENCH_LOAD_EVENTS ?? 5_000_000),
      fleet: Number(process.env.BENCH_LOAD_FLEET ?? 1_000),
      webProcesses: (process.env.BENCH_LOAD_WEB_PROCESSES ?? "1,2").split(",").map(Number),
    }),
  "scale-out": () => scaleOutBenchmark({ ...scaleSize(), killOneWorker: false }),
  "scale-out-takeover": () => scaleOutBenchmark({ ...scaleSize(), killOneWorker: true }),
  // Issue 12's budget is measured against the console before its work (3601e3f).
  "page-weight": () => pageWeightBenchmark(process.env.BENCH_PAGE_WEIGHT_BASELINE ?? "3601e3f"),
};

function scaleSize() {
  return {
    sources: Number(process.env.BENCH_SCALE_SOURCES ?? 1_000),
    minutes: Number(process.env.BENCH_SCALE_MINUTES ?? 5),
    workers: Number(process.env.BENCH_SCALE_WORKERS ?? 3),
    // Pulls wait on Rapid7 (a query is polled until it completes), not on CPU: a worker runs many at once.
    concurrency: Number(process.env.BENCH_SCALE_CONCURRENCY ?? 24),
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  const unknown = names.filter((name) => !benchmarks[name]);
  if (unknown.length)
    throw new Error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${Object.keys(benchmarks).join(", ")}.`);
  mkdirSync(path.resolve("bench/results"), { recursive: true });
  for (const name of names) {
    console.log(`\n━━ ${name}`);
    const result = await benchmarks[name]!();
    writeFileSync(
      path.resolve("bench/results", `${name}.json`),
      `${JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2)}\n`,
    );
    console.log(result.summary);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
