// The web server as several processes on one port: `node web-cluster.mjs <processes>
// <next args...>` runs that many `next start`s under Node's cluster module, which owns
// the listening socket and hands connections to them in turn. One Node process renders
// pages on one core; this lets the console use the others. Each process gets the web
// server's preloads (this process's own --import flags). A process that dies is started
// again; one that keeps dying within a minute of its start ends this one with its exit
// code, so the launcher's own restart policy applies. SIGTERM (or the launcher going
// away) stops them all gracefully, then this exits. Should this process die, the cluster
// module ends its web processes too.
// Plain JavaScript: the launcher starts it like `next` itself, before any TypeScript loader.
import cluster from "node:cluster";
import path from "node:path";

const QUICK_CRASH_MS = 60_000;
const MAX_QUICK_CRASHES = 6;

const [count, ...nextArgs] = process.argv.slice(2);
const processes = Number(count);
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`web-cluster: expected a number of processes, got ${count}`);
  process.exit(2);
}

/**
 * The web processes get this process's preloads except exit-with-launcher: their IPC
 * channel is the cluster's own, which that preload would unref, and a `next start` with
 * nothing else holding its event loop open yet then exits as it starts.
 */
const execArgv = process.execArgv.filter(
  (arg, index, all) => !arg.endsWith("exit-with-launcher.mjs") && !all[index + 1]?.endsWith("exit-with-launcher.mjs"),
);

cluster.setupPrimary({
  exec: path.resolve("node_modules", "next", "dist", "bin", "next"),
  args: nextArgs,
  execArgv,
});

let stopping = false;
let quickCrashes = 0;
const startedAt = new Map();

function fork() {
  const worker = cluster.fork();
  startedAt.set(worker.id, Date.now());
}

cluster.on("exit", (worker, code, signal) => {
  const ranMs = Date.now() - (startedAt.get(worker.id) ?? 0);
  startedAt.delete(worker.id);
  if (stopping) {
    if (startedAt.size === 0) process.exit(process.exitCode ?? 0);
    return;
  }
  quickCrashes = ranMs < QUICK_CRASH_MS ? quickCrashes + 1 : 0;
  console.error(`web process ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(ranMs / 1000)} s`);
  if (quickCrashes >= MAX_QUICK_CRASHES) {
    stop(typeof code === "number" && code !== 0 ? code : 1);
    return;
  }
  setTimeout(fork, Math.min(10_000, 500 * 2 ** quickCrashes));
});

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (startedAt.size === 0) process.exit(code);
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  process.exitCode = code;
}

process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
for (let index = 0; index < processes; index += 1) fork();
