import { z } from "zod";
import { Rapid7Error } from "./errors";
import { type HttpContext, rapid7Get } from "./http";
import { waitToPoll } from "./query";
import { type RetryObserver, type RetryPolicy, withRetries } from "./retry";
import { linkSchema } from "./schemas";

/**
 * Rapid7's own count of entries per fixed bucket of receive time: one Log Search
 * `calculate(count) timeslice(N)` query over the whole range. Statistical queries cannot
 * be paginated, so no per_page is sent; while one runs (202, or any Self link) its
 * answer carries a `partial` count that is ignored, and Self is polled exactly as given
 * until a 200 without Self carries `statistics`.
 */
export type CountRequest = { logIds: string[]; fromMs: number; bucketMs: number; buckets: number };
export type BucketCounts = { fromMs: number; bucketMs: number; counts: number[]; total: number };

/** Rapid7 writes counts as JSON numbers, sometimes with a fraction part (42.0). */
const countSchema = z.number().nonnegative().finite();

const statisticsSchema = z
  .object({
    count: countSchema,
    granularity: z.number().positive(),
    timeseries: z.object({ global_timeseries: z.array(z.object({ count: countSchema }).passthrough()) }).passthrough(),
  })
  .passthrough();

const statisticsResponseSchema = z
  .object({
    statistics: statisticsSchema.nullish(),
    // The running query's count so far: validated as an object, never used.
    partial: z.object({}).passthrough().nullish(),
    links: z.array(linkSchema).nullish(),
    progress: z.number().nullish(),
  })
  .passthrough();

/** Restarts of the query after its Self link expired, before giving up. */
const MAX_RESTARTS = 3;

function countUrl(baseUrl: string, request: CountRequest): string {
  const url = new URL(`${baseUrl}/log_search/query/logs/${request.logIds.map(encodeURIComponent).join(":")}`);
  url.searchParams.set("query", `calculate(count) timeslice(${request.buckets})`);
  url.searchParams.set("from", String(request.fromMs));
  url.searchParams.set("to", String(request.fromMs + request.bucketMs * request.buckets));
  return url.toString();
}

export async function countBuckets(
  http: HttpContext,
  request: CountRequest,
  options: { retry: RetryPolicy; pollTimeoutMs: number; onRetry?: RetryObserver },
): Promise<BucketCounts> {
  if (request.logIds.length === 0)
    throw new Rapid7Error("configuration", "No audit logs are selected for this source.");
  const start = countUrl(http.baseUrl, request);
  let restarts = 0;
  let url = start;
  let continuation = false;
  const pending = { polls: 0, since: http.now() };
  for (;;) {
    const requestUrl = url;
    const isContinuation = continuation;
    let response;
    try {
      response = await withRetries(
        () => rapid7Get(http, requestUrl, statisticsResponseSchema, { continuation: isContinuation }),
        options.retry,
        { signal: http.signal, onRetry: options.onRetry },
      );
    } catch (error) {
      // The running query's link expired: ask again from the start.
      if (error instanceof Rapid7Error && error.kind === "expired" && restarts < MAX_RESTARTS) {
        restarts += 1;
        url = start;
        continuation = false;
        Object.assign(pending, { polls: 0, since: http.now() });
        continue;
      }
      throw error;
    }
    const self = await waitToPoll(http, response, pending, options.pollTimeoutMs, "count");
    if (self) {
      url = self;
      continuation = true;
      continue;
    }
    return bucketsOf(response.body.statistics, request, requestUrl);
  }
}

function bucketsOf(
  statistics: z.infer<typeof statisticsSchema> | null | undefined,
  request: CountRequest,
  url: string,
): BucketCounts {
  if (!statistics)
    throw new Rapid7Error("invalid_response", "Rapid7 finished the count but sent no statistics.", { url });
  const series = statistics.timeseries.global_timeseries;
  if (statistics.granularity !== request.bucketMs || series.length !== request.buckets) {
    throw new Rapid7Error(
      "invalid_response",
      `Rapid7 counted in ${series.length} buckets of ${statistics.granularity} ms, not the ${request.buckets} of ${request.bucketMs} ms asked for.`,
      { url },
    );
  }
  return {
    fromMs: request.fromMs,
    bucketMs: request.bucketMs,
    counts: series.map((bucket) => Math.round(bucket.count)),
    total: Math.round(statistics.count),
  };
}
