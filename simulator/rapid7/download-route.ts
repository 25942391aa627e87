/** /download/logs/{ids}: raw messages, one per line, streamed without paging or polling. */
import type { ServerResponse } from "node:http";
import { type ApiContext, type ApiReply, readableLogs } from "./api-context";
import { badRequest } from "./api-error";
import { parseLeql } from "./leql";
import { walkEntries } from "./paging";
import { splitIds } from "./query-spec";
import { seqFloorForTimestamp } from "./sequence";
import { parseTimeRange } from "./time-range";

const MAX_DOWNLOAD_LOGS = 10;
const DEFAULT_LIMIT = 20_000_000;
const LINES_PER_CHUNK = 1_000;

export function downloadLogs(ctx: ApiContext, idsSegment: string): ApiReply {
  const logIds = splitIds(idsSegment);
  if (logIds.length > MAX_DOWNLOAD_LOGS)
    throw badRequest(`At most ${MAX_DOWNLOAD_LOGS} logs can be downloaded at once`);
  const params = ctx.url.searchParams;
  const leql = parseLeql(params.get("query") ?? "");
  if (leql.statistics) throw badRequest("Statistical queries cannot be downloaded");
  const { fromMs, toMs } = downloadRange(params, ctx.nowMs);
  const limitText = params.get("limit");
  if (limitText !== null && !/^\d{1,9}$/.test(limitText)) throw badRequest("limit must be a positive integer");
  const limit = limitText === null ? DEFAULT_LIMIT : Math.min(DEFAULT_LIMIT, Number(limitText));
  const logs = readableLogs(ctx, logIds);

  return {
    status: 200,
    contentType: "text/plain; charset=utf-8",
    stream: async (res: ServerResponse) => {
      const window = { low: seqFloorForTimestamp(fromMs), high: seqFloorForTimestamp(toMs), descending: false };
      let written = 0;
      let chunk: string[] = [];
      for (const item of walkEntries(logs, window)) {
        if (written >= limit || res.destroyed) break;
        const message = item.entry.message();
        if (leql.filter && !leql.filter(message)) continue;
        chunk.push(message);
        written++;
        if (chunk.length >= LINES_PER_CHUNK) {
          await writeChunk(res, chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await writeChunk(res, chunk);
    },
  };
}

function downloadRange(params: URLSearchParams, nowMs: number): { fromMs: number; toMs: number } {
  const from = params.get("from");
  const to = params.get("to");
  if (from !== null) {
    if (!/^\d{1,19}$/.test(from) || (to !== null && !/^\d{1,19}$/.test(to)))
      throw badRequest("from and to must be UNIX epoch milliseconds");
    // The download API's `to` defaults to now.
    const range = { fromMs: Number(from), toMs: to === null ? nowMs : Number(to) };
    if (range.fromMs > range.toMs) throw badRequest("from must not be later than to");
    return range;
  }
  const timeRange = params.get("time_range");
  if (timeRange === null) throw badRequest("Give from (and optionally to), or time_range");
  return parseTimeRange(timeRange, nowMs);
}

function writeChunk(res: ServerResponse, lines: string[]): Promise<void> {
  const ok = res.write(`${lines.join("\n")}\n`);
  if (ok) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    res.once("drain", resolve);
    res.once("close", resolve);
  });
}
