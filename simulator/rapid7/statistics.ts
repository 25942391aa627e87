/**
 * Statistical queries (`calculate(count)`, `groupby(field)`): the total, the groups and a
 * timeseries of per-bucket counts, the shape §6 of the reference describes. While such a query
 * is still running (202) the same shape is served under `partial`, holding only the share of
 * entries counted so far.
 */
import { messageField } from "./leql";
import { type SeqWindow, walkEntries } from "./paging";
import type { QuerySpec } from "./query-spec";
import type { LogRecord } from "./state";

/** Buckets of a timeseries when the statement has no timeslice(). */
const DEFAULT_BUCKETS = 10;
/** More buckets than this is a statement no client needs (and a body nobody wants). */
const MAX_BUCKETS = 10_000;

export interface StatisticsSnapshot {
  type: string;
  from: number;
  to: number;
  count: number;
  granularity: number;
  buckets: number[];
  groups: Array<[string, number]>;
}

export function computeStatistics(spec: QuerySpec, logs: readonly LogRecord[], window: SeqWindow): StatisticsSnapshot {
  const statistics = spec.leql.statistics;
  const filter = spec.leql.filter;
  const groupBy = statistics?.groupBy ?? null;
  const { fromMs, toMs } = spec.range;
  const span = Math.max(1, toMs - fromMs);
  const slice = statistics?.timeslice ?? null;
  const granularity =
    slice && "bucketMs" in slice ? slice.bucketMs : Math.max(1, Math.ceil(span / (slice?.buckets ?? DEFAULT_BUCKETS)));
  const bucketCount = Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(span / granularity)));
  const buckets = new Array<number>(bucketCount).fill(0);
  const groups = new Map<string, number>();
  let count = 0;
  for (const item of walkEntries(logs, window)) {
    if (filter !== null || groupBy !== null) {
      const message = item.entry.message();
      if (filter && !filter(message)) continue;
      if (groupBy !== null) {
        const value = messageField(message, groupBy) ?? "";
        groups.set(value, (groups.get(value) ?? 0) + 1);
      }
    }
    count++;
    const bucket = Math.min(bucketCount - 1, Math.floor((item.entry.timestampMs - fromMs) / granularity));
    buckets[bucket] = (buckets[bucket] ?? 0) + 1;
  }
  return {
    type: statistics?.calculate ?? "count",
    from: fromMs,
    to: toMs,
    count,
    granularity,
    buckets,
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]),
  };
}

/** The `statistics` (or, scaled to the progress made, the `partial`) object of a reply. */
export function statisticsJson(snapshot: StatisticsSnapshot, progress = 100) {
  const share = (value: number) => (progress >= 100 ? value : Math.floor((value * progress) / 100));
  const count = share(snapshot.count);
  return {
    type: snapshot.type,
    from: snapshot.from,
    to: snapshot.to,
    count,
    cardinality: snapshot.groups.length,
    granularity: snapshot.granularity,
    status: 200,
    stats: { global_timeseries: { count } },
    timeseries: { global_timeseries: snapshot.buckets.map((bucket) => ({ count: share(bucket) })) },
    groups: snapshot.groups.map(([value, groupCount]) => ({ [value]: { count: share(groupCount) } })),
    others: {},
  };
}
