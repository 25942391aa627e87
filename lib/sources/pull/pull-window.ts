import { setImmediate as letIoRun } from "node:timers/promises";
import type pg from "pg";
import type { QueryPage, Rapid7Client, RateLimitSnapshot } from "@/lib/integrations/rapid7";
import type { OversizeEnvelope } from "@/lib/integrations/rapid7/envelopes";
import { limitText } from "@/lib/integrations/rapid7/oversize";
import { type CompiledLogType, normalizeRaw } from "@/lib/logtypes";
import { formatBytes } from "@/lib/text/format";
import type { HeldConnection } from "./connection-budget";
import { eventRow, type StoredFailure } from "./event-writer";
import { OrderedBatchWriter } from "./ordered-writer";
import { type PullSettings, type PullWindow, RAW_PREFIX_BYTES } from "./settings";

/**
 * Reads one window page by page and stores it in batches, each batch committed with
 * the checkpoint it covers. Pages come in Rapid7 receive-time order, so after a page
 * everything before its last timestamp is stored; the checkpoint moves there (and to
 * the window's end once the window is done).
 *
 * Three things overlap: the next page downloads while this one is normalized, and a
 * batch is written while the following one is prepared (normalizing pauses every few
 * events so the write's round trips are answered promptly); from the second batch on, a
 * spare connection lets two batches be copied at once (ordered-writer.ts). Batches still
 * commit strictly one after another, so the checkpoint never runs ahead of stored events.
 *
 * The window's first page is written as a batch of its own: a backfill's first events
 * are searchable once one page has been read, not once a whole batch has.
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
  /** A second connection to write batches on while the previous one is written (ordered-writer.ts); null when none is to spare. */
  holdSpareWriter?: () => Promise<HeldConnection | null>;
  /** Asked after each stored batch: whether the source was paused (or deleted) meanwhile. */
  wasPaused?: () => Promise<boolean>;
  signal?: AbortSignal;
};

/** Events normalized between two pauses that let pending database and HTTP I/O through. */
const NORMALIZE_SLICE = 100;

