import type pg from "pg";
import type { QueryPage, Rapid7Client, RateLimitSnapshot } from "@/lib/integrations/rapid7";
import { type CompiledLogType, normalizeRaw } from "@/lib/logtypes";
import { type StoredEvent, type StoredFailure, writeBatch } from "./event-writer";
import type { PullSettings, PullWindow } from "./settings";

/**
 * Reads one window page by page and stores it in batches, each batch committed with
 * the checkpoint it covers. While a batch is written the next page is already being
 * fetched. Pages come in Rapid7 receive-time order, so after a page everything before
 * its last timestamp is stored; the checkpoint moves there (and to the window's end once
 * the window is done).
 */
export type WindowCounters = { pages: number; fetched: number; inserted: number; duplicates: number; failed: number };
export type WindowResult = { complete: boolean; stopReason?: "budget" | "rate_limit" };

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
  signal?: AbortSignal;
};

export async function pullWindow(context: WindowContext, window: PullWindow): Promise<WindowResult> {
  const { settings, counters } = context;
  const pages = context.client.queryPages({ logIds: context.logIds, fromMs: window.fromMs, toMs: window.toMs, perPage: settings.perPage });
  let events: StoredEvent[] = [];
  let failures: StoredFailure[] = [];
  let newestTimestamp: number | null = null;

  const flush = async (checkpointMs: number | null) => {
    const result = await writeBatch(context.writer, context.source.id, { events, failures, checkpointMs });
    counters.inserted += result.inserted;
    counters.duplicates += result.duplicates;
    counters.failed += failures.length;
    events = [];
    failures = [];
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
      counters.fetched += page.events.length;
      const parseTime = new Date(context.now());
      const normalizeContext = { sourceId: context.source.id, sourceLabel: context.source.name, parseTime };
      for (const envelope of page.events) {
        const position = { receivedAtMs: envelope.timestamp, logId: envelope.log_id, sequence: envelope.sequence_number_str };
        const result = normalizeRaw(context.logType, envelope.message, normalizeContext);
        if (result.ok) events.push({ event: result.event, raw: envelope.message, ...position });
        else failures.push({ failure: result.failure, logType: context.logType.name, ...position });
        if (newestTimestamp === null || envelope.timestamp > newestTimestamp) newestTimestamp = envelope.timestamp;
      }

      if (!page.hasMore) break;
      const overBudget = context.now() > context.deadline;
      const rateLimit = context.rateLimit();
      const nearlyExhausted = rateLimit !== undefined && rateLimit.remaining < settings.rateLimitReserve;
      if (events.length + failures.length >= settings.batchSize || overBudget || nearlyExhausted) {
        await flush(newestTimestamp);
      }
      if (overBudget) return { complete: false, stopReason: "budget" };
      if (nearlyExhausted) return { complete: false, stopReason: "rate_limit" };
    }
    await flush(window.toMs);
    return { complete: true };
  } finally {
    await pages.return(undefined).catch(() => {});
  }
}
