import type { Locator, Page } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeedSource } from "../helpers/seed-events";
import { FIRST_ADMIN } from "./support/constants";
import { createUserInDatabase, expect, signInAsAdmin, test } from "./support/fixtures";
import {
  enterCredentials,
  enterName,
  expectSetupFailed,
  expectSetupPassed,
  openRapid7Setup,
} from "./support/onboarding-flow";
import { freshApiKey, restoreSimulator, simulatorControl } from "./support/simulator";
import { sendFinish } from "./support/sources";

/**
 * The console's problem surface and its paper cuts, in real Chromium against the running
 * console: the open-alert count in the navigation and a source's problem banner (both
 * refreshed without a reload), the health details outside the table's scroll box, one
 * switch for the no-events alert, the stepper, role changes asked first, feedback after
 * adding a user, signing in on another name of the same server, the favicon, the setup
 * preview, audit changes inside their cell, and the pull history's window.
 */
const run = Math.random().toString(36).slice(2, 6);
const COLLEAGUE = {
  email: `surface-colleague-${run}@example.com`,
  name: `Casey Colleague ${run}`,
  password: "colleague password 1",
  role: "ANALYST" as const,
};
let lonely: SeedSource;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    lonely = await insertSource(pool, { name: `Lonely ${run}` });
    // Settings can be saved only with an audit log chosen.
    await pool.query(
      `UPDATE log_sources SET audit_logs = '[{"id":"0b1c6f52-5c1e-4a3e-9d7a-2f1e8d0a4b11","name":"Audit Log","logsetName":null}]' WHERE id = $1`,
      [lonely.id],
    );
    await createUserInDatabase((text, values) => pool.query(text, values).then((r) => r.rows), COLLEAGUE);
  } finally {
    await pool.end();
  }
});

test.afterEach(restoreSimulator);

/** Marks the page so a full reload (which starts a fresh window) can be told from a refresh. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { surfaceMark: string }).surfaceMark = "kept"));
}
async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { surfaceMark?: string }).surfaceMark)).toBe("kept");
}

async function shownOpenAlerts(page: Page): Promise<number> {
  const count = page.getByRole("navigation", { name: "Main" }).getByTestId("open-alerts-count");
  return (await count.count()) === 0 ? 0 : Number(await count.getAttribute("data-count"));
}

async function insertAlert(
  sql: <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<T[]>,
  source: SeedSource,
  title: string,
  severity: string,
): Promise<string> {
  const rows = await sql<{ id: string }>(
    `INSERT INTO alerts (id, kind, severity, status, title, source_id, source_name, dedup_key, open_key, first_seen_at, last_seen_at, updated_at)
     VALUES (gen_random_uuid(), 'detection', $1, 'open', $2, $3, $4, $5, $5, now(), now(), now()) RETURNING id`,
    [severity, title, source.id, source.name, `e2e:${run}:${title}`],
  );
  return rows[0]!.id;
}

/** Every corner of the element is painted by the element itself: nothing clips or covers it. */
async function expectFullyShown(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  const viewport = locator.page().viewportSize()!;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  const inset = 3;
  const corners = [
    [box!.x + inset, box!.y + inset],
    [box!.x + box!.width - inset, box!.y + inset],
    [box!.x + inset, box!.y + box!.height - inset],
    [box!.x + box!.width - inset, box!.y + box!.height - inset],
  ];
  for (const [x, y] of corners) {
    const painted = await locator.evaluate(
      (element, [px, py]) => {
        const top = document.elementFromPoint(px!, py!);
        return top !== null && element.contains(top);
      },
      [x, y],
    );
    expect(painted, `the point (${x}, ${y}) shows the element`).toBe(true);
  }
}