export async function pullWindow(context: WindowContext, window: PullWindow): Promise<WindowResult> {
  const { settings, counters } = context;
  const pages = context.client.queryPages({
    logIds: context.logIds,
    fromMs: window.fromMs,
    toMs: window.toMs,
    perPage: settings.perPage,
    limits: {
      pageBudgetBytes: settings.pageBudgetBytes,
      maxMessageBytes: settings.maxRecordBytes,
      prefixBytes: RAW_PREFIX_BYTES,
    },
  });
  let rows: string[] = [];
  let auditIds: string[] = [];
  let mayExist: boolean[] = [];
  let failures: StoredFailure[] = [];
  let newestReceivedAtMs: number | null = null;
  let newestTimestamp: number | null = null;
  /** Characters the batch being prepared holds: it is written early once they pass settings.batchBytes. */
  let batchChars = 0;
  const writer = new OrderedBatchWriter(context.writer, context.source.id, { holdSpare: context.holdSpareWriter });
  let batchesWritten = 0;

  /** Hands the batch to the writer; waits only for a free connection, not for this batch to be stored. */
  const flush = async (checkpointMs: number | null) => {
    const batch = { rows, auditIds, mayExist, failures, newestReceivedAtMs, checkpointMs };
    rows = [];
    auditIds = [];
    mayExist = [];
    failures = [];
    newestReceivedAtMs = null;
    batchChars = 0;
    batchesWritten += 1;
    const { outcome } = await writer.submit(batch);
    void outcome.then(
      (result) => {
        counters.inserted += result.inserted;
        counters.duplicates += result.duplicates;
        counters.failed += batch.failures.length;
      },
      () => {},
    );
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
      counters.fetched += page.events.length + page.unreadable.length + page.oversize.length;
      const parseTime = new Date(context.now());
      const normalizeContext = { sourceId: context.source.id, sourceLabel: context.source.name, parseTime };
      for (const [index, envelope] of page.events.entries()) {
        // Normalizing is synchronous; without a pause the database's replies for the batch
        // being written would wait for the whole page, leaving the database idle meanwhile.
        if (index > 0 && index % NORMALIZE_SLICE === 0) await letIoRun();
        const position = {
          receivedAtMs: envelope.timestamp,
          logId: envelope.log_id,
          sequence: envelope.sequence_number_str,
        };
        const result = normalizeRaw(context.logType, envelope.message, normalizeContext);
        if (result.ok) {
          const row = eventRow(context.source.id, {
            event: result.event,
            raw: envelope.message,
            pulledAtMs: parseTime.getTime(),
            ...position,
          });
          rows.push(row);
          batchChars += row.length;
          auditIds.push(result.event.index.auditId);
          mayExist.push(envelope.timestamp <= context.storedUpToMs);
          if (newestReceivedAtMs === null || envelope.timestamp > newestReceivedAtMs)
            newestReceivedAtMs = envelope.timestamp;
        } else {
          failures.push({ failure: result.failure, logType: context.logType.name, ...position });
          batchChars += envelope.message.length;
        }
        if (newestTimestamp === null || envelope.timestamp > newestTimestamp) newestTimestamp = envelope.timestamp;
      }

      for (const entry of page.oversize) {
        failures.push({ ...tooLargeFailure(entry, settings.maxRecordBytes), logType: context.logType.name });
        batchChars += entry.message.prefix.length;
        if (newestTimestamp === null || entry.timestamp > newestTimestamp) newestTimestamp = entry.timestamp;
      }

      for (const entry of page.unreadable) {
        const raw = limitText(entry.raw, settings.maxRecordBytes, RAW_PREFIX_BYTES);
        const failure = {
          code: "invalid_envelope" as const,
          reason: entry.problem,
          rawPayload: typeof raw === "string" ? raw : raw.prefix,
        };
        failures.push({
          failure,
          logType: context.logType.name,
          receivedAtMs: entry.timestamp ?? context.now(),
          logId: entry.logId,
          sequence: entry.sequence,
          ...(typeof raw === "string" ? {} : { rawBytes: raw.bytes, rawSha256: raw.sha256 }),
        });
        batchChars += failure.rawPayload.length;
        if (entry.timestamp !== null && (newestTimestamp === null || entry.timestamp > newestTimestamp))
          newestTimestamp = entry.timestamp;
      }

      if (!page.hasMore) break;
      const overBudget = context.now() > context.deadline;
      const rateLimit = context.rateLimit();
      const nearlyExhausted = rateLimit !== undefined && rateLimit.remaining < settings.rateLimitReserve;
      if (
        batchesWritten === 0 ||
        rows.length + failures.length >= settings.batchSize ||
        batchChars >= settings.batchBytes ||
        overBudget ||
        nearlyExhausted
      ) {
        await flush(newestTimestamp);
        // A long backfill stops at the batch boundary once someone pauses the source.
        if (context.wasPaused && (await context.wasPaused())) {
          await writer.settled();
          return { complete: false, stopReason: "paused" };
        }
      }
      if (overBudget || nearlyExhausted) {
        await writer.settled();
        return { complete: false, stopReason: overBudget ? "budget" : "rate_limit" };
      }
    }
    await flush(window.toMs);
    await writer.settled();
    return { complete: true };
  } finally {
    // Never hand a writer connection back while a batch is still being written on it.
    await writer.settled().catch(() => {});
    writer.release();
    await pages.return(undefined).catch(() => {});
  }
}

/** A record over the record limit: a failure that says so, keeping the prefix, size and hash the client kept. */
function tooLargeFailure(entry: OversizeEnvelope, maxRecordBytes: number): Omit<StoredFailure, "logType"> {
  const { message } = entry;
  const limit = `${maxRecordBytes.toLocaleString("en-US")} bytes (${formatBytes(maxRecordBytes)})`;
  return {
    failure: {
      code: "record_too_large",
      reason:
        `The record is ${message.bytes.toLocaleString("en-US")} bytes (${formatBytes(message.bytes)}); Intake stores records of up to ${limit}, set by INTAKE_MAX_RECORD_BYTES. ` +
        `Its first ${formatBytes(RAW_PREFIX_BYTES)}, its size and its SHA-256 are kept here; the whole record is still in Rapid7.`,
      expected: `a record of at most ${limit}`,
      rawPayload: message.prefix,
    },
    receivedAtMs: entry.timestamp,
    logId: entry.logId,
    sequence: entry.sequence,
    rawBytes: message.bytes,
    rawSha256: message.sha256,
  };
}
