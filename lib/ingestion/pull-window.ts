import { setImmediate as letIoRun } from "node:timers/promises";
import type pg from "pg";
import type { QueryPage, Rapid7Client, RateLimitSnapshot } from "@/lib/integrations/rapid7";
import { type CompiledLogType, normalizeRaw } from "@/lib/logtypes";
import { eventRow, type StoredFailure, writePreparedBatch } from "./event-writer";
import type { PullSettings, PullWindow } from "./settings";

/**
 * Reads one window page by page and stores it in batches, each batch committed with
 * the checkpoint it covers. Pages come in Rapid7 receive-time order, so after a page
 * everything before its last timestamp is stored; the checkpoint moves there (and to
 * the window's end once the window is done).
 *
 * Three things overlap: the next page downloads while this one is normalized, and a
 * batch is written while the following one is prepared (normalizing pauses every few
 * events so the write's round trips are answered promptly). Batches still commit strictly
 * one after another, so the checkpoint never runs ahead of stored events.
 */
export type WindowCounters = { pages: number; fetched: number; inserted: number; duplicates: number; failed: number };
export type WindowResult = { complete: boolean; stopReason?: "budget" | "rate_limit" | "paused" };

export type WindowContext = {
  client: Rapid7Client;
  writer: pg.PoolClient;
  source: { id: string; name: string };
  logType: CompiledLogType;
  logIds: string[];
  settings: PullSettings;
  counters: WindowCounters;
  deadline: number;
  now: () => number;
  rateLimit: () => RateLimitSnapshot | undefined;
  /** The checkpoint when the window was computed: only events received up to it can already be stored. */
  storedUpToMs: number;
  /** Asked after each stored batch: whether the source was paused (or deleted) meanwhile. */
  wasPaused?: () => Promise<boolean>;
  signal?: AbortSignal;
};

/** Events normalized between two pauses that let pending database and HTTP I/O through. */
const NORMALIZE_SLICE = 100;

export async function pullWindow(context: WindowContext, window: PullWindow): Promise<WindowResult> {
  const { settings, counters } = context;
  const pages = context.client.queryPages({ logIds: context.logIds, fromMs: window.fromMs, toMs: window.toMs, perPage: settings.perPage });
  let rows: string[] = [];
  let auditIds: string[] = [];
  let mayExist: boolean[] = [];
  let failures: StoredFailure[] = [];
  let newestReceivedAtMs: number | null = null;
  let newestTimestamp: number | null = null;
  let writing: Promise<void> = Promise.resolve();

  /** Hands the batch to the writer; waits only for the previous batch, not this one. */
  const flush = async (checkpointMs: number | null) => {
    await writing;
    const batch = { rows, auditIds, mayExist, failures, newestReceivedAtMs, checkpointMs };
    rows = [];
    auditIds = [];
    mayExist = [];
    failures = [];
    newestReceivedAtMs = null;
    writing = writePreparedBatch(context.writer, context.source.id, batch).then((result) => {
      counters.inserted += result.inserted;
      counters.duplicates += result.duplicates;
      counters.failed += batch.failures.length;
    });
    writing.catch(() => {});
  };

  let pending: Promise<IteratorResult<QueryPage>> = pages.next();
  try {
    for (;;) {
      const step = await pending;
      if (step.done) break;
      const page = step.value;
      // Start fetching the next page now; it downloads while this one is normalized and written.
      pending = page.hasMore ? pages.next() : Promise.resolve({ done: true, value: undefined });
      pending.catch(() => {});

      counters.pages += 1;
      counters.fetched += page.events.length + page.unreadable.length;
      const parseTime = new Date(context.now());
      const normalizeContext = { sourceId: context.source.id, sourceLabel: context.source.name, parseTime };
      for (const [index, envelope] of page.events.entries()) {
        // Normalizing is synchronous; without a pause the database's replies for the batch
        // being written would wait for the whole page, leaving the database idle meanwhile.
        if (index > 0 && index % NORMALIZE_SLICE === 0) await letIoRun();
        const position = { receivedAtMs: envelope.timestamp, logId: envelope.log_id, sequence: envelope.sequence_number_str };
        const result = normalizeRaw(context.logType, envelope.message, normalizeContext);
        if (result.ok) {
          rows.push(eventRow(context.source.id, { event: result.event, raw: envelope.message, ...position }));
          auditIds.push(result.event.index.auditId);
          mayExist.push(envelope.timestamp <= context.storedUpToMs);
          if (newestReceivedAtMs === null || envelope.timestamp > newestReceivedAtMs) newestReceivedAtMs = envelope.timestamp;
        } else failures.push({ failure: result.failure, logType: context.logType.name, ...position });
        if (newestTimestamp === null || envelope.timestamp > newestTimestamp) newestTimestamp = envelope.timestamp;
      }

      for (const entry of page.unreadable) {
        const failure = { code: "invalid_envelope" as const, reason: entry.problem, rawPayload: entry.raw };
        failures.push({ failure, logType: context.logType.name, receivedAtMs: entry.timestamp ?? context.now(), logId: entry.logId, sequence: entry.sequence });
        if (entry.timestamp !== null && (newestTimestamp === null || entry.timestamp > newestTimestamp)) newestTimestamp = entry.timestamp;
      }

      if (!page.hasMore) break;
      const overBudget = context.now() > context.deadline;
      const rateLimit = context.rateLimit();
      const nearlyExhausted = rateLimit !== undefined && rateLimit.remaining < settings.rateLimitReserve;
      if (rows.length + failures.length >= settings.batchSize || overBudget || nearlyExhausted) {
        await flush(newestTimestamp);
        // A long backfill stops at the batch boundary once someone pauses the source.
        if (context.wasPaused && (await context.wasPaused())) {
          await writing;
          return { complete: false, stopReason: "paused" };
        }
      }
      if (overBudget || nearlyExhausted) {
        await writing;
        return { complete: false, stopReason: overBudget ? "budget" : "rate_limit" };
      }
    }
    await flush(window.toMs);
    await writing;
    return { complete: true };
  } finally {
    // Never hand the writer connection back while a batch is still being written on it.
    await writing.catch(() => {});
    await pages.return(undefined).catch(() => {});
  }
}
