import type { Page } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";
import { shot } from "./support/screenshots";

/**
 * Every console page in both themes, on a laptop (1280 px) and a phone (390 px), saved as
 * test artifacts for a look over. On the phone the page itself must not scroll sideways:
 * wide tables scroll inside their own frame.
 */
const run = Math.random().toString(36).slice(2, 6);
let source: SeedSource;
let alertId: string;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Screenshot source ${run}` });
    const now = Date.now();
    await seedEvents(
      pool,
      source,
      Array.from({ length: 12 }, (_, i) => ({
        time: new Date(now - (i + 1) * 47 * 60_000),
        action: i % 3 === 0 ? "DELETE_HONEYPOT" : "LOG_UPDATED",
        email: "shots@e2e.example",
        description: `Screenshot event ${i}`,
      })),
    );
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO alerts (id, kind, severity, status, title, source_id, source_name, dedup_key, open_key, first_seen_at, last_seen_at, updated_at)
       VALUES (gen_random_uuid(), 'pull_failing', 'medium', 'open', $1, $2, $3, $4, $4, now() - interval '2 hours', now() - interval '1 hour', now()) RETURNING id`,
      [`Screenshot alert ${run}`, source.id, source.name, `e2e:${run}:shots`],
    );
    alertId = rows[0]!.id;
  } finally {
    await pool.end();
  }
});

const WIDTHS = [1280, 390] as const;
const THEMES = ["dark", "light"] as const;

function consolePages(): [name: string, path: string][] {
  return [
    ["log-sources", "/log-sources"],
    ...["overview", "health", "history", "failures", "settings"].map((tab): [string, string] => [
      `source-${tab}`,
      `/log-sources/${source.id}?tab=${tab}`,
    ]),
    ["onboarding-catalog", "/log-sources/new"],
    ["onboarding-rapid7", "/log-sources/new/rapid7"],
    ["alerts", "/alerts"],
    ["alert", `/alerts/${alertId}`],
    ["search", `/search?source=${source.id}&range=7d`],
    ["settings-users", "/settings/users"],
    ["settings-account", "/settings/account"],
    ["settings-destinations", "/settings/destinations"],
    ["settings-api-tokens", "/settings/api-tokens"],
    ["settings-audit-log", "/settings/audit-log"],
  ];
}

/** How far the document is wider than the window (0: no sideways scrolling). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const theme of THEMES) {
  test(`every console page in the ${theme} theme, at ${WIDTHS.join(" and ")} px`, async ({ browser, baseURL }) => {
    test.setTimeout(600_000);
    const context = await browser.newContext({ baseURL, colorScheme: theme });
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/sign-in");
    await shot(page, `${theme}-390-sign-in`);
    expect(await sidewaysOverflow(page), "sign-in at 390 px").toBeLessThanOrEqual(0);
    await signInAsAdmin(page);

    const overflowing: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      for (const [name, path] of consolePages()) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator("main h1").first()).toBeVisible();
        await shot(page, `${theme}-${width}-${name}`);
        if (width === 390 && (await sidewaysOverflow(page)) > 0) overflowing.push(name);
      }
    }
    expect(overflowing, "pages wider than a 390 px phone").toEqual([]);
    await context.close();
  });
}
