import { db } from "@/lib/db";
import { type SourceSummary, sourceSummarySelect } from "./service";

/** Sources a page of the REST API holds unless `limit` says otherwise, and at most. */
export const SOURCE_API_PAGE_SIZE = 100;
export const SOURCE_API_MAX_PAGE_SIZE = 500;

/** Position in the oldest-first order: the last source of the previous page. */
export type SourceCursor = { createdMs: number; id: string };

export type SourcePage = { sources: SourceSummary[]; nextCursor: string | null };

export function encodeSourceCursor(cursor: SourceCursor): string {
  return btoa(`${cursor.createdMs}.${cursor.id}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** null for text that is not a cursor this module wrote (a damaged or hand-made one). */
export function decodeSourceCursor(text: string): SourceCursor | null {
  if (!/^[A-Za-z0-9_-]{4,128}$/.test(text)) return null;
  let plain: string;
  try {
    plain = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const match = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(plain);
  if (!match) return null;
  const createdMs = Number(match[1]);
  return Number.isSafeInteger(createdMs) ? { createdMs, id: match[2]! } : null;
}

/**
 * Sources a page at a time for the REST API, oldest first. Creation order rather than name
 * order, so a client walking the pages neither skips nor repeats a source that is renamed
 * meanwhile, and sources created meanwhile arrive on the last page. `cursor` arrives
 * decoded: the boundary's schema refuses a damaged one with a message naming the field.
 */
export async function listSourcePage(options: { cursor: SourceCursor | null; limit: number }): Promise<SourcePage> {
  const { cursor } = options;
  const limit = Math.min(Math.max(1, Math.trunc(options.limit)), SOURCE_API_MAX_PAGE_SIZE);
  // One more than the page, to know whether another page follows without a count.
  const rows = await db.logSource.findMany({
    where: {
      deletedAt: null,
      ...(cursor
        ? {
            OR: [
              { createdAt: { gt: new Date(cursor.createdMs) } },
              { createdAt: new Date(cursor.createdMs), id: { gt: cursor.id } },
            ],
          }
        : {}),
    },
    select: sourceSummarySelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
  });
  const sources = rows.slice(0, limit);
  const last = sources.at(-1);
  return {
    sources,
    nextCursor:
      rows.length > limit && last ? encodeSourceCursor({ createdMs: last.createdAt.getTime(), id: last.id }) : null,
  };
}
