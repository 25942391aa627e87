import type { Page } from "@playwright/test";
import pg from "pg";
import { HOSTILE_EVENT_CASES } from "../fixtures/hostile/events";
import { CANARY, FORMULA_PAYLOADS } from "../fixtures/hostile/payloads";
import { parseCsv } from "../helpers/csv";
import { insertSource, type SeedSource } from "../helpers/seed-events";
import { seedHostileRecords, type SeededHostile } from "./support/hostile";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * The hostile corpus in real Chromium: every page that shows event content or names people
 * typed, with a dialog listener that fails the test, a canary the payloads try to set
 * (`window.__pwned`, watched from before any page script runs), no uncaught page error,
 * and every page with its main heading. The CSV export defuses every formula payload.
 */
const run = Math.random().toString(36).slice(2, 6);
const MARKUP_NAME = `<img src=x onerror="window.${CANARY}=1;alert(1)"> ${run}`;
/** Names carry a right-to-left override too: pages must show it as a visible mark, never as the character. */
const NAME = `${MARKUP_NAME} adm\u202Ein`;

/** What the Search list and drawer show: every payload in the fields a list row shows, plus the odd records. */
const SEEDED_FIELDS = ["description", "request.user.name"];
const SEEDED = HOSTILE_EVENT_CASES.filter(
  (c) =>
    (SEEDED_FIELDS.includes(c.field) && !["oversize", "wrong-type"].includes(c.category)) ||
    ["prototype", "deep", "not-a-record"].includes(c.category) ||
    [
      "action/attribute-breakout",
      "service_info.previousEntry/svg-onload",
      "description/1-mib-string",
      "time/script-tag",
      "action/wrong-type-3",
    ].includes(c.name),
);
const DRAWER_CASES = [
  "description/script-tag",
  "action/attribute-breakout",
  "service_info.previousEntry/svg-onload",
  "record.__proto__/prototype-key",
  "unknown-field/10000-deep-object",
];

let source: SeedSource;
let seeded: SeededHostile[];
let alertId: string;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `${NAME} source` });
    seeded = await seedHostileRecords(pool, source, SEEDED, new Date(Date.now() - 5 * 60_000));
    const alertEvents = seeded.filter((s) => s.eventId !== null).slice(0, 5);
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO alerts (id, kind, severity, status, title, description, source_id, source_name, rule_id, dedup_key, open_key, first_seen_at, last_seen_at, context, updated_at)
       VALUES (gen_random_uuid(), 'detection', 'high', 'open', $1, $2, $3, $4, 'rapid7.log_or_collector_deleted', $5, $5, now(), now(), $6, now())
       RETURNING id`,
      [
        `Deleted by ${NAME}`,
        `{{constructor.constructor('window.${CANARY}=1')()}} javascript:window.${CANARY}=1`,
        source.id,
        source.name,
        `e2e-hostile:${run}`,
        JSON.stringify({ subjects: [MARKUP_NAME, "adm\u202ein"], link: `javascript:window.${CANARY}=1` }),
      ],
    );
    alertId = rows[0]!.id;
    for (const event of alertEvents)
      await pool.query("INSERT INTO alert_events (alert_id, event_id) VALUES ($1, $2)", [alertId, event.eventId]);
    await pool.query(
      `INSERT INTO users (id, email, name, password_hash, role, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'x', 'ANALYST', now())`,
      [`hostile-${run}@example.com`, `${NAME} user`],
    );
    await pool.query(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix)
       SELECT gen_random_uuid(), id, $1, $2, 'itk_hostile0' FROM users WHERE email = 'ada@example.com'`,
      [`${NAME} token`, `hostile-${run}`],
    );
    await pool.query(
      `INSERT INTO alert_destinations (id, name, type, url_encrypted, url_hint, enabled, updated_at)
       VALUES (gen_random_uuid(), $1, 'webhook', 'not-used', 'https://hooks.example.com', false, now())`,
      [`${NAME} destination`],
    );
    await pool.query(
      `INSERT INTO pull_runs (id, source_id, trigger, status, started_at, finished_at, note, error_kind, error_message)
       VALUES (gen_random_uuid(), $1, 'schedule', 'failed', now(), now(), NULL, 'upstream', $2)`,
      [source.id, `Rapid7 answered ${NAME}`],
    );
  } finally {
    await pool.end();
  }
});

/**
 * Fails on any dialog or uncaught error, and records any write to the canary from the
 * first script on (a payload could set it and delete it again).
 */
async function guard(page: Page): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript((canary) => {
    Object.defineProperty(window, canary, {
      configurable: false,
      get: () => undefined,
      set: () => {
        (window as unknown as { __canaryWrites: number }).__canaryWrites =
          ((window as unknown as { __canaryWrites?: number }).__canaryWrites ?? 0) + 1;
      },
    });
  }, CANARY);
  return { problems };
}

