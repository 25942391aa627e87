import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";
import {
  buildOnce,
  type Launcher,
  launcherEnv,
  sessionUser,
  signInOverHttp,
  startWebServer,
  waitForHealthy,
} from "../helpers/launcher";

/**
 * Signing in and out through the real web server (next build + next start), as a browser
 * does it: where sign-in may send you afterwards, and what a session cookie is worth once
 * its owner has signed out.
 */
let server: Launcher;

beforeAll(async () => {
  const url = await useTestDatabase();
  // With no user at all, /sign-in sends everyone to /setup.
  await createActor("ADMIN");
  await buildOnce();
  server = startWebServer(
    launcherEnv({ DATABASE_URL: url, PORT: String(await freePort()), INTAKE_TRUSTED_PROXIES: undefined }),
  );
  await waitForHealthy(server, 90_000, { worker: false });
}, 900_000);
afterAll(() => server?.kill());

/** The callbackUrl the sign-in page hands its form (a prop in the page's flight data). */
const formCallbackUrl = (html: string) => /callbackUrl\\?":\\?"([^"\\]*)/.exec(html)?.[1];

const page = (path: string, cookie = "") =>
  fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });

describe("after signing in", () => {
  it("goes only to a path on this console, whatever callbackUrl says", async () => {
    for (const target of [
      "//evil.example/phish",
      "/\\evil.example/phish",
      "https://evil.example/phish",
      "/\t/evil.example",
      " //evil.example",
    ]) {
      const response = await page(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
      expect(response.status, target).toBe(200);
      expect(formCallbackUrl(await response.text()), target).toBe("/");
    }
    const kept = await page(`/sign-in?callbackUrl=${encodeURIComponent("/log-sources?tab=health")}`);
    expect(formCallbackUrl(await kept.text())).toBe("/log-sources?tab=health");
  });

  it("next-auth itself redirects only within the console", async () => {
    await createActor("ANALYST", { email: "redirected@example.com", password: "redirected person's password" });
    const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({
        csrfToken,
        email: "redirected@example.com",
        password: "redirected person's password",
        callbackUrl: "https://evil.example/x",
        json: "true",
      }),
    });
    const target = response.headers.get("location") ?? ((await response.json()) as { url: string }).url;
    expect(target).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+(\/|$)/);
    expect(target).not.toContain("evil.example");
  });
});

describe("signing out", () => {
  it("ends the session: the old cookie is worth nothing afterwards", { timeout: 60_000 }, async () => {
    await createActor("ANALYST", { email: "leaving@example.com", password: "leaving person's password" });
    const signedIn = await signInOverHttp(server.baseUrl, "leaving@example.com", "leaving person's password");
    if (!signedIn.ok) throw new Error(signedIn.error);
    const cookie = signedIn.cookie;
    expect((await page("/settings/users", cookie)).status).toBe(200);
    expect(await sessionUser(server.baseUrl, cookie)).toMatchObject({ email: "leaving@example.com" });

    const { csrfToken } = (await (
      await fetch(`${server.baseUrl}/api/auth/csrf`, { headers: { Cookie: cookie } })
    ).json()) as { csrfToken: string };
    const signOut = await fetch(`${server.baseUrl}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(signOut.status).toBeLessThan(400);

    // Someone who kept a copy of the cookie replays it.
    const replayed = await page("/settings/users", cookie);
    expect(replayed.status).toBe(307);
    expect(replayed.headers.get("location")).toMatch(/\/sign-in/);
    expect(await sessionUser(server.baseUrl, cookie)).toBeNull();
  });
});