test.describe("the problem surface", () => {
  test("the navigation counts open alerts on every page and follows new ones without a reload", async ({
    page,
    sql,
  }) => {
    const openAlerts = async () =>
      Number((await sql<{ n: string }>("SELECT count(*) AS n FROM alerts WHERE status = 'open'"))[0]!.n);
    await signInAsAdmin(page);
    for (const path of ["/log-sources", "/search", "/settings/account"]) {
      await page.goto(path);
      await expect.poll(async () => (await shownOpenAlerts(page)) === (await openAlerts())).toBe(true);
    }
    await markPage(page);
    const alertId = await insertAlert(sql, lonely, `Counted ${run}`, "high");
    // The console refreshes itself: the count includes the new alert with no reload.
    await expect
      .poll(async () => (await shownOpenAlerts(page)) === (await openAlerts()) && (await openAlerts()) > 0, {
        timeout: 60_000,
      })
      .toBe(true);
    await expectNotReloaded(page);
    await expect(page.getByRole("link", { name: /^Alerts\s*\d+\+? open$/ })).toBeVisible();
    await sql("UPDATE alerts SET status = 'resolved', open_key = NULL, resolved_at = now() WHERE id = $1", [alertId]);
  });

  test("a source's Overview shows its critical alert and a rejected key, and replacing the key clears it", async ({
    page,
    sql,
  }) => {
    test.setTimeout(240_000);
    await signInAsAdmin(page);
    await page.goto("/log-sources");
    const name = `Troubled ${run}`;
    const key = await freshApiKey("troubled");
    const created = await sendFinish(page, { name, region: "us3", apiKey: key });
    const id = /"id":"([0-9a-f-]{36})"/.exec(created.body)?.[1];
    expect(id, created.body).toBeTruthy();

    // A critical alert for this source: the banner links to it.
    const alertId = await insertAlert(sql, { id: id!, name }, `Critical for ${name}`, "critical");
    await page.goto(`/log-sources/${id}`);
    const banner = page.getByTestId("source-problem-banner");
    await expect(banner.getByRole("link", { name: `Critical for ${name}` })).toHaveAttribute(
      "href",
      `/alerts/${alertId}`,
    );

    // Someone revokes the key in Rapid7; once Intake knows, the open page says so by itself.
    await markPage(page);
    await simulatorControl("DELETE", `/keys/${encodeURIComponent(key)}`);
    await sql(
      "UPDATE source_states SET credentials_status = 'invalid', credentials_message = NULL, credentials_checked_at = now() WHERE source_id = $1",
      [id],
    );
    await expect(page.getByText("Rapid7 rejects this source's API key", { exact: true })).toBeVisible({
      timeout: 60_000,
    });
    await expect(banner.getByRole("link", { name: "Replace the API key" })).toBeVisible();
    await expect(page.getByTestId("health-badge").filter({ visible: true })).toHaveAttribute(
      "data-status",
      "unhealthy",
    );
    await expectNotReloaded(page);

    // The banner leads to the fix.
    await banner.getByRole("link", { name: "Replace the API key" }).click();
    await expect(page).toHaveURL(new RegExp(`/log-sources/${id}\\?tab=settings#credentials$`));
    await page.getByRole("button", { name: "Replace API key" }).click();
    await page.getByRole("textbox", { name: "New API key" }).fill(await freshApiKey("troubled-new"));
    await page.getByRole("button", { name: "Check and replace" }).click();
    await expect(page.getByText("Rapid7 accepted the new key")).toBeVisible({ timeout: 30_000 });
    // The header of the page follows at once: the key is no longer what makes the source unhealthy.
    await expect(page.getByTestId("health-badge").filter({ visible: true })).not.toHaveAttribute(
      "data-status",
      "unhealthy",
      { timeout: 30_000 },
    );
    await sql("UPDATE alerts SET status = 'resolved', open_key = NULL, resolved_at = now() WHERE id = $1", [alertId]);
    await page.getByRole("link", { name: "Overview" }).click();
    await expect(page.getByTestId("source-name")).toHaveText(name);
    await expect(page.getByTestId("source-problem-banner")).toHaveCount(0, { timeout: 60_000 });
  });

  test("a single source's health details show in full on hover and on focus", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto(`/log-sources?q=${encodeURIComponent(lonely.name)}`);
    const rows = page.locator('tbody tr[data-testid^="source-row-"]');
    await expect(rows).toHaveCount(1);
    const badge = rows.getByTestId("health-badge");
    await badge.hover();
    const details = page.getByTestId("health-details");
    await expect(details).toBeVisible();
    await expect(details).toContainText("Credentials valid");
    await expectFullyShown(details);
    await page.keyboard.press("Escape");
    await expect(details).toBeHidden();

    await badge.focus();
    await expect(page.getByTestId("health-details")).toBeVisible();
    await expectFullyShown(page.getByTestId("health-details"));
    await expect(badge).toHaveAttribute("aria-describedby", /.+/);
  });
});

