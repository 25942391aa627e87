export { createRapid7Client, type AuditLogRef, type Rapid7Client } from "./client";
export { Rapid7Error, isRapid7Error } from "./errors";
export type { ApiFamily, RateLimitSnapshot } from "./http";
export type { QueryPage } from "./query";
export type { BucketCounts } from "./statistics";
export { RAPID7_REGIONS, isRapid7Region, parseRegion, regionLabel, type Rapid7RegionCode } from "./regions";
export type { Rapid7Envelope } from "./schemas";
