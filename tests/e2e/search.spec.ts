import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import pg from "pg";
import { toUtcText } from "@/lib/ui/time";
import { type AuditSpec, insertSource, type SeededEvent, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expect, formAlert, signInAsAdmin, test } from "./support/fixtures";

/**
 * Search in real Chromium against the running console, over events seeded straight into
 * its database (two sources with a known set, and a third with enough rows to page).
 * Every search here names its sources, so events other specs ingest cannot leak in.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const run = Math.random().toString(36).slice(2, 6);

let alpha: SeedSource;
let bravo: SeedSource;
let paged: SeedSource;
const seeded = new Map<string, SeededEvent>();
let seededAt: number;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    seededAt = Date.now();
    const ago = (ms: number) => new Date(seededAt - ms);
    alpha = await insertSource(pool, { name: `Search Alpha ${run}` });
    bravo = await insertSource(pool, { name: `Search Bravo ${run}` });
    paged = await insertSource(pool, { name: `Search Paged ${run}` });
    const specs: Record<string, [SeedSource, AuditSpec]> = {
      a1: [
        alpha,
        {
          time: ago(5 * MIN),
          action: "LOG_CREATED",
          email: "alice@e2e.example",
          username: "Alice Admin",
          description: 'Log "e2e-newnet" was created',
        },
      ],
      b1: [
        bravo,
        {
          time: ago(10 * MIN),
          action: "LOG_UPDATED",
          email: null,
          username: "svc-e2e-terraform",
          accessMethod: "API",
          description: 'Log "e2e-newnet" was updated',
        },
      ],
      a2: [
        alpha,
        {
          time: ago(20 * MIN),
          action: "ACTIVATE_COLLECTOR",
          email: "bob@e2e.example",
          username: "Bob Ops",
          description: "Collector e2e-tulsa activated",
        },
      ],
      a3: [
        alpha,
        {
          time: ago(3 * HOUR),
          action: "SAVE_POLICY",
          result: "FAILURE",
          product: "IVM",
          email: "carol@e2e.example",
          description: 'Policy "e2e CIS, custom" save failed',
        },
      ],
      b2: [
        bravo,
        {
          time: ago(2 * DAY),
          action: "DELETE_HONEYPOT",
          accessMethod: "AUTOMATION",
          description: "Honeypot e2e finance-db-1 deleted",
        },
      ],
      b3: [
        bravo,
        {
          time: ago(10 * DAY),
          action: "LOG_CREATED",
          result: "FAILURE",
          email: "alice@e2e.example",
          username: "Alice Admin",
          description: 'Log "e2e-oldnet" creation failed',
        },
      ],
    };
    for (const [key, [source, spec]] of Object.entries(specs))
      seeded.set(key, (await seedEvents(pool, source, [spec]))[0]!);
    await seedEvents(
      pool,
      paged,
      Array.from({ length: 55 }, (_, i) => ({
        time: ago(HOUR + i * MIN),
        action: "LOG_UPDATED",
        description: `paged event ${i}`,
      })),
    );
  } finally {
    await pool.end();
  }
});

const actions = (page: Page) => page.getByTestId("event-row").locator("td:nth-child(2)");

async function chooseSources(page: Page, names: string[]) {
  await page.getByRole("button", { name: /^Source/ }).click();
  for (const name of names) await page.getByRole("checkbox", { name }).check();
  await page.getByRole("button", { name: /^Source/ }).click();
}

test.describe("search", () => {
  test("filters by source, time range, action, result, product, person and text, with every filter in the URL", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await page.goto("/search");
    await expect(page.getByRole("heading", { name: "Search", level: 1 })).toBeVisible();

    await chooseSources(page, [alpha.name]);
    await expect(page).toHaveURL(new RegExp(`source=${alpha.id}`));
    await expect(actions(page)).toHaveText(["LOG_CREATED", "ACTIVATE_COLLECTOR", "SAVE_POLICY"]);
    await expect(page.getByRole("button", { name: /^Source/ })).toHaveText(alpha.name);

    await chooseSources(page, [bravo.name]);
    await expect(actions(page)).toHaveText(["LOG_CREATED", "LOG_UPDATED", "ACTIVATE_COLLECTOR", "SAVE_POLICY"]);
    const firstRow = page.getByTestId("event-row").first();
    await expect(firstRow).toContainText("alice@e2e.example");
    await expect(firstRow).toContainText(alpha.name);
    await expect(firstRow).toContainText("SUCCESS");
    await page.screenshot({ path: test.info().outputPath("search-1280.png"), fullPage: true });

    await page.getByLabel("Time range").selectOption("1h");
    await expect(page).toHaveURL(/range=1h/);
    await expect(actions(page)).toHaveText(["LOG_CREATED", "LOG_UPDATED", "ACTIVATE_COLLECTOR"]);

    await page.getByLabel("Time range").selectOption("30d");
    await expect(actions(page)).toHaveText([
      "LOG_CREATED",
      "LOG_UPDATED",
      "ACTIVATE_COLLECTOR",
      "SAVE_POLICY",
      "DELETE_HONEYPOT",
      "LOG_CREATED",
    ]);

    await page.getByLabel("Action", { exact: true }).fill("LOG_CREATED");
    await expect(page).toHaveURL(/action=LOG_CREATED/);
    await expect(page.getByTestId("event-row").locator("td:nth-child(7)")).toHaveText([alpha.name, bravo.name]);

    await page.getByLabel("Result", { exact: true }).selectOption("FAILURE");
    await expect(page).toHaveURL(/result=FAILURE/);
    await expect(page.getByTestId("event-row")).toHaveCount(1);
    await expect(page.getByTestId("event-row")).toContainText('Log "e2e-oldnet" creation failed');

    await page.getByLabel("Action", { exact: true }).fill("");
    await expect(actions(page)).toHaveText(["SAVE_POLICY", "LOG_CREATED"]);

    await page.getByLabel("Product", { exact: true }).selectOption("IVM");
    await expect(page).toHaveURL(/product=IVM/);
    await expect(actions(page)).toHaveText(["SAVE_POLICY"]);
    await page.getByLabel("Product", { exact: true }).selectOption("");

    await page.getByLabel("Result", { exact: true }).selectOption("");
    await page.getByLabel("Person").fill("alice@e2e.example");
    await expect(page).toHaveURL(/person=alice%40e2e\.example/);
    await expect(page.getByTestId("event-row").locator("td:nth-child(6)")).toHaveText([
      'Log "e2e-newnet" was created',
      'Log "e2e-oldnet" creation failed',
    ]);

    await page.getByLabel("Person").fill("svc-e2e-terraform");
    await expect(actions(page)).toHaveText(["LOG_UPDATED"]);

    await page.getByLabel("Person").fill("");
    await page.getByLabel("Description contains").fill("E2E-NEWNET");
    await expect(page).toHaveURL(/text=E2E-NEWNET/);
    await expect(actions(page)).toHaveText(["LOG_CREATED", "LOG_UPDATED"]);

    // A custom range is checked in the browser before anything is sent.
    await page.getByLabel("Description contains").fill("");
    await page.getByLabel("Time range").selectOption("custom");
    await page.getByLabel("From (UTC)").fill(toUtcText(new Date(seededAt - HOUR)));
    await page.getByLabel("To (UTC)").fill(toUtcText(new Date(seededAt - 4 * HOUR)));
    await expect(formAlert(page)).toContainText("The end of the range must be after its start.");
    await expect(page).not.toHaveURL(/[?&]to=/);

    await page.getByLabel("From (UTC)").fill(toUtcText(new Date(seededAt - 4 * HOUR)));
    await page.getByLabel("To (UTC)").fill(toUtcText(new Date(seededAt - HOUR)));
    await expect(page).toHaveURL(/range=custom/);
    await expect(actions(page)).toHaveText(["SAVE_POLICY"]);

    // The URL is the search: a reload keeps every filter and the same rows.
    await page.reload();
    await expect(actions(page)).toHaveText(["SAVE_POLICY"]);
    await expect(page.getByLabel("Time range")).toHaveValue("custom");
    await expect(page.getByLabel("From (UTC)")).toHaveValue(toUtcText(new Date(seededAt - 4 * HOUR)));
    await expect(page.getByRole("button", { name: /^Source/ })).toHaveText("2 sources");
  });

  test("the source picker holds no checkbox while closed, and narrows a long list by name without searching", async ({
    page,
  }) => {
    const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
    try {
      // Enough sources that the picker offers to narrow them, whatever other specs left.
      for (let index = 1; index <= 11; index += 1) await insertSource(pool, { name: `Search Extra ${run} ${index}` });
      await signInAsAdmin(page);
      await page.goto("/search");
      const picker = page.getByRole("button", { name: /^Source/ });
      await expect(picker).toHaveText("All sources");
      await expect(page.locator('input[type="checkbox"][name="source"]')).toHaveCount(0);

      await picker.click();
      await expect.poll(() => page.getByRole("checkbox").count()).toBeGreaterThanOrEqual(14);
      const find = page.getByRole("searchbox", { name: "Find a source by name" });
      await expect(find).toBeFocused();
      await find.fill(`bravo ${run}`);
      await expect(page.getByRole("status").filter({ hasText: /^1 of \d+ sources match$/ })).toHaveCount(1);
      await expect(page.getByRole("checkbox")).toHaveCount(1);
      await expect(page.getByRole("checkbox", { name: bravo.name })).toBeVisible();
      await expect(page).toHaveURL(/\/search$/);
      await find.press("Enter");
      await expect(page).toHaveURL(/\/search$/);

      await page.getByRole("checkbox", { name: bravo.name }).check();
      await expect(page).toHaveURL(new RegExp(`source=${bravo.id}`));
      await find.fill("no source is called this");
      await expect(page.getByText("No source's name contains that.")).toBeVisible();
      await picker.click();
      await expect(picker).toHaveText(bravo.name);
      await expect(page.locator('input[type="checkbox"][name="source"]')).toHaveCount(0);
      // Closed, the choice is still in the form, for a submit before scripts run.
      await expect(page.locator('input[type="hidden"][name="source"]')).toHaveValue(bravo.id);
      // Reopened, the list is whole again and shows the chosen source checked.
      await picker.click();
      await expect(find).toHaveValue("");
      await expect.poll(() => page.getByRole("checkbox").count()).toBeGreaterThanOrEqual(14);
      await expect(page.getByRole("checkbox", { name: bravo.name })).toBeChecked();
      await page.keyboard.press("Escape");
      await expect(picker).toBeFocused();
    } finally {
      await pool.query("DELETE FROM log_sources WHERE name LIKE $1", [`Search Extra ${run} %`]);
      await pool.end();
    }
  });

  test("a row opens a shareable drawer with the p_ fields and the raw record; Escape closes it", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto(`/search?source=${alpha.id}&source=${bravo.id}&range=30d`);
    await page.getByTestId("event-row").filter({ hasText: "svc-e2e-terraform" }).click();
    await expect(page).toHaveURL(/event=\d+/);

    const drawer = page.getByRole("dialog");
    await expect(drawer.getByRole("heading", { name: "LOG_UPDATED" })).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Close event details" })).toBeFocused();
    const standard = drawer.getByTestId("standard-fields");
    await expect(standard.locator("dt")).toHaveText([
      "p_log_type",
      "p_event_time",
      "p_parse_time",
      "p_row_id",
      "p_source_id",
      "p_source_label",
      "p_any_usernames",
    ]);
    await expect(standard).toContainText(bravo.name);
    await expect(standard).toContainText(seeded.get("b1")!.rowId);
    await expect(standard).toContainText("svc-e2e-terraform");
    await expect(drawer.getByTestId("event-fields")).toContainText('"access_method": "API"');
    await expect(drawer.getByTestId("raw-record").locator("pre")).toHaveText(seeded.get("b1")!.raw);
    await page.screenshot({ path: test.info().outputPath("drawer.png") });

    // Focus stays in the dialog.
    for (let i = 0; i < 8; i += 1) await page.keyboard.press("Tab");
    expect(await drawer.evaluate((node) => node.contains(document.activeElement))).toBe(true);
    // The results behind it are out of reach of screen readers while it is open.
    await expect(page.getByRole("table", { name: "Events, newest first" })).toHaveCount(0);

    // The open event is part of the URL, so the link opens it for someone else too.
    await page.reload();
    await expect(page.getByRole("dialog").getByRole("heading", { name: "LOG_UPDATED" })).toBeVisible();
    // Server-rendered first: the drawer takes keys once it has hydrated, which focusing its Close button shows.
    await expect(page.getByRole("dialog").getByRole("button", { name: "Close event details" })).toBeFocused();

    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page).not.toHaveURL(/event=/);
    await expect(page).toHaveURL(/range=30d/);
    await expect(page.getByRole("table", { name: "Events, newest first" })).toHaveCount(1);

    await page.goto("/search?event=999999999");
    await expect(page.getByRole("dialog")).toContainText("This event is not stored.");
  });

  test("exports exactly the filtered rows, as CSV and as JSON lines", async ({ page, request, baseURL }) => {
    await signInAsAdmin(page);
    await page.goto(`/search?source=${alpha.id}&source=${bravo.id}&range=30d&result=FAILURE`);
    await expect(actions(page)).toHaveText(["SAVE_POLICY", "LOG_CREATED"]);

    const [csvDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^intake-events-\d{8}T\d{6}Z\.csv$/);
    const csv = readFileSync((await csvDownload.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe(
      '"event_time","source","action","result","product","description","emails","usernames","audit_id","p_row_id"',
    );
    expect(csv.slice(1).map((line) => line.split('","')[8])).toEqual([
      seeded.get("a3")!.auditId,
      seeded.get("b3")!.auditId,
    ]);
    expect(csv[1]).toContain('"Policy ""e2e CIS, custom"" save failed"');

    const [jsonDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export JSON lines" }).click(),
    ]);
    expect(jsonDownload.suggestedFilename()).toMatch(/\.jsonl$/);
    const records = readFileSync((await jsonDownload.path())!, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r.p_row_id)).toEqual([seeded.get("a3")!.rowId, seeded.get("b3")!.rowId]);
    expect(records.map((r) => r.result)).toEqual(["FAILURE", "FAILURE"]);

    // Without a session the route answers 401 in JSON rather than a sign-in page.
    const anonymous = await request.get(`${baseURL}/api/events/export?source=${alpha.id}&format=csv`);
    expect(anonymous.status()).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  test("pages through older events with the keyset cursor and back to the newest", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto(`/search?source=${paged.id}`);
    // The table draws only the rows near the window (search-table.spec.ts); it says it holds 50 and a header row.
    await expect(page.getByRole("table", { name: "Events, newest first" })).toHaveAttribute("aria-rowcount", "51");
    await expect(page.getByTestId("result-summary")).toHaveText("50+ events, newest first");
    await expect(page.getByTestId("event-row").first()).toContainText("paged event 0");

    await page.getByRole("link", { name: "Load older" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(page.getByTestId("event-row")).toHaveCount(5);
    await expect(page.getByTestId("event-row").locator("td:nth-child(6)")).toHaveText([
      "paged event 50",
      "paged event 51",
      "paged event 52",
      "paged event 53",
      "paged event 54",
    ]);
    await expect(page.getByRole("link", { name: "Load older" })).toHaveCount(0);

    await page.getByRole("link", { name: "Newest" }).click();
    await expect(page).not.toHaveURL(/cursor=/);
    await expect(page.getByTestId("event-row").first()).toContainText("paged event 0");

    // At phone width the table scrolls sideways inside its card instead of squeezing or widening the page.
    await page.setViewportSize({ width: 390, height: 800 });
    const table = page.getByRole("table", { name: "Events, newest first" });
    const scroller = table.locator("xpath=..");
    expect(await scroller.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: test.info().outputPath("search-390.png"), fullPage: true });
  });

  test("says when nothing matches and offers to clear the filters; a broken link names its filter", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await page.goto(`/search?source=${alpha.id}&text=no-such-e2e-event`);
    await expect(page.getByRole("heading", { name: "No events match these filters" })).toBeVisible();
    await expect(page.getByTestId("event-row")).toHaveCount(0);
    await page.getByRole("main").getByRole("link", { name: "Clear filters" }).last().click();
    await expect(page).toHaveURL(/\/search$/);
    await expect(page.getByLabel("Description contains")).toHaveValue("");

    await page.goto("/search?range=yesterday&cursor=tampered!");
    await expect(formAlert(page).filter({ hasText: "This search link has a filter Intake cannot use" })).toContainText(
      "Time range:",
    );
    await expect(formAlert(page).filter({ hasText: "This search link has a filter Intake cannot use" })).toContainText(
      "Page:",
    );
  });
});
