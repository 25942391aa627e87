/** /management/logs and /management/logsets: how clients discover the audit log ids. */
import { type ApiContext, type ApiReply, jsonReply } from "./api-context";
import { notFound } from "./api-error";
import type { LogRecord, LogsetView } from "./state";

function logJson(ctx: ApiContext, log: LogRecord) {
  return {
    id: log.id,
    name: log.name,
    logsets_info: [{ id: log.logset.id, name: log.logset.name, links: [ctx.links.logset(log.logset.id)] }],
    source_type: log.sourceType,
    token_seed: null,
    tokens: [],
    structures: [],
    user_data: {},
  };
}

function logsetJson(ctx: ApiContext, logset: LogsetView) {
  return {
    id: logset.id,
    name: logset.name,
    description: "",
    user_data: {},
    logs_info: logset.logs.map((log) => ({ id: log.id, name: log.name, links: [ctx.links.log(log.id)] })),
  };
}

export function listLogs(ctx: ApiContext): ApiReply {
  return jsonReply(200, { logs: ctx.org.logs.map((log) => logJson(ctx, log)) });
}

export function getLog(ctx: ApiContext, logId: string): ApiReply {
  const log = ctx.org.logs.find((candidate) => candidate.id === logId);
  if (!log) throw notFound();
  return jsonReply(200, { log: logJson(ctx, log) });
}

export function listLogsets(ctx: ApiContext): ApiReply {
  return jsonReply(200, { logsets: ctx.runtime.state.logsets(ctx.org).map((logset) => logsetJson(ctx, logset)) });
}

export function getLogset(ctx: ApiContext, logsetId: string): ApiReply {
  const logset = ctx.runtime.state.logsets(ctx.org).find((candidate) => candidate.id === logsetId);
  if (!logset) throw notFound();
  return jsonReply(200, { logset: logsetJson(ctx, logset) });
}

/** Log ids of a log set, for the /query/logsets/{id} form. */
export function logsetLogIds(ctx: ApiContext, logsetId: string): string[] {
  const logset = ctx.runtime.state.logsets(ctx.org).find((candidate) => candidate.id === logsetId);
  if (!logset) throw notFound();
  return logset.logs.map((log) => log.id);
}