test.describe("consistency", () => {
  test("the no-events alert is the same switch in a source's settings as in onboarding", async ({ page, sql }) => {
    await signInAsAdmin(page);
    await page.goto(`/log-sources/${lonely.id}?tab=settings`);
    const toggle = page.getByRole("switch", { name: "Trigger an alert when no events are processed" });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await expect(page.getByLabel("Wait this long before alerting")).toBeDisabled();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.locator("[data-toast]").filter({ hasText: "Settings saved." })).toBeVisible();
    expect(await sql("SELECT no_events_alert_enabled FROM log_sources WHERE id = $1", [lonely.id])).toEqual([
      { no_events_alert_enabled: false },
    ]);
  });

  test("Set Credentials is ticked only once Rapid7 accepted the key", async ({ page }) => {
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, `Stepper ${run}`);
    const credentialsStep = page.getByRole("list", { name: "Setup progress" }).getByRole("listitem").nth(1);
    await enterCredentials(page, "us3", `not-a-real-rapid7-key-${crypto.randomUUID()}`);
    await expectSetupFailed(page, "Rapid7 rejected this API key");
    await expect(credentialsStep).toHaveAttribute("data-state", "unverified");
    await expect(credentialsStep).not.toContainText("✓");
    await expect(credentialsStep).toContainText("not verified yet");

    await page.getByRole("button", { name: "Back to credentials" }).click();
    await page.getByLabel("API Key", { exact: true }).fill(await freshApiKey("stepper"));
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expectSetupPassed(page);
    await expect(credentialsStep).toHaveAttribute("data-state", "done");
    await expect(credentialsStep).toContainText("✓");
  });

  test("pull history shows statuses capitalized like the rest of the console, and each run's window", async ({
    page,
    sql,
  }) => {
    await signInAsAdmin(page);
    await page.goto("/log-sources");
    const created = await sendFinish(page, {
      name: `Windowed ${run}`,
      region: "us3",
      apiKey: await freshApiKey("window"),
    });
    const id = /"id":"([0-9a-f-]{36})"/.exec(created.body)?.[1];
    await expect
      .poll(
        async () => (await sql("SELECT 1 FROM pull_runs WHERE source_id = $1 AND status = 'succeeded'", [id])).length,
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThan(0);
    await page.goto(`/log-sources/${id}?tab=history`);
    const succeeded = page
      .getByRole("table", { name: "Pull history" })
      .locator("tbody", { hasText: "Succeeded" })
      .last();
    await expect(succeeded.getByText("Succeeded", { exact: true })).toBeVisible();
    await expect(page.getByText("succeeded", { exact: true })).toHaveCount(0);
    await succeeded.locator("summary").click();
    await expect(succeeded.getByTestId("run-window")).toContainText("→");
    await expect(succeeded.getByTestId("run-window")).not.toHaveText("—");
  });
});

