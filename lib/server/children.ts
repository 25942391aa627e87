import { type ChildProcess, spawn } from "node:child_process";
import type { Logger } from "@/lib/logger";

/**
 * Starts and watches a child process. A child that exits unexpectedly is restarted
 * with backoff (or reported, when `restart` is off); `stop()` sends SIGTERM and waits,
 * escalating to SIGKILL after the grace period.
 */
export type ManagedChild = { name: string; stop(graceMs: number): Promise<void>; process(): ChildProcess | undefined };

export function startChild(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: Logger;
  restart: boolean;
  onGiveUp?: (code: number | null) => void;
}): ManagedChild {
  let current: ChildProcess | undefined;
  let stopping = false;
  let failuresInARow = 0;

  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(options.command, options.args, { env: options.env, stdio: ["ignore", "inherit", "inherit"] });
    current = child;
    child.on("exit", (code, signal) => {
      if (current === child) current = undefined;
      if (stopping) return;
      failuresInARow = Date.now() - startedAt > 60_000 ? 1 : failuresInARow + 1;
      options.log.warn(`${options.name} exited unexpectedly`, { code, signal });
      if (!options.restart || failuresInARow > 5) {
        options.onGiveUp?.(code);
        return;
      }
      const delay = Math.min(30_000, 500 * 2 ** failuresInARow);
      options.log.info(`restarting ${options.name}`, { inMs: delay });
      setTimeout(() => {
        if (!stopping) launch();
      }, delay).unref();
    });
  };
  launch();

  return {
    name: options.name,
    process: () => current,
    stop: async (graceMs) => {
      stopping = true;
      const child = current;
      if (!child || child.exitCode !== null) return;
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
