import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";
import {
  buildOnce,
  type Launcher,
  launcherEnv,
  signInOverHttp,
  startWebServer,
  waitForHealthy,
} from "../helpers/launcher";

/**
 * The security headers of the real web server (`next start` with proxy.ts), over HTTP:
 * pages, redirects, API responses, and when HSTS is (and is not) sent.
 */
const servers: Launcher[] = [];
let url: string;
const admin = { email: "headers-admin@example.com", password: "a long enough password" };

beforeAll(async () => {
  await buildOnce();
  url = await useTestDatabase();
  await createActor("ADMIN", admin);
}, 900_000);

afterAll(() => {
  for (const server of servers) server.kill();
});

async function startServer(settings: Record<string, string | undefined>): Promise<Launcher> {
  const server = startWebServer(
    launcherEnv({
      DATABASE_URL: url,
      PORT: String(await freePort()),
      NEXTAUTH_URL: undefined,
      INTAKE_TRUSTED_PROXIES: undefined,
      ...settings,
    }),
  );
  servers.push(server);
  await waitForHealthy(server, 90_000, { worker: false });
  return server;
}

const get = (server: Launcher, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, { headers, redirect: "manual" });

/** The policy's directives by name, e.g. { "script-src": ["'self'", "'nonce-…'", …] }. */
function directives(response: Response): Record<string, string[]> {
  const policy = response.headers.get("content-security-policy");
  expect(policy, `${response.url} has a Content-Security-Policy`).toBeTruthy();
  return Object.fromEntries(
    policy!
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectFixedHeaders(response: Response): void {
  expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), response.url).toBe("same-origin");
  expect(response.headers.get("x-frame-options"), response.url).toBe("DENY");
}

/** Checks a page's policy and that every script in its HTML carries the policy's nonce; returns the nonce. */
async function expectNoncedPage(response: Response): Promise<string> {
  expectFixedHeaders(response);
  const policy = directives(response);
  const scriptSources = policy["script-src"]!;
  const nonce = scriptSources.map((source) => /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(source)?.[1]).find(Boolean);
  expect(nonce, "script-src has a nonce").toBeDefined();
  expect(scriptSources).toContain("'strict-dynamic'");
  expect(scriptSources.join(" ")).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  expect(policy["style-src"]).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(policy["frame-ancestors"]).toEqual(["'none'"]);
  expect(policy["object-src"]).toEqual(["'none'"]);
  expect(policy["base-uri"]).toEqual(["'none'"]);
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, "the page has scripts").toBeGreaterThan(0);
  for (const script of scripts) expect(script, "every script carries the nonce").toContain(`nonce="${nonce}"`);
  return nonce!;
}

describe("security headers over plain http", () => {
  let server: Launcher;
  beforeAll(async () => {
    // A proxy is configured, but the test's requests do not come from it.
    server = await startServer({ INTAKE_TRUSTED_PROXIES: "10.0.0.0/8" });
  }, 120_000);

  it(
    "pages get a Content-Security-Policy whose fresh per-request nonce is on every script, and no HSTS",
    { timeout: 60_000 },
    async () => {
      const first = await get(server, "/sign-in");
      expect(first.status).toBe(200);
      const nonce = await expectNoncedPage(first);
      expect(first.headers.get("strict-transport-security")).toBeNull();
      expect(directives(first)["upgrade-insecure-requests"]).toBeUndefined();
      const second = await get(server, "/sign-in");
      expect(await expectNoncedPage(second)).not.toBe(nonce);

      const signedIn = await signInOverHttp(server.baseUrl, admin.email, admin.password);
      if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error}`);
      for (const path of ["/log-sources", "/settings/audit-log", "/search"]) {
        const page = await get(server, path, { Cookie: signedIn.cookie });
        expect(page.status, path).toBe(200);
        await expectNoncedPage(page);
      }
      const missing = await get(server, "/no-such-page", { Cookie: signedIn.cookie });
      expect(missing.status).toBe(404);
      await expectNoncedPage(missing);
    },
  );

  it("redirects and API responses carry the headers too; API responses may be framed by no one and load nothing", async () => {
    const redirect = await get(server, "/log-sources");
    expect(redirect.status).toBe(307);
    expectFixedHeaders(redirect);
    expect(directives(redirect)["frame-ancestors"]).toEqual(["'none'"]);

    for (const [path, status] of [
      ["/api/health", 200],
      ["/api/v1/sources", 401],
      ["/api/auth/csrf", 200],
      ["/api/v1/no-such-route", 404],
    ] as const) {
      const response = await get(server, path);
      expect(response.status, path).toBe(status);
      expectFixedHeaders(response);
      expect(directives(response), path).toEqual({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("ignores X-Forwarded-Proto from anyone but a trusted proxy, even one claiming a proxy's address", async () => {
    for (const path of ["/sign-in", "/api/health"]) {
      const response = await get(server, path, { "X-Forwarded-Proto": "https", [PEER_ADDRESS_HEADER]: "10.0.0.1" });
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
    }
  });
});

describe("HSTS over https", () => {
  it("is sent when a trusted proxy forwarded an https request, and only then", { timeout: 120_000 }, async () => {
    const server = await startServer({ INTAKE_TRUSTED_PROXIES: "127.0.0.1" });
    for (const path of ["/sign-in", "/api/health", "/log-sources"]) {
      const overHttps = await get(server, path, { "X-Forwarded-Proto": "https" });
      expect(overHttps.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
      const overHttp = await get(server, path, { "X-Forwarded-Proto": "http" });
      expect(overHttp.headers.get("strict-transport-security"), path).toBeNull();
    }
    expect(
      directives(await get(server, "/sign-in", { "X-Forwarded-Proto": "https" }))["upgrade-insecure-requests"],
    ).toEqual([]);
    server.kill();
  });

  it("is always sent when NEXTAUTH_URL is https", { timeout: 120_000 }, async () => {
    const server = await startServer({ NEXTAUTH_URL: "https://intake.example.com" });
    for (const path of ["/sign-in", "/api/health"]) {
      expect((await get(server, path)).headers.get("strict-transport-security"), path).toBe(
        "max-age=63072000; includeSubDomains",
      );
    }
    server.kill();
  });
});
