import type pg from "pg";
import type { HeldConnection } from "./connection-budget";
import {
  type BatchResult,
  isLockTimeout,
  type PreparedBatch,
  PredecessorRolledBack,
  writePreparedBatch,
} from "./event-writer";

/**
 * Writes one pull's batches in order, on two connections at once once there are several.
 *
 * Why two: most of a backfill's database time is COPY, which PostgreSQL runs in the one
 * process serving the connection; while it copies one batch, the next is ready and the
 * rest of the machine idles. On a second connection the next batch is copied meanwhile.
 *
 * What stays as it was with one connection: batches commit strictly one after another
 * (each waits for the previous commit before its own), so a checkpoint never covers a
 * batch that is not stored, and if a batch fails every later one is rolled back.
 *
 * A batch that had to wait on a lock held by the other connection's open batch (the same
 * event in both) is rolled back after `lockTimeoutMs` and written again alone once every
 * batch before it is committed; so is each batch after one that was rolled back. The
 * retry waits for no other batch, so it can never be part of a wait cycle.
 */
export class OrderedBatchWriter {
  private spare: HeldConnection | null = null;
  private spareAsked = false;
  private handedOver = 0;
  /** Per connection: settles when the batch last handed to it is finished (a connection runs one transaction at a time). */
  private readonly idle: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  /** The last batch's first attempt: the next batch's first attempt commits only after it. */
  private lastAttempt: Promise<unknown> = Promise.resolve();
  /** The last batch's outcome, after its retry if it needed one. */
  private last: Promise<unknown> = Promise.resolve();
  /** The first batch that could not be stored: nothing more is handed over after it. */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly primary: pg.PoolClient,
    private readonly sourceId: string,
    private readonly options: {
      /** Asked once, at the second batch; null keeps every batch on the primary connection. */
      holdSpare?: () => Promise<HeldConnection | null>;
      lockTimeoutMs?: number;
    } = {},
  ) {}

  /**
   * Hands a batch over once a connection is free for it, and gives back the batch's
   * outcome (wrapped, so that handing over does not wait for it). Meanwhile the caller
   * prepares the next batch.
   */
  async submit(batch: PreparedBatch): Promise<{ outcome: Promise<BatchResult> }> {
    if (this.failure) throw this.failure.error;
    if (this.handedOver === 1 && !this.spareAsked && this.options.holdSpare) {
      this.spareAsked = true;
      this.spare = await this.options.holdSpare();
    }
    const connections = this.spare ? [this.primary, this.spare.client] : [this.primary];
    const index = this.handedOver % connections.length;
    this.handedOver += 1;
    // With one connection its previous batch is the previous batch: nothing to order.
    const ordered = connections.length > 1;
    await this.idle[index];
    const connection = connections[index]!;
    const previous = this.last;
    // A batch after one that failed must never commit: its checkpoint would cover the lost one.
    if (!ordered) await previous;
    const attempt = writePreparedBatch(
      connection,
      this.sourceId,
      batch,
      ordered ? { after: this.lastAttempt, lockTimeoutMs: this.options.lockTimeoutMs ?? 2_000 } : undefined,
    );
    const outcome = attempt.catch(async (error: unknown) => {
      if (!ordered || !(isLockTimeout(error) || error instanceof PredecessorRolledBack)) throw error;
      // Rethrows the first batch that failed for good.
      await previous;
      return writePreparedBatch(connection, this.sourceId, batch);
    });
    attempt.catch(() => {});
    outcome.catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.lastAttempt = attempt;
    this.last = outcome;
    this.idle[index] = outcome.catch(() => {});
    return { outcome };
  }

  /** Settles when every batch handed over is finished; rejects with the first that could not be stored. */
  async settled(): Promise<void> {
    await Promise.all(this.idle);
    await this.last;
  }

  /**
   * Gives the spare connection back; only after settled(), so no transaction is open on
   * it. After a failed batch it is closed instead, as the pull's own connection is: its
   * rollback may not have reached the server.
   */
  release(): void {
    this.spare?.release(this.failure !== undefined);
    this.spare = null;
  }
}
