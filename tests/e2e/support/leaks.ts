import { readFileSync } from "node:fs";
import type { Page, Route } from "@playwright/test";
import { expect } from "./fixtures";

type Body = { url: string; serverAction: boolean; text: string };

/**
 * Records the body of every HTML, JSON and server-action (RSC) response the page gets,
 * so a test can prove a secret never came back to the browser. The page's requests are
 * fetched through Playwright and handed on unchanged: reading bodies from response
 * events instead misses some (Chromium drops bodies that were streamed, and reads
 * finish after the check already ran).
 */
export async function watchResponses(page: Page) {
  const bodies: Body[] = [];
  const inFlight = new Set<Promise<void>>();

  const relay = async (route: Route) => {
    const request = route.request();
    try {
      const response = await route.fetch({ maxRedirects: 0 });
      const body = await response.body();
      if (/html|json|x-component|text\/plain/.test(response.headers()["content-type"] ?? "")) {
        bodies.push({ url: request.url(), serverAction: request.headers()["next-action"] !== undefined, text: body.toString("utf8") });
      }
      await route.fulfill({ response, body });
    } catch {
      // The page gave up on the request (a navigation cancelled it), so no body reached it.
      await route.abort().catch(() => undefined);
    }
  };

  await page.route("**/*", async (route) => {
    if (!["document", "fetch", "xhr"].includes(route.request().resourceType())) return route.fallback();
    const handled = relay(route);
    inFlight.add(handled);
    try {
      await handled;
    } finally {
      inFlight.delete(handled);
    }
  });

  return {
    /** The secrets are in no response body the page received, and not in the server's log. */
    async expectAbsent(...secrets: string[]) {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      // The flow's server actions must have been seen, or "absent" would prove nothing.
      expect(bodies.filter((body) => body.serverAction).length, "server action responses recorded").toBeGreaterThan(0);
      const log = readFileSync(process.env.E2E_SERVER_LOG!, "utf8");
      for (const secret of secrets) {
        for (const body of bodies) expect(body.text.includes(secret), `the response of ${body.url} contained the API key`).toBe(false);
        expect(log.includes(secret), "the server's log contained the API key").toBe(false);
      }
    },
  };
}
