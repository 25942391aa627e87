import type pg from "pg";
import { pool, poolSize, TRANSIENT_CONNECTIONS } from "@/lib/db";

/**
 * Pulls hold a connection for their whole run (the per-source lock lives on it, and it
 * writes the batches) and make short queries through the shared pool meanwhile. If
 * held connections could take the whole pool, every pull would wait for a short query
 * that can never get a connection. So held connections come from this budget, which
 * always leaves TRANSIENT_CONNECTIONS of the pool free; a pull past the budget waits
 * before it holds anything.
 */
class Permits {
  private waiting: (() => void)[] = [];
  constructor(private available: number) {}

  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** A permit now, if more than `keepFree` are left; never waits. */
  tryAcquire(keepFree: number): boolean {
    if (this.available <= keepFree) return false;
    this.available -= 1;
    return true;
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available += 1;
  }
}

let pullPermits: Permits | undefined;

/** `release(broken)`: a broken connection is closed instead of going back to the pool. */
export type HeldConnection = { client: pg.PoolClient; release(broken?: boolean): void };

/** The connection a pull holds for its run; waits for a turn when the budget is spent. */
export async function holdPullConnection(): Promise<HeldConnection> {
  const budget = permits();
  await budget.acquire();
  return connectWithin(budget);
}

/**
 * A second connection for a pull that has many batches to write (see ordered-writer.ts),
 * only while the budget could still start another pull besides: null, rather than a
 * wait, when it could not. A backfill never delays another source's pull for it.
 */
export async function holdSpareConnection(): Promise<HeldConnection | null> {
  const budget = permits();
  if (!budget.tryAcquire(1)) return null;
  return connectWithin(budget).catch(() => null);
}

function permits(): Permits {
  pullPermits ??= new Permits(poolSize() - TRANSIENT_CONNECTIONS);
  return pullPermits;
}

async function connectWithin(budget: Permits): Promise<HeldConnection> {
  let client: pg.PoolClient;
  try {
    client = await pool().connect();
  } catch (error) {
    budget.release();
    throw error;
  }
  let released = false;
  return {
    client,
    release(broken = false) {
      if (released) return;
      released = true;
      client.release(broken);
      budget.release();
    },
  };
}
