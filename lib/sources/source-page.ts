import { db } from "@/lib/db";
import { decodePosition, encodePosition, type PagePosition, UUID_ID } from "@/lib/paging/position";
import { type SourceSummary, sourceSummarySelect } from "./service";

/** Sources a page of the REST API holds unless `limit` says otherwise, and at most. */
export const SOURCE_API_PAGE_SIZE = 100;
export const SOURCE_API_MAX_PAGE_SIZE = 500;

export type SourcePage = { sources: SourceSummary[]; nextCursor: string | null };

/** null for text that is not a position in the oldest-first order (`ms` is the creation time). */
export function decodeSourceCursor(text: string): PagePosition | null {
  return decodePosition(text, UUID_ID);
}

/**
 * Sources a page at a time for the REST API, oldest first. Creation order rather than name
 * order, so a client walking the pages neither skips nor repeats a source that is renamed
 * meanwhile, and sources created meanwhile arrive on the last page. `cursor` arrives
 * decoded: the boundary's schema refuses a damaged one with a message naming the field.
 */
export async function listSourcePage(options: { cursor: PagePosition | null; limit: number }): Promise<SourcePage> {
  const { cursor } = options;
  const limit = Math.min(Math.max(1, Math.trunc(options.limit)), SOURCE_API_MAX_PAGE_SIZE);
  // One more than the page, to know whether another page follows without a count.
  const rows = await db.logSource.findMany({
    where: {
      deletedAt: null,
      ...(cursor
        ? {
            OR: [{ createdAt: { gt: new Date(cursor.ms) } }, { createdAt: new Date(cursor.ms), id: { gt: cursor.id } }],
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
    nextCursor: rows.length > limit && last ? encodePosition({ ms: last.createdAt.getTime(), id: last.id }) : null,
  };
}
