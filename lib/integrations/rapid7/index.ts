export {
  createRapid7Client,
  isAuditLog,
  MAX_PER_PAGE,
  auditLogRefSchema,
  type AuditLogRef,
  type Rapid7Client,
  type Rapid7ClientOptions,
} from "./client";
export { Rapid7Error, isRapid7Error, type Rapid7ErrorKind } from "./errors";
export type { ApiFamily, RateLimitSnapshot } from "./http";
export type { QueryPage, QueryWindow } from "./query";
export type { BucketCounts, CountRequest } from "./statistics";
export {
  RAPID7_REGIONS,
  RAPID7_REGION_CODES,
  isRapid7Region,
  parseRegion,
  regionBaseUrl,
  regionLabel,
  type Rapid7RegionCode,
} from "./regions";
export { DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from "./retry";
export type { Rapid7Envelope } from "./schemas";