/** The page has its main heading, nothing ran, nothing broke. */
async function expectIntact(page: Page, guarded: { problems: string[] }, what: string): Promise<void> {
  // With the event drawer open the page behind is hidden from assistive technology (aria-hidden), not from sight.
  await expect(page.getByRole("heading", { level: 1, includeHidden: true }).first(), what).toBeVisible();
  await expect(page.getByText("Something went wrong", { exact: false }), what).toHaveCount(0);
  const canary = await page.evaluate(
    (name) => ({
      value: (window as unknown as Record<string, unknown>)[name],
      writes: (window as unknown as { __canaryWrites?: number }).__canaryWrites ?? 0,
    }),
    CANARY,
  );
  expect(canary, what).toEqual({ value: undefined, writes: 0 });
  // Names (select options too) and event content: every bidi or zero-width character shown as a mark.
  expect(
    await page.evaluate(() => /[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/.test(document.body.innerText)),
    `${what} shows a bidi or zero-width character unmarked`,
  ).toBe(false);
  expect(guarded.problems, what).toEqual([]);
}

async function visit(page: Page, guarded: { problems: string[] }, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expectIntact(page, guarded, path);
}

test.describe("hostile input in the browser", () => {
  test("the Search list, every page of it, and the event drawer for hostile events", async ({ page }) => {
    const guarded = await guard(page);
    await signInAsAdmin(page);
    const stored = seeded.filter((s) => s.eventId !== null);
    expect(stored.length).toBeGreaterThan(50);
    // Many pages and drawers on a shared, loaded CI machine: more than the default three minutes.
    test.slow();
    await visit(page, guarded, `/search?source=${source.id}&range=24h`);
    // The table draws only the rows near the screen; it says how many the page holds (plus its header row).
    const rowsOnPage = async () =>
      Number(await page.getByRole("table", { name: "Events, newest first" }).getAttribute("aria-rowcount")) - 1;
    let shown = await rowsOnPage();
    while (await page.getByRole("link", { name: "Load older" }).isVisible()) {
      await page.getByRole("link", { name: "Load older" }).click();
      await page.waitForURL(/cursor=/);
      await expectIntact(page, guarded, `older page after ${shown}`);
      shown += await rowsOnPage();
      if (shown > stored.length) break;
    }
    expect(shown).toBe(stored.length);

    for (const name of DRAWER_CASES) {
      const event = seeded.find((s) => s.hostile.name === name)!;
      expect(event.eventId, name).not.toBeNull();
      await visit(page, guarded, `/search?source=${source.id}&range=24h&event=${event.eventId}`);
      const drawer = page.getByRole("dialog");
      await expect(drawer.getByRole("heading").first(), name).toBeVisible();
      await expect(drawer.getByTestId("raw-record"), name).toBeVisible();
      // Markup is shown as text, as the record holds it (JSON, so its quotes escaped).
      if (event.hostile.text)
        await expect(drawer.getByTestId("raw-record"), name).toContainText(
          JSON.stringify(event.hostile.text).slice(1, -1),
        );
    }
  });

  test("the source's pages: overview, failures with the oversize and over-deep records, history, settings", async ({
    page,
  }) => {
    const guarded = await guard(page);
    await signInAsAdmin(page);
    for (const tab of ["overview", "health", "history", "settings"])
      await visit(page, guarded, `/log-sources/${source.id}?tab=${tab}`);
    await expect(page.getByText(MARKUP_NAME, { exact: false }).filter({ visible: true }).first()).toBeVisible();

    await visit(page, guarded, `/log-sources/${source.id}?tab=failures`);
    const failures = page.getByTestId("failures");
    await expect(failures).toContainText("INTAKE_MAX_RECORD_BYTES");
    await expect(failures).toContainText("nested too deeply");
    const expectedFailures = seeded.filter((s) => s.eventId === null).length;
    await expect(failures.getByRole("listitem")).toHaveCount(expectedFailures);
    for (const raw of await failures.getByText("Raw payload").all()) await raw.click();
    await expectIntact(page, guarded, "failures with raw payloads open");
  });

  test("alerts, the dashboard, the source list and the settings pages that show names", async ({ page }) => {
    const guarded = await guard(page);
    await signInAsAdmin(page);
    for (const path of ["/", "/log-sources"]) await visit(page, guarded, path);
    for (const path of [
      "/alerts",
      `/alerts/${alertId}`,
      "/settings/users",
      "/settings/api-tokens",
      "/settings/destinations",
      "/settings/audit-log",
    ]) {
      await visit(page, guarded, path);
      if (
        ["/alerts", `/alerts/${alertId}`, "/settings/users", "/settings/api-tokens", "/settings/destinations"].includes(
          path,
        )
      )
        await expect(
          page.getByText(MARKUP_NAME, { exact: false }).filter({ visible: true }).first(),
          path,
        ).toBeVisible();
    }
  });

  test("the CSV export defuses every formula payload", async ({ page }) => {
    await signInAsAdmin(page);
    // The export route with this page's session, as the Search page's export link calls it.
    const answer = await page.request.get(`/api/events/export?source=${source.id}&range=24h&format=csv`);
    expect(answer.status()).toBe(200);
    const [header, ...rows] = parseCsv(await answer.text());
    const description = header!.indexOf("description");
    for (const payload of FORMULA_PAYLOADS) {
      for (const [column, field] of [
        [description, "description"],
        [header!.indexOf("usernames"), "request.user.name"],
      ] as const) {
        const cells = rows.map((row) => row[column]!).filter((cell) => cell.includes(payload.name));
        expect(cells, `${field}/${payload.name}`).toContain(`'${payload.text}`);
      }
    }
    // No cell a spreadsheet would run: after leading blanks, none starts with = + - @.
    for (const row of rows)
      for (const cell of row)
        expect(/^[\s]*[=+\-@]/.test(cell) && !cell.startsWith("'"), cell.slice(0, 60)).toBe(false);
  });
});
