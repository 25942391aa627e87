/**
 * Query creation and polling: the §5.4 state machine. Create → 202 (Self) while pending → 200 with
 * one page and, when more entries remain, a Next link that creates a fresh job.
 */
import { type ApiContext, type ApiReply, jsonReply, readableLogs } from "./api-context";
import { notFound } from "./api-error";
import { RawJson } from "./json";
import type { Link } from "./links";
import { type LogEntryRef, type Page, type SeqWindow, collectPage } from "./paging";
import type { QueryJob } from "./query-jobs";
import type { QuerySpec } from "./query-spec";
import { seqFloorForTimestamp } from "./sequence";
import { type StatisticsSnapshot, computeStatistics, statisticsJson } from "./statistics";
import type { LogRecord } from "./state";

export function createQuery(ctx: ApiContext, spec: QuerySpec): ApiReply {
  const logs = readableLogs(ctx, spec.logIds);
  if (spec.leql.statistics) return statisticsQuery(ctx, spec, logs);

  const { runtime } = ctx;
  const page = collectPage(logs, seqWindow(spec), spec.leql.filter, spec.perPage);
  if (runtime.knobs.pendingPolls === 0) {
    runtime.jobs.noteCreated();
    return completedReply(ctx, spec, page);
  }
  const job = runtime.jobs.create(ctx.org.id, spec, page, runtime.knobs.pendingPolls, ctx.nowMs);
  return pendingReply(ctx, job);
}

export function pollQuery(ctx: ApiContext, jobId: string): ApiReply {
  const { jobs, knobs } = ctx.runtime;
  const job = jobs.get(jobId);
  if (!job || job.orgId !== ctx.org.id) throw notFound();
  const maxAgeSec = knobs.expireContinuationAfterSec;
  if (maxAgeSec !== null && ctx.nowMs - job.createdAtMs > maxAgeSec * 1000) {
    jobs.delete(job.id);
    throw notFound();
  }
  job.remainingPolls--;
  job.pollsServed++;
  if (job.remainingPolls > 0) return pendingReply(ctx, job);
  // A served page is consumed: polling its Self link again answers 404, like an expired link.
  jobs.delete(job.id);
  if (job.statistics) return statisticsReply(job.spec, job.statistics);
  return completedReply(ctx, job.spec, job.page);
}

/** Sequence bounds for a query: its time range, narrowed by the resume point when there is one. */
function seqWindow(spec: QuerySpec): SeqWindow {
  let low = seqFloorForTimestamp(spec.range.fromMs);
  let high = seqFloorForTimestamp(spec.range.toMs);
  if (spec.afterSeq !== null) {
    if (spec.mostRecentFirst) high = spec.afterSeq < high ? spec.afterSeq : high;
    else low = spec.afterSeq + 1n > low ? spec.afterSeq + 1n : low;
  }
  return { low, high, descending: spec.mostRecentFirst };
}

function leqlEcho(spec: QuerySpec) {
  return {
    statement: spec.leql.statement,
    during: {
      from: spec.range.fromMs,
      to: spec.range.toMs,
      ...(spec.range.timeRange !== undefined ? { time_range: spec.range.timeRange } : {}),
    },
  };
}

function nextLink(ctx: ApiContext, spec: QuerySpec, after: LogEntryRef): Link {
  const params = new URLSearchParams({
    query: spec.leql.statement,
    from: String(spec.range.fromMs),
    to: String(spec.range.toMs),
    per_page: String(spec.perPage),
    sequence_number: after.entry.seq.toString(),
  });
  if (spec.mostRecentFirst) params.set("most_recent_first", "true");
  return ctx.links.next(spec.logIds, params);
}

/**
 * One event envelope. Written as a template (it runs for every event served); the sequence number
 * goes in as the BigInt's own digits, so the raw integer literal stays exact above 2^53.
 */
export function eventJson(ctx: ApiContext, item: LogEntryRef): RawJson {
  const { entry } = item;
  const seq = entry.seq.toString();
  const context = ctx.links.context(entry.seq, entry.timestampMs, item.logId);
  const labels = entry.labels.length === 0 ? "[]" : JSON.stringify(entry.labels);
  return new RawJson(
    `{"labels":${labels},"timestamp":${entry.timestampMs},"sequence_number":${seq},` +
      `"sequence_number_str":"${seq}","log_id":${JSON.stringify(item.logId)},"message":${entry.messageLiteral()},` +
      `"links":[{"rel":${JSON.stringify(context.rel)},"href":${JSON.stringify(context.href)}}]}`,
  );
}

function pendingReply(ctx: ApiContext, job: QueryJob): ApiReply {
  const { knobs } = ctx.runtime;
  const last = job.page.entries[job.page.entries.length - 1];
  const links = [ctx.links.self(job.id)];
  if (knobs.quirkBothLinks && last) links.push(nextLink(ctx, job.spec, last));
  const progress = Math.min(99, job.pollsServed * knobs.progressStep);
  return jsonReply(202, {
    logs: job.spec.logIds,
    id: job.id,
    progress,
    leql: leqlEcho(job.spec),
    ...(job.statistics ? { partial: statisticsJson(job.statistics, progress) } : { events: [] }),
    links,
  });
}

function completedReply(ctx: ApiContext, spec: QuerySpec, page: Page): ApiReply {
  const quirk = ctx.runtime.knobs.quirkProgressOnFinalPage;
  const last = page.entries[page.entries.length - 1];
  const links = last && (page.hasMore || quirk) ? [nextLink(ctx, spec, last)] : [];
  return jsonReply(200, {
    logs: spec.logIds,
    leql: leqlEcho(spec),
    ...(quirk ? { progress: 100 } : {}),
    events: page.entries.map((item) => eventJson(ctx, item)),
    ...(links.length > 0 ? { links } : {}),
  });
}

/**
 * Statistics need every matching entry, so unlike pages they cost O(entries in range). They are
 * counted when the query is created (like a page's snapshot) and, while pending, served as `partial`.
 */
function statisticsQuery(ctx: ApiContext, spec: QuerySpec, logs: readonly LogRecord[]): ApiReply {
  const { runtime } = ctx;
  const statistics = computeStatistics(spec, logs, seqWindow(spec));
  if (runtime.knobs.pendingPolls === 0) {
    runtime.jobs.noteCreated();
    return statisticsReply(spec, statistics);
  }
  const job = runtime.jobs.create(ctx.org.id, spec, NO_PAGE, runtime.knobs.pendingPolls, ctx.nowMs, statistics);
  return pendingReply(ctx, job);
}

const NO_PAGE: Page = { entries: [], hasMore: false };

function statisticsReply(spec: QuerySpec, statistics: StatisticsSnapshot): ApiReply {
  return jsonReply(200, { logs: spec.logIds, leql: leqlEcho(spec), statistics: statisticsJson(statistics) });
}
