import { env } from "@/lib/env";
import { createRapid7Client, type Rapid7Client, type RateLimitSnapshot } from "@/lib/integrations/rapid7";
import type { Rapid7RegionCode } from "@/lib/integrations/rapid7";
import type { Logger } from "@/lib/logger";
import { openSourceApiKey } from "@/lib/sources/api-key";

/**
 * A Rapid7 client for one source's key and region, counting its requests and keeping the
 * newest query rate-limit headers: what a pull and a coverage check both need.
 */
export type SourceClient = {
  client: Rapid7Client;
  /** Requests sent so far (retries and polls included). */
  requests(): number;
  /** The newest query-family rate-limit headers seen, if any. */
  rateLimit(): RateLimitSnapshot | undefined;
};

export function createSourceClient(
  source: { id: string; apiKeyEncrypted: string },
  region: Rapid7RegionCode,
  options: { log: Logger; signal?: AbortSignal; now: () => number },
): SourceClient {
  let requests = 0;
  let rateLimit: RateLimitSnapshot | undefined;
  const client = createRapid7Client({
    region,
    apiKey: openSourceApiKey(source),
    baseUrlTemplate: env().RAPID7_BASE_URL_TEMPLATE,
    signal: options.signal,
    now: options.now,
    onRequest: () => {
      requests += 1;
    },
    onRateLimit: (snapshot) => {
      if (snapshot.family === "query") rateLimit = snapshot;
    },
    onRetry: ({ attempt, error, delayMs }) =>
      options.log.warn("retrying a Rapid7 request", { attempt, kind: error.kind, message: error.message, delayMs }),
  });
  return { client, requests: () => requests, rateLimit: () => rateLimit };
}
