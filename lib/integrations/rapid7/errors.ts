/**
 * What can go wrong talking to Rapid7, classified by what Intake should do about it:
 *   credentials   401: the key is wrong, revoked, or not valid in this region. Stop; no retries.
 *   permission    403: the key lacks Administrator rights on audit logs. Stop; no retries.
 *   configuration 400 / unknown log: our request or the source's setup is wrong. Stop until it changes.
 *   expired       404 on a continuation link: restart the time window.
 *   rate_limited  429: wait Retry-After, then resume the same link.
 *   transient     5xx, timeouts, resets: retry with jittered backoff.
 *   invalid_response  a body that does not match what Rapid7 documents.
 */
export type Rapid7ErrorKind =
  | "credentials"
  | "permission"
  | "configuration"
  | "expired"
  | "rate_limited"
  | "transient"
  | "unreachable"
  | "invalid_response";

export class Rapid7Error extends Error {
  constructor(
    readonly kind: Rapid7ErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterSeconds?: number; url?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = "Rapid7Error";
  }

  /** Whether trying the same request again later can succeed. */
  get retryable(): boolean {
    return this.kind === "transient" || this.kind === "rate_limited" || this.kind === "unreachable";
  }
}

export function isRapid7Error(error: unknown, kind?: Rapid7ErrorKind): error is Rapid7Error {
  return error instanceof Rapid7Error && (kind === undefined || error.kind === kind);
}
