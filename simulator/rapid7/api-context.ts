/** What an authenticated Rapid7 API handler receives, and what it hands back. */
import type { ServerResponse } from "node:http";
import { Rapid7ApiError, notFound } from "./api-error";
import type { LinkBuilder, PathStyle } from "./links";
import type { Rapid7Region } from "./regions";
import type { SimulatorRuntime } from "./runtime";
import type { KeyRecord, LogRecord, OrgRecord } from "./state";

export interface ApiContext {
  runtime: SimulatorRuntime;
  region: Rapid7Region;
  style: PathStyle;
  links: LinkBuilder;
  key: KeyRecord;
  org: OrgRecord;
  url: URL;
  body: string;
  nowMs: number;
}

export type ApiReply =
  | { status: number; json: unknown }
  | { status: number; contentType: string; stream: (res: ServerResponse) => Promise<void> };

export const jsonReply = (status: number, json: unknown): ApiReply => ({ status, json });

/**
 * The logs a query may read: all must exist in the caller's organization (else 404, as for an
 * unknown id), and audit logs need an admin key (else 403).
 */
export function readableLogs(ctx: ApiContext, logIds: readonly string[]): LogRecord[] {
  if (logIds.length === 0) throw notFound();
  const logs = logIds.map((id) => {
    const log = ctx.runtime.state.log(id);
    if (!log || log.orgId !== ctx.org.id) throw notFound();
    return log;
  });
  if (!ctx.key.admin && logs.some((log) => log.audit)) throw new Rapid7ApiError(403, "Forbidden");
  return logs;
}
