import pg from "pg";
import { insertSource, type SeededEvent, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * Event content with bidirectional overrides and zero-width characters, in real Chromium:
 * wherever the console shows it (search results, the event drawer's fields and raw
 * record, an alert built from it) each such character appears as a visible ⟨U+XXXX⟩
 * mark, and the page holds none of the characters themselves.
 */
const RLO = "\u202E";
const ZWSP = "\u200B";
const run = Math.random().toString(36).slice(2, 6);

let source: SeedSource;
let event: SeededEvent;
let alertId: string;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Invisible ${run}` });
    const seeded = await seedEvents(pool, source, [
      {
        time: new Date(Date.now() - 5 * 60_000),
        action: "LOG_DELETED",
        username: `adm${RLO}in-${run}`,
        description: `Invoice ${RLO}fdp.exe approved${ZWSP} by ${run}`,
      },
    ]);
    event = seeded[0]!;
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO alerts (id, kind, severity, status, title, description, source_id, source_name, rule_id, dedup_key, open_key, first_seen_at, last_seen_at, context, updated_at)
       VALUES (gen_random_uuid(), 'detection', 'high', 'open', $1, $2, $3, $4, 'rapid7.log_or_collector_deleted', $5, $5, now(), now(), $6, now())
       RETURNING id`,
      [
        `Log deleted: adm${RLO}in-${run}`,
        "Rule description",
        source.id,
        source.name,
        `e2e-invisible:${run}`,
        JSON.stringify({ subjects: [`adm${RLO}in-${run}`] }),
      ],
    );
    alertId = rows[0]!.id;
  } finally {
    await pool.end();
  }
});

async function pageHasNoInvisibleCharacters(page: import("@playwright/test").Page): Promise<void> {
  expect(await page.evaluate(() => /[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/.test(document.body.innerText))).toBe(
    false,
  );
}

test("search results and the event drawer mark bidi overrides and zero-width characters", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto(`/search?source=${source.id}&range=24h`);
  const row = page.getByTestId("event-row");
  await expect(row).toHaveCount(1);
  await expect(row.locator("td").nth(4)).toHaveText(`adm⟨U+202E⟩in-${run}`);
  await expect(row.locator("td").nth(5)).toHaveText(`Invoice ⟨U+202E⟩fdp.exe approved⟨U+200B⟩ by ${run}`);
  await expect(row.locator('[data-invisible-character="⟨U+202E⟩"]').first()).toHaveAttribute(
    "title",
    "right-to-left override",
  );
  await pageHasNoInvisibleCharacters(page);

  await row.getByRole("link").click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("standard-fields")).toContainText(`adm⟨U+202E⟩in-${run}`);
  await expect(drawer.getByTestId("event-fields")).toContainText(
    `"description": "Invoice ⟨U+202E⟩fdp.exe approved⟨U+200B⟩ by ${run}"`,
  );
  // The raw record stays the record, with its invisible characters marked where they are.
  await expect(drawer.getByTestId("raw-record").locator("pre")).toHaveText(
    event.raw.replaceAll(RLO, "⟨U+202E⟩").replaceAll(ZWSP, "⟨U+200B⟩"),
  );
  await page.screenshot({ path: test.info().outputPath("drawer.png") });
  await pageHasNoInvisibleCharacters(page);
});

test("alerts built from such content mark it in the list and on the alert", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/alerts");
  await expect(page.getByRole("link", { name: `Log deleted: adm⟨U+202E⟩in-${run}` })).toBeVisible();
  await pageHasNoInvisibleCharacters(page);

  await page.goto(`/alerts/${alertId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Log deleted: adm⟨U+202E⟩in-${run}`);
  await expect(page.getByTestId("alert-context")).toContainText(`adm⟨U+202E⟩in-${run}`);
  await pageHasNoInvisibleCharacters(page);
});
