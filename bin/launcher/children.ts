import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Logger } from "@/lib/logger";

/**
 * Starts and watches a child process. A child that exits unexpectedly is restarted
 * with backoff. One that keeps crashing soon after each start (a bad setting, a port
 * taken) is given up on after MAX_QUICK_CRASHES, with an error in the log, and
 * `onGiveUp` decides what happens next. `stop()` sends SIGTERM and waits, escalating to
 * SIGKILL after the grace period.
 *
 * Every child runs in its own process group, so a Ctrl-C in the terminal (SIGINT to
 * the whole foreground group) reaches only the launcher, which then asks each child to
 * stop exactly once. The children are connected to the launcher by an IPC channel: if
 * the launcher dies without stopping them, the channel closes and they stop themselves
 * (the worker in bin/worker.ts, other Node children through EXIT_WITH_LAUNCHER),
 * so nothing is left running on its own.
 */
export type ManagedChild = {
  name: string;
  stop(graceMs: number): Promise<void>;
  /** Sends the signal to the running child, if any (a repeated Ctrl-C forwards a second SIGTERM). */
  signal(signal: NodeJS.Signals): void;
  process(): ChildProcess | undefined;
};

const preload = (file: string) => ["--import", pathToFileURL(path.resolve("bin/launcher", file)).href];

/** Node flags that make a child without its own handling stop when the launcher's IPC channel closes. */
export const EXIT_WITH_LAUNCHER = preload("exit-with-launcher.mjs");

/** Node flags for the web server (`next start`): the above, and each request stamped with its connection's address. */
const WEB_SERVER_PRELOADS = [...EXIT_WITH_LAUNCHER, ...preload("peer-address.mjs")];

/**
 * The command line of the web server: `next start` itself, or with more than one process
 * web-cluster.mjs running that many of it on the one port.
 */
export function webServerArgs(options: { processes: number; port: number; host: string }): string[] {
  const nextStart = ["start", "--port", String(options.port), "--hostname", options.host];
  return options.processes > 1
    ? [...WEB_SERVER_PRELOADS, path.resolve("bin/launcher/web-cluster.mjs"), String(options.processes), ...nextStart]
    : [...WEB_SERVER_PRELOADS, path.resolve("node_modules", "next", "dist", "bin", "next"), ...nextStart];
}

/** Crashes in a row, each within QUICK_CRASH_MS of its start, after which a child is not restarted again. */
export const MAX_QUICK_CRASHES = 6;
const QUICK_CRASH_MS = 60_000;

export function startChild(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: Logger;
  onGiveUp?: (code: number | null) => void;
}): ManagedChild {
  let current: ChildProcess | undefined;
  let stopping = false;
  let failuresInARow = 0;

  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(options.command, options.args, {
      env: options.env,
      // Its own process group (see above), and an IPC channel that closes when we die.
      detached: true,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    current = child;
    options.log.info(`${options.name} started`, { childPid: child.pid });
    // The channel carries no messages; it must not keep the launcher alive by itself.
    child.channel?.unref();
    child.on("error", (error) => options.log.error(`${options.name} could not be started`, { error }));
    child.on("exit", (code, signal) => {
      if (current === child) current = undefined;
      if (stopping) return;
      failuresInARow = Date.now() - startedAt > QUICK_CRASH_MS ? 1 : failuresInARow + 1;
      options.log.warn(`${options.name} exited unexpectedly`, { code, signal });
      if (failuresInARow >= MAX_QUICK_CRASHES) {
        options.log.error(
          `${options.name} crashed ${failuresInARow} times in a row, each soon after starting: not restarting it again. Its output above says why.`,
          {
            code,
            signal,
          },
        );
        options.onGiveUp?.(code);
        return;
      }
      const delay = Math.min(30_000, 500 * 2 ** failuresInARow);
      options.log.info(`restarting ${options.name}`, { inMs: delay });
      // Not unref'd: while its only child is down (`npm run web`), this timer is what keeps the launcher alive.
      setTimeout(() => {
        if (!stopping) launch();
      }, delay);
    });
  };
  launch();

  const alive = (child: ChildProcess | undefined): child is ChildProcess =>
    child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    name: options.name,
    process: () => current,
    signal: (signal) => {
      if (alive(current)) current.kill(signal);
    },
    stop: async (graceMs) => {
      stopping = true;
      const child = current;
      if (!alive(child)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      });
    },
  };
}
