import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU seconds spent by processes (Linux /proc). On a shared machine wall times swing with
 * other people's load, while the CPU a run spent moves far less: the benchmarks report both.
 */
function statFields(pid: number | string): string[] {
  // The command name (field 2) may hold spaces; everything after its ") " is space-separated.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
}

/** User plus system CPU seconds of one process so far (its reaped children too, when asked). */
export function cpuSeconds(pid: number, withReapedChildren = false): number {
  const fields = statFields(pid);
  // utime, stime, cutime, cstime are fields 14-17 of /proc/<pid>/stat (11-14 after the name).
  const ticks =
    Number(fields[11]) + Number(fields[12]) + (withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks / 100;
}

/**
 * A PostgreSQL server's CPU seconds so far: the postmaster, its live backends and the
 * backends that have exited (reaped into the postmaster's children's time).
 */
export function postgresCpuSeconds(postmasterPid: number): number {
  let total = cpuSeconds(postmasterPid, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      if (Number(fields[1]) === postmasterPid) total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process exited meanwhile: its time is now in the postmaster's children's.
    }
  }
  return total;
}

/** The postmaster of the server a connection's backend runs in. */
export function postmasterOf(backendPid: number): number {
  return Number(statFields(backendPid)[1]);
}

/**
 * CPU seconds so far of each live process of a PostgreSQL server, with its role read from
 * the title PostgreSQL gives it ("autovacuum worker", "walwriter", ... or "backend" for a
 * client connection). Sampled while a run goes, the last figure per process tells where
 * the server's CPU went, exited autovacuum workers included (to within one sample).
 */
export function postgresProcesses(postmasterPid: number): Map<number, { role: string; cpu: number }> {
  const found = new Map<number, { role: string; cpu: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      if (Number(fields[1]) !== postmasterPid) continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\u0000", " ").trim();
      found.set(Number(entry), { role: postgresRole(title), cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

function postgresRole(title: string): string {
  const known = ["autovacuum launcher", "autovacuum worker", "walwriter", "checkpointer", "background writer"];
  return known.find((role) => title.includes(role)) ?? "backend";
}
