/**
 * Walks entries of one or more logs in sequence order between two sequence bounds, merging the
 * sorted runs (stored entries and bulk segments) of every log. Cost is a binary search per run plus
 * one step per entry visited, never a copy of a whole log.
 */
import type { EntryRef, EntrySource } from "./entries";
import type { MessageFilter } from "./leql";
import type { LogRecord } from "./state";

export interface LogEntryRef {
  logId: string;
  entry: EntryRef;
}

export interface SeqWindow {
  /** Inclusive lower bound. */
  low: bigint;
  /** Exclusive upper bound. */
  high: bigint;
  descending: boolean;
}

interface Cursor {
  logId: string;
  source: EntrySource;
  index: number;
  seq: bigint;
  /** Ascending: first index past the window. Descending: lowest index still inside it. */
  stop: number;
}

export function* walkEntries(logs: readonly LogRecord[], window: SeqWindow): Generator<LogEntryRef> {
  if (window.low >= window.high) return;
  const cursors: Cursor[] = [];
  for (const log of logs) {
    for (const source of log.entries.sources()) {
      const lowIndex = source.lowerBound(window.low);
      const highIndex = source.lowerBound(window.high);
      if (lowIndex >= highIndex) continue;
      const index = window.descending ? highIndex - 1 : lowIndex;
      const stop = window.descending ? lowIndex : highIndex;
      cursors.push({ logId: log.id, source, index, stop, seq: source.seqAt(index) });
    }
  }
  while (cursors.length > 0) {
    let best = 0;
    for (let i = 1; i < cursors.length; i++) {
      const seq = (cursors[i] as Cursor).seq;
      const bestSeq = (cursors[best] as Cursor).seq;
      if (window.descending ? seq > bestSeq : seq < bestSeq) best = i;
    }
    const cursor = cursors[best] as Cursor;
    yield { logId: cursor.logId, entry: cursor.source.entryAt(cursor.index) };
    cursor.index += window.descending ? -1 : 1;
    if (window.descending ? cursor.index < cursor.stop : cursor.index >= cursor.stop) cursors.splice(best, 1);
    else cursor.seq = cursor.source.seqAt(cursor.index);
  }
}

export interface Page {
  entries: LogEntryRef[];
  hasMore: boolean;
}

export function collectPage(
  logs: readonly LogRecord[],
  window: SeqWindow,
  filter: MessageFilter | null,
  limit: number,
): Page {
  const entries: LogEntryRef[] = [];
  // One entry beyond the page tells us whether a Next link is needed.
  for (const item of walkEntries(logs, window)) {
    if (filter && !filter(item.entry.message())) continue;
    if (entries.length === limit) return { entries, hasMore: true };
    entries.push(item);
  }
  return { entries, hasMore: false };
}