test.describe("users", () => {
  test("a role change is confirmed in a dialog naming the person and the role", async ({ page, sql }) => {
    await signInAsAdmin(page);
    await page.goto("/settings/users");
    const role = page.getByLabel(`Role of ${COLLEAGUE.email}`);
    await role.selectOption("ADMIN");
    const dialog = page.getByRole("alertdialog", { name: `Change ${COLLEAGUE.name}'s role to Admin?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(COLLEAGUE.email);
    // Nothing changed yet; Cancel keeps it that way.
    expect(await sql("SELECT role FROM users WHERE email = $1", [COLLEAGUE.email])).toEqual([{ role: "ANALYST" }]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(role).toHaveValue("ANALYST");
    expect(await sql("SELECT role FROM users WHERE email = $1", [COLLEAGUE.email])).toEqual([{ role: "ANALYST" }]);

    await role.selectOption("ADMIN");
    await page.getByRole("button", { name: "Change role to Admin" }).click();
    await expect
      .poll(async () => (await sql("SELECT role FROM users WHERE email = $1", [COLLEAGUE.email]))[0])
      .toEqual({ role: "ADMIN" });
    await expect(role).toHaveValue("ADMIN");
    // The change is confirmed in a toast that screen readers announce and a person can dismiss.
    const toast = page.locator("[data-toast]").filter({ hasText: `${COLLEAGUE.email} is now Admin.` });
    await expect(toast).toBeVisible();
    await toast.getByRole("button", { name: "Dismiss notification" }).click();
    await expect(toast).toHaveCount(0);
  });

  test("adding a user says so on the list", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto("/settings/users/new");
    const email = `surface-added-${run}@example.com`;
    await page.getByLabel("Name").fill(`Added Person ${run}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role").selectOption("ANALYST");
    await page.getByLabel("Initial password").fill("violet lantern 9 keys");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page).toHaveURL(/\/settings\/users\?added=/);
    await expect(page.getByRole("status").filter({ hasText: "User added" })).toContainText(
      `Added Person ${run} (${email}) can now sign in as an Analyst`,
    );
  });
});

test.describe("paper cuts", () => {
  test("signing in on another name of the same server stays on it, signed in", async ({ browser, baseURL }) => {
    const otherName = new URL(baseURL!);
    otherName.hostname = otherName.hostname === "localhost" ? "127.0.0.1" : "localhost";
    const context = await browser.newContext({ baseURL: otherName.origin });
    const page = await context.newPage();
    await page.goto("/settings/account");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Faccount$/);
    expect(new URL(page.url()).host).toBe(otherName.host);
    await page.getByLabel("Email").fill(FIRST_ADMIN.email);
    await page.getByLabel("Password").fill(FIRST_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(otherName.host);
    await expect(page).toHaveURL(/\/settings\/account$/);
    await page.goto("/alerts");
    // Exact: with no open alerts the page also has a "No open alerts" heading.
    await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
    expect(new URL(page.url()).host).toBe(otherName.host);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect(new URL(page.url()).host).toBe(otherName.host);
    await context.close();
  });

  test("the console has a favicon, served without a session", async ({ page }) => {
    await page.goto("/sign-in");
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href).toMatch(/^\/icon\.svg/);
    const icon = await page.request.get(href!);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  });

  test("the setup preview lists the newest events first and fits a narrow screen", async ({ page }) => {
    await page.setViewportSize({ width: 640, height: 900 });
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, `Preview ${run}`);
    await enterCredentials(page, "us3", await freshApiKey("preview"));
    await expectSetupPassed(page);
    const preview = page.getByTestId("setup-preview");
    await expect(preview.locator("tbody tr").first()).toBeVisible();
    const times = await preview
      .locator("tbody time")
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("datetime")!));
    expect(times.length).toBeGreaterThan(1);
    expect(times).toEqual([...times].sort().reverse());
    // Nothing is cut off on the right: the table fits its frame, and descriptions wrap instead of ending in "…".
    const frame = preview.locator("xpath=..");
    const fits = await frame.evaluate((element) => element.scrollWidth <= element.clientWidth);
    expect(fits).toBe(true);
    const truncated = await preview
      .locator("tbody td")
      .evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).length);
    expect(truncated).toBe(0);
  });

  test("an expanded audit change stays inside its cell", async ({ page }) => {
    await signInAsAdmin(page);
    // One unbroken word, wider than the Change column.
    const longName = `Renamed${run}${"x".repeat(48)}`;
    await page.goto(`/log-sources/${lonely.id}?tab=settings`);
    await page.getByLabel("Name", { exact: true }).clear();
    await page.getByLabel("Name", { exact: true }).fill(longName);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(longName);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.locator("[data-toast]").filter({ hasText: "Settings saved." })).toBeVisible();
    lonely = { ...lonely, name: longName };

    await page.goto("/settings/audit-log");
    const row = page.getByTestId("audit-row").filter({ hasText: longName }).first();
    await row.getByText("Show", { exact: true }).click();
    const change = row.getByRole("definition").first();
    await expect(row.getByLabel("Changed fields")).toBeVisible();
    const cell = row.locator("td").last();
    const cellBox = (await cell.boundingBox())!;
    for (const part of [row.getByLabel("Changed fields"), change]) {
      const box = (await part.boundingBox())!;
      expect(box.x + box.width, "the change's right edge").toBeLessThanOrEqual(cellBox.x + cellBox.width + 0.5);
    }
    const overflowing = await row
      .getByLabel("Changed fields")
      .evaluate(
        (list) => [...list.querySelectorAll("dd, dt")].filter((item) => item.scrollWidth > item.clientWidth + 1).length,
      );
    expect(overflowing).toBe(0);
  });
});
