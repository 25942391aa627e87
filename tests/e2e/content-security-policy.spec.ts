import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { FIRST_ADMIN } from "./support/constants";
import { expectHydrated, watchPolicyViolations } from "./support/csp";
import { createUserInDatabase, expect, signIn, signInAsAdmin, test } from "./support/fixtures";

/**
 * The Content-Security-Policy in real Chromium: every page of the console loads and
 * hydrates with no violation reported, and a script injected into a page's HTML does
 * not run.
 */
const run = Math.random().toString(36).slice(2, 6);
const ANALYST = {
  email: `csp-analyst-${run}@example.com`,
  name: "Cy Analyst",
  password: "analyst password 1",
  role: "ANALYST" as const,
};
let source: SeedSource;
let alertId: string;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `CSP source ${run}` });
    const now = Date.now();
    // Events give the source page its charts, which are drawn with style attributes.
    await seedEvents(pool, source, [
      { time: new Date(now - 30 * 60_000), action: "LOGIN", email: "csp@e2e.example" },
      { time: new Date(now - 10 * 60_000), action: "DELETE_HONEYPOT", email: "csp@e2e.example" },
    ]);
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO alerts (id, kind, severity, status, title, source_id, source_name, dedup_key, open_key, first_seen_at, last_seen_at, updated_at)
       VALUES (gen_random_uuid(), 'pull_failing', 'medium', 'open', $1, $2, $3, $4, $4, now() - interval '2 hours', now() - interval '1 hour', now()) RETURNING id`,
      [`CSP alert ${run}`, source.id, source.name, `e2e:${run}:csp`],
    );
    alertId = rows[0]!.id;
    await createUserInDatabase((text, values) => pool.query(text, values).then((r) => r.rows), ANALYST);
  } finally {
    await pool.end();
  }
});

test.describe("Content-Security-Policy", () => {
  test("every page loads and hydrates with no policy violation", async ({ page }) => {
    test.setTimeout(300_000);
    const policy = await watchPolicyViolations(page);
    await page.goto("/sign-in");
    await expectHydrated(page, "/sign-in");
    policy.expectNone("/sign-in");

    await signInAsAdmin(page);
    await page.goto("/settings/destinations/new");
    await page.getByLabel("Name").fill(`CSP webhook ${run}`);
    await page.getByLabel("URL").fill("http://127.0.0.1:9/csp-hook");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page).toHaveURL(/\/settings\/destinations$/);
    const edit = await page.getByRole("link", { name: `Edit CSP webhook ${run}` }).getAttribute("href");
    policy.expectNone("adding a destination");

    const pages = [
      "/",
      "/log-sources",
      "/log-sources/new",
      "/log-sources/new/rapid7",
      ...["overview", "health", "history", "failures", "settings"].map((tab) => `/log-sources/${source.id}?tab=${tab}`),
      `/search?source=${source.id}`,
      "/alerts",
      `/alerts/${alertId}`,
      "/settings",
      "/settings/account",
      "/settings/users",
      "/settings/users/new",
      "/settings/destinations",
      "/settings/destinations/new",
      edit!,
      "/settings/api-tokens",
      "/settings/audit-log",
      "/no-such-page",
    ];
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(path === "/no-such-page" ? 404 : 200);
      await expectHydrated(page, path);
      policy.expectNone(path);
    }

    // Moving around without full page loads (React fetching and running more code) is fine too.
    await page.goto("/log-sources");
    await page.getByRole("link", { name: "Alerts" }).click();
    await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/search/);
    await expectHydrated(page, "/search after client navigation");
    policy.expectNone("client-side navigation");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, ANALYST.email, ANALYST.password);
    const forbidden = await page.goto("/settings/users/new");
    expect(forbidden?.status()).toBe(403);
    await expectHydrated(page, "the 403 page");
    policy.expectNone("the 403 page");
  });

  test("a script injected into a page's HTML does not run, and the browser reports it", async ({ page }) => {
    const policy = await watchPolicyViolations(page);
    await signIn(page, FIRST_ADMIN.email, FIRST_ADMIN.password);
    // What a stored cross-site scripting flaw would do: markup that reaches the page's HTML.
    await page.route("**/log-sources", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "</body>",
        `<script>window.__injectedScriptRan = true</script><img src="data:," onerror="window.__injectedHandlerRan = true"></body>`,
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto("/log-sources");
    await expectHydrated(page, "/log-sources");
    await expect.poll(() => policy.violations.length).toBeGreaterThanOrEqual(2);
    expect(
      await page.evaluate(() => (window as unknown as { __injectedScriptRan?: boolean }).__injectedScriptRan),
    ).toBeUndefined();
    expect(
      await page.evaluate(() => (window as unknown as { __injectedHandlerRan?: boolean }).__injectedHandlerRan),
    ).toBeUndefined();
    expect(policy.violations.map((violation) => violation.text).join("\n")).toMatch(/script-src/);
  });
});
