import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

/**
 * Every server action in the production build, from Next's manifest, with a page that
 * serves it, so tests can POST to each one directly the way an attacker would, without
 * going through any button.
 */
export type ServerActionRef = { id: string; file: string; name: string; pagePath: string };

type Manifest = { node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> };

export function serverActions(): ServerActionRef[] {
  const manifest = JSON.parse(
    readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker =
      Object.keys(entry.workers).find((key) => key.endsWith("/page")) ?? Object.keys(entry.workers)[0] ?? "";
    const pagePath = `/${worker
      .replace(/^app\//, "")
      .replace(/\/?page$/, "")
      .split("/")
      .filter((s) => !s.startsWith("("))
      .join("/")}`;
    return { id, file: entry.filename, name: entry.exportedName, pagePath };
  });
}

/** Calls a server action the way React does (Next-Action header, JSON-encoded arguments); returns the raw RSC response text. */
export async function postServerAction(
  request: APIRequestContext,
  baseURL: string,
  action: ServerActionRef,
  args: unknown[],
  cookie?: string,
) {
  const response = await request.post(`${baseURL}${action.pagePath}`, {
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: baseURL,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text(), location: response.headers().location };
}
