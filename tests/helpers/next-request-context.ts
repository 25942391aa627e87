import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

/**
 * Next's request context, for route handlers and server code called in-process: what
 * next/headers' cookies() and headers() return is read from the Request being handled,
 * kept in an AsyncLocalStorage as Next keeps it, and next/server's connection() resolves
 * inside a request. Only these request-scope functions of Next are stood in for (a
 * running Next server provides them); our code and next-auth run unchanged.
 *
 * Wire it in a test file with
 *   vi.mock("next/headers", async () => (await import("../helpers/next-request-context")).nextHeaders);
 *   vi.mock("next/server", async (original) => (await import("../helpers/next-request-context")).withRequestScope(await original()));
 * and call handlers inside inRequest(request, …).
 */
const current = new AsyncLocalStorage<Request>();

type Cookie = { name: string; value: string };

function cookiesOf(request: Request | undefined): Cookie[] {
  const header = request?.headers.get("cookie") ?? "";
  return header
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.includes("="))
    .map((part) => {
      const at = part.indexOf("=");
      return { name: part.slice(0, at), value: decodeURIComponent(part.slice(at + 1)) };
    });
}

export const nextHeaders = {
  cookies: async () => {
    const jar = cookiesOf(current.getStore());
    return {
      getAll: () => jar,
      get: (name: string) => jar.find((cookie) => cookie.name === name),
      has: (name: string) => jar.some((cookie) => cookie.name === name),
    };
  },
  headers: async () => new Headers(current.getStore()?.headers),
};

export function withRequestScope<T extends object>(nextServer: T): T & { connection: () => Promise<void> } {
  return {
    ...nextServer,
    connection: async () => {
      if (!current.getStore()) throw new Error("connection() was called outside a request.");
    },
  };
}

/** next-auth reads next/headers with require(), which vi.mock does not reach: its CommonJS copy gets the same context. */
export function provideNextHeadersToRequire(): void {
  const require = createRequire(import.meta.url);
  const file = require.resolve("next/headers");
  require.cache[file] = { id: file, filename: file, loaded: true, exports: nextHeaders } as unknown as NodeJS.Module;
}

export function inRequest<T>(request: Request, body: () => Promise<T>): Promise<T> {
  return current.run(request, body);
}
