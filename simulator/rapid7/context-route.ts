/** /query/context/{seq}: the target of each event's Context link (entries around one entry). */
import { type ApiContext, type ApiReply, jsonReply, readableLogs } from "./api-context";
import { badRequest, notFound } from "./api-error";
import { collectPage } from "./paging";
import { eventJson } from "./query-routes";
import { DEFAULT_PER_PAGE } from "./query-spec";
import { END_OF_SEQUENCES } from "./sequence";

export function getContext(ctx: ApiContext, seqText: string): ApiReply {
  if (!/^\d{1,19}$/.test(seqText)) throw badRequest("sequence number must be a decimal integer");
  const params = ctx.url.searchParams;
  const logIds = (params.get("log_keys") ?? "").split(/[:,]/).filter((id) => id.length > 0);
  if (logIds.length === 0) throw badRequest("log_keys is required");
  const contextType = (params.get("context_type") ?? "SURROUND").toUpperCase();
  if (!["SURROUND", "BEFORE", "AFTER"].includes(contextType))
    throw badRequest("context_type must be SURROUND, BEFORE or AFTER");
  const perPageText = params.get("per_page");
  const perPage = Math.min(
    ctx.runtime.knobs.maxPerPage,
    perPageText && /^\d{1,9}$/.test(perPageText) ? Math.max(1, Number(perPageText)) : DEFAULT_PER_PAGE,
  );

  const logs = readableLogs(ctx, logIds);
  const seq = BigInt(seqText);
  const anchor = collectPage(logs, { low: seq, high: seq + 1n, descending: false }, null, 1).entries[0];
  if (!anchor) throw notFound();

  const beforeCount = contextType === "AFTER" ? 0 : contextType === "BEFORE" ? perPage - 1 : Math.floor(perPage / 2);
  const before = collectPage(logs, { low: 0n, high: seq, descending: true }, null, beforeCount).entries.reverse();
  const afterCount = contextType === "BEFORE" ? 1 : perPage - before.length;
  const after = collectPage(logs, { low: seq, high: END_OF_SEQUENCES, descending: false }, null, afterCount).entries;
  return jsonReply(200, { logs: logIds, events: [...before, ...after].map((item) => eventJson(ctx, item)) });
}
