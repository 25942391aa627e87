import { Rapid7Error } from "./errors";
import { type HttpContext, type RateLimitSnapshot, rapid7Get } from "./http";
import { type RetryObserver, type RetryPolicy, sleep, withRetries } from "./retry";
import { type Rapid7Envelope, type Rapid7Link, queryResponseSchema } from "./schemas";
import { type OversizeEnvelope, readEnvelopes, type UnreadableEnvelope } from "./envelopes";
import { type PageLimits, PageOverBudget, readPageBody } from "./page-body";

/**
 * Runs a Log Search query over a time window and yields its pages in order.
 *
 * Rapid7 answers asynchronously: a running query comes back (usually as 202) with a
 * `Self` link to poll; a finished one is a 200 with events and, when more remain, a
 * `Next` link that starts the next page's query. The rule, from what real responses
 * do: while a Self link is present (or the status is 202), poll Self; only a 200
 * without Self is a page. Links are followed as given (their sequence numbers exceed
 * 2^53) and rel values are compared case-insensitively.
 *
 * Memory: a page is read within a budget (page-body.ts). While entries are large, the
 * next page asks for fewer of them (per_page is the one part of a Next link Intake
 * changes), and a page that outgrows the budget anyway is asked for again with fewer.
 */
export type QueryWindow = {
  logIds: string[];
  fromMs: number;
  toMs: number;
  /** Entries asked for per page at most; fewer while entries are large (see pageLimits). */
  perPage: number;
  /** Newest entries first (a preview); pulls read oldest first so checkpoints can advance. */
  mostRecentFirst?: boolean;
  /** Memory bounds of one page; defaults suit a preview, pulls pass the record limit. */
  limits?: Partial<PageLimits>;
};
/**
 * `unreadable`: entries of the page that are not Log Search entries Intake can read, kept apart so the rest are not lost.
 * `oversize`: entries whose message exceeds the record limit; only a prefix, the size and a hash of each were kept.
 */
export type QueryPage = {
  events: Rapid7Envelope[];
  unreadable: UnreadableEnvelope[];
  oversize: OversizeEnvelope[];
  pageNumber: number;
  hasMore: boolean;
  rateLimit?: RateLimitSnapshot;
  /** The per_page this page was asked with. */
  perPage: number;
  /** Size of the page's body as received. */
  bytes: number;
};

export type QueryOptions = {
  retry: RetryPolicy;
  /** Longest a single query may stay pending before we give up on it. */
  pollTimeoutMs: number;
  onRetry?: RetryObserver;
};

export const DEFAULT_PAGE_LIMITS: PageLimits = {
  pageBudgetBytes: 8 * 1024 * 1024,
  maxMessageBytes: 4 * 1024 * 1024,
  prefixBytes: 16 * 1024,
};

/** Limits that always let a page of one entry fit its budget, so asking for fewer entries always ends. */
export function pageLimits(limits: Partial<PageLimits> = {}): PageLimits {
  const merged = { ...DEFAULT_PAGE_LIMITS, ...limits };
  const oneEntry = merged.maxMessageBytes + 64 * 1024;
  return { ...merged, pageBudgetBytes: Math.max(merged.pageBudgetBytes, 2 * oneEntry) };
}

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

/**
 * The link with another per_page. Only per_page changes: the sequence number stays the
 * literal Rapid7 wrote (URLSearchParams never reads it as a number).
 */
export function withPerPage(href: string, perPage: number): string {
  const url = new URL(href);
  if (url.searchParams.get("per_page") === String(perPage)) return href;
  url.searchParams.set("per_page", String(perPage));
  return url.toString();
}

/** Entries per page so that a page of entries the size of the last page's fits the budget. */
export function perPageFor(
  budgetBytes: number,
  lastPageBytes: number,
  lastPageEntries: number,
  maxPerPage: number,
): number {
  if (lastPageEntries === 0) return maxPerPage;
  const bytesPerEntry = Math.max(1, lastPageBytes / lastPageEntries);
  return Math.max(1, Math.min(maxPerPage, Math.floor(budgetBytes / bytesPerEntry)));
}

