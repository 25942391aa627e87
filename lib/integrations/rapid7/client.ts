import { Rapid7Error } from "./errors";
import { type HttpContext, type RateLimitSnapshot, rapid7Get } from "./http";
import { type QueryPage, type QueryWindow, queryPages } from "./query";
import { type Rapid7RegionCode, regionBaseUrl } from "./regions";
import { DEFAULT_RETRY_POLICY, type RetryObserver, type RetryPolicy, withRetries } from "./retry";
import { type Rapid7Log, logsResponseSchema, messageBodySchema } from "./schemas";
import { type BucketCounts, type CountRequest, countBuckets } from "./statistics";

/**
 * Intake's client for the parts of Rapid7's Insight Platform API it uses: key
 * validation, finding the audit logs, and querying them page by page.
 */
export type AuditLogRef = { id: string; name: string; logsetName: string | null };

export type Rapid7ClientOptions = {
  region: Rapid7RegionCode;
  apiKey: string;
  baseUrlTemplate: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  pollTimeoutMs?: number;
  onRateLimit?: (snapshot: RateLimitSnapshot) => void;
  onRequest?: (url: string) => void;
  onRetry?: RetryObserver;
  now?: () => number;
};

export type Rapid7Client = ReturnType<typeof createRapid7Client>;

export const MAX_PER_PAGE = 500;

export function createRapid7Client(options: Rapid7ClientOptions) {
  const http: HttpContext = {
    baseUrl: regionBaseUrl(options.baseUrlTemplate, options.region),
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 30_000,
    signal: options.signal,
    onRateLimit: options.onRateLimit,
    onRequest: options.onRequest,
    now: options.now ?? Date.now,
  };
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const retrying = <T>(operation: () => Promise<T>) =>
    withRetries(operation, retry, { signal: options.signal, onRetry: options.onRetry });

  return {
    baseUrl: http.baseUrl,

    /** Resolves when Rapid7 accepts the key in this region; throws Rapid7Error("credentials") otherwise. */
    async validate(): Promise<void> {
      const { body } = await retrying(() => rapid7Get(http, `${http.baseUrl}/validate`, messageBodySchema));
      if (body.message.toLowerCase() !== "authorized") {
        throw new Rapid7Error(
          "credentials",
          `Rapid7 did not authorize the key (it said "${body.message.slice(0, 100)}").`,
        );
      }
    },

    async listLogs(): Promise<Rapid7Log[]> {
      const { body } = await retrying(() =>
        rapid7Get(http, `${http.baseUrl}/log_search/management/logs`, logsResponseSchema),
      );
      return body.logs;
    },

    /**
     * The organization's audit logs: Rapid7 keeps one per product (Platform, InsightIDR,
     * InsightVM ...), in a log set whose name, like theirs, contains "Audit".
     */
    async discoverAuditLogs(): Promise<AuditLogRef[]> {
      const logs = await this.listLogs();
      return logs
        .filter((log) => isAuditLog(log))
        .map((log) => ({ id: log.id, name: log.name, logsetName: log.logsets_info?.[0]?.name ?? null }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    queryPages(window: QueryWindow): AsyncGenerator<QueryPage> {
      return queryPages(
        http,
        { ...window, perPage: Math.min(window.perPage, MAX_PER_PAGE) },
        {
          retry,
          pollTimeoutMs: options.pollTimeoutMs ?? 120_000,
          onRetry: options.onRetry,
        },
      );
    },

    /** Rapid7's own count of entries per bucket of receive time (one statistics query, never paginated). */
    countBuckets(request: CountRequest): Promise<BucketCounts> {
      return countBuckets(http, request, {
        retry,
        pollTimeoutMs: options.pollTimeoutMs ?? 120_000,
        onRetry: options.onRetry,
      });
    },
  };
}

const AUDIT = /audit/i;

export function isAuditLog(log: Rapid7Log): boolean {
  return AUDIT.test(log.name) || (log.logsets_info ?? []).some((logset) => AUDIT.test(logset.name));
}
