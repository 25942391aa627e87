import { Rapid7Error } from "./errors";
import { type HttpContext, type RateLimitSnapshot, rapid7Get } from "./http";
import { type RetryObserver, type RetryPolicy, sleep, withRetries } from "./retry";
import { type Rapid7Envelope, type Rapid7Link, queryResponseSchema } from "./schemas";
import { readEnvelopes, type UnreadableEnvelope } from "./envelopes";

/**
 * Runs a Log Search query over a time window and yields its pages in order.
 *
 * Rapid7 answers asynchronously: a running query comes back (usually as 202) with a
 * `Self` link to poll; a finished one is a 200 with events and, when more remain, a
 * `Next` link that starts the next page's query. The rule, from what real responses
 * do: while a Self link is present (or the status is 202), poll Self; only a 200
 * without Self is a page. Links are followed exactly as given (their sequence numbers
 * exceed 2^53) and rel values are compared case-insensitively.
 */
export type QueryWindow = {
  logIds: string[];
  fromMs: number;
  toMs: number;
  perPage: number;
  /** Newest entries first (a preview); pulls read oldest first so checkpoints can advance. */
  mostRecentFirst?: boolean;
};
/** `unreadable`: entries of the page that are not Log Search entries Intake can read, kept apart so the rest are not lost. */
export type QueryPage = { events: Rapid7Envelope[]; unreadable: UnreadableEnvelope[]; pageNumber: number; hasMore: boolean; rateLimit?: RateLimitSnapshot };

export type QueryOptions = {
  retry: RetryPolicy;
  /** Longest a single query may stay pending before we give up on it. */
  pollTimeoutMs: number;
  onRetry?: RetryObserver;
};

export function startUrl(baseUrl: string, window: QueryWindow): string {
  const url = new URL(`${baseUrl}/log_search/query/logs/${window.logIds.map(encodeURIComponent).join(":")}`);
  url.searchParams.set("query", "where(/.*/)");
  url.searchParams.set("from", String(window.fromMs));
  url.searchParams.set("to", String(window.toMs));
  url.searchParams.set("per_page", String(window.perPage));
  if (window.mostRecentFirst) url.searchParams.set("most_recent_first", "true");
  return url.toString();
}

function findLink(links: Rapid7Link[] | null | undefined, rel: string): string | undefined {
  return links?.find((link) => link.rel.toLowerCase() === rel)?.href;
}

export async function* queryPages(http: HttpContext, window: QueryWindow, options: QueryOptions): AsyncGenerator<QueryPage> {
  if (window.logIds.length === 0) throw new Rapid7Error("configuration", "No audit logs are selected for this source.");
  let url = startUrl(http.baseUrl, window);
  let continuation = false;
  let pageNumber = 0;
  let polls = 0;
  let pendingSince = http.now();

  for (;;) {
    const requestUrl = url;
    const isContinuation = continuation;
    const response = await withRetries(() => rapid7Get(http, requestUrl, queryResponseSchema, { continuation: isContinuation }), options.retry, {
      signal: http.signal,
      onRetry: options.onRetry,
    });
    const self = findLink(response.body.links, "self");
    if (response.status === 202 || self) {
      if (!self) throw new Rapid7Error("invalid_response", "Rapid7 said the query is still running but gave no link to poll.");
      if (http.now() - pendingSince > options.pollTimeoutMs) {
        throw new Rapid7Error("transient", `Rapid7 kept the query running for more than ${Math.round(options.pollTimeoutMs / 1000)} s.`);
      }
      polls += 1;
      // Quick first polls (most queries finish in well under a second), then back off.
      await sleep(Math.min(2_000, 100 * 2 ** Math.min(polls - 1, 5)), http.signal);
      url = self;
      continuation = true;
      continue;
    }
    const entries = response.body.events ?? [];
    const { events, unreadable } = readEnvelopes(entries);
    // Finished queries sometimes still carry a Next link; a page with no entries ends the results either way.
    const next = entries.length > 0 ? findLink(response.body.links, "next") : undefined;
    pageNumber += 1;
    yield { events, unreadable, pageNumber, hasMore: next !== undefined, rateLimit: response.rateLimit };
    if (!next) return;
    url = next;
    continuation = true;
    polls = 0;
    pendingSince = http.now();
  }
}