export async function* queryPages(
  http: HttpContext,
  window: QueryWindow,
  options: QueryOptions,
): AsyncGenerator<QueryPage> {
  if (window.logIds.length === 0) throw new Rapid7Error("configuration", "No audit logs are selected for this source.");
  const limits = pageLimits(window.limits);
  const readBody = (response: Response) => readPageBody(response, limits);
  let perPage = window.perPage;
  // Where the current page's query started: asked again, with fewer entries, when the page outgrows its budget.
  let pageStart = { url: startUrl(http.baseUrl, window), continuation: false };
  let url = pageStart.url;
  let continuation = false;
  let pageNumber = 0;
  const pending = { polls: 0, since: http.now() };

  for (;;) {
    const requestUrl = url;
    const isContinuation = continuation;
    let response;
    try {
      response = await withRetries(
        () => rapid7Get(http, requestUrl, queryResponseSchema, { continuation: isContinuation, readBody }),
        options.retry,
        {
          signal: http.signal,
          onRetry: options.onRetry,
        },
      );
    } catch (error) {
      if (!(error instanceof PageOverBudget)) throw error;
      if (perPage <= 1)
        throw new Rapid7Error(
          "invalid_response",
          "Rapid7 sent a single Log Search entry too large to read within the page memory budget.",
          { url: requestUrl },
        );
      perPage = Math.max(1, Math.min(perPage - 1, Math.floor(error.entriesRead / 2)));
      url = withPerPage(pageStart.url, perPage);
      continuation = pageStart.continuation;
      Object.assign(pending, { polls: 0, since: http.now() });
      continue;
    }
    const self = await waitToPoll(http, response, pending, options.pollTimeoutMs, "query");
    if (self) {
      url = self;
      continuation = true;
      continue;
    }
    const entries = response.body.events ?? [];
    const { events, unreadable, oversize } = readEnvelopes(entries, limits);
    // Finished queries sometimes still carry a Next link; a page with no entries ends the results either way.
    const next = entries.length > 0 ? findLink(response.body.links, "next") : undefined;
    pageNumber += 1;
    yield {
      events,
      unreadable,
      oversize,
      pageNumber,
      hasMore: next !== undefined,
      rateLimit: response.rateLimit,
      perPage,
      bytes: response.bytes,
    };
    if (!next) return;
    perPage = perPageFor(limits.pageBudgetBytes, response.bytes, entries.length, window.perPage);
    url = withPerPage(next, perPage);
    pageStart = { url, continuation: true };
    continuation = true;
    Object.assign(pending, { polls: 0, since: http.now() });
  }
}

/**
 * The polling rule both page and count queries follow: while the answer is a 202 or
 * carries a Self link, the query still runs; wait (quick first polls, since most queries
 * finish in well under a second, then back off) and return the Self link to poll, exactly
 * as given. Undefined once the query has finished.
 */
export async function waitToPoll(
  http: HttpContext,
  response: { status: number; body: { links?: Rapid7Link[] | null } },
  pending: { polls: number; since: number },
  pollTimeoutMs: number,
  noun: "query" | "count",
): Promise<string | undefined> {
  const self = findLink(response.body.links, "self");
  if (response.status !== 202 && !self) return undefined;
  if (!self)
    throw new Rapid7Error("invalid_response", `Rapid7 said the ${noun} is still running but gave no link to poll.`);
  if (http.now() - pending.since > pollTimeoutMs)
    throw new Rapid7Error(
      "transient",
      `Rapid7 kept the ${noun} running for more than ${Math.round(pollTimeoutMs / 1000)} s.`,
    );
  pending.polls += 1;
  await sleep(Math.min(2_000, 100 * 2 ** Math.min(pending.polls - 1, 5)), http.signal);
  return self;
}
