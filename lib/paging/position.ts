import { z } from "zod";

/**
 * A place in a list ordered by a time, then an id: the last row of the page before. Search,
 * failures, alerts and the REST API's sources page this way, so a row added or removed
 * meanwhile never makes a page repeat or skip one. Isomorphic: no server code here.
 */
export type PagePosition = { ms: number; id: string };

/** Opaque to clients (base64url of "<ms>.<id>"), so nobody builds URLs around its shape. */
export function encodePosition({ ms, id }: PagePosition): string {
  return btoa(`${ms}.${id}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** null for text that is not a position whose id matches `id` (a damaged or hand-made one). */
export function decodePosition(text: string, id: RegExp): PagePosition | null {
  if (!/^[A-Za-z0-9_-]{4,128}$/.test(text)) return null;
  let plain: string;
  try {
    plain = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const match = new RegExp(`^(-?\\d{1,15})\\.(${id.source})$`).exec(plain);
  if (!match) return null;
  const ms = Number(match[1]);
  return Number.isSafeInteger(ms) ? { ms, id: match[2]! } : null;
}

/** A UUID as Postgres writes it: what the ids of alerts and sources are. */
export const UUID_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * A query parameter holding a page position: absent or empty is null (the first page);
 * text `decode` cannot read is refused with `message`, which names what to do instead.
 */
export function positionParam<Position>(decode: (text: string) => Position | null, message: string) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value[0] : value) || undefined,
    z
      .string()
      .optional()
      .transform((value, ctx): Position | null => {
        if (value === undefined) return null;
        const position = decode(value);
        if (position !== null) return position;
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }),
  );
}
