import { readFileSync } from "node:fs";
import type { Page, Response } from "@playwright/test";
import { createUserInDatabase, expect, signIn, signInAsAdmin, test } from "./support/fixtures";
import { freshApiKey, simulatorControl } from "./support/simulator";

/** Collects the text of every HTML and JSON response the page receives, to prove a secret never comes back. */
function captureResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (response: Response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/html|json|x-component|text\/plain/.test(type)) return;
    try {
      bodies.push(await response.text());
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  return bodies;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function openRapid7Setup(page: Page) {
  await page.goto("/log-sources");
  await page.getByRole("link", { name: "Create New" }).first().click();
  await page.getByLabel("Search sources").fill("Rapid7");
  await page.getByTestId("source-tile-rapid7").click();
  await page.getByRole("link", { name: "Start Setup" }).click();
  await expect(page.getByRole("heading", { name: "Name this source" })).toBeVisible();
}

async function enterName(page: Page, name: string) {
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
}

async function enterCredentials(page: Page, region: string, key: string) {
  await page.getByLabel("Storage Region").fill(region);
  await page.getByLabel("API Key").fill(key);
  await page.getByRole("button", { name: "Setup", exact: true }).click();
}

test.describe("onboarding a Rapid7 source", () => {
  test("the whole happy path, from Log Sources to events arriving on the new source's page", async ({ page, sql }) => {
    const key = await freshApiKey("happy");
    const bodies = captureResponses(page);
    await signInAsAdmin(page);
    await page.goto("/log-sources");
    await shot(page, "01-log-sources");
    await page.getByRole("link", { name: "Create New" }).first().click();
    await shot(page, "02-catalog");
    await page.getByLabel("Search sources").fill("nothing like this");
    await expect(page.getByText('No source type matches "nothing like this"')).toBeVisible();
    await page.getByLabel("Search sources").fill("Rapid7");
    await expect(page.getByTestId("source-tile-rapid7")).toBeVisible();
    await page.getByTestId("source-tile-rapid7").click();
    const panel = page.getByRole("dialog", { name: "Rapid7 audit logs" });
    await expect(panel).toBeVisible();
    await expect(panel.getByText("An organization API key with Administrator rights")).toBeVisible();
    await shot(page, "03-slide-out");
    await panel.getByRole("link", { name: "Start Setup" }).click();

    await expect(page.getByLabel("Name")).toHaveAttribute("placeholder", "My Rapid7 logs");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("Enter a name for this source")).toBeVisible();
    await shot(page, "04-name");
    await enterName(page, "My Rapid7 logs");
    await shot(page, "05-credentials");
    await page.getByLabel("Storage Region").fill("United States - 3");
    await expect(page.getByText("United States - 3 → us3")).toBeVisible();
    await page.getByLabel("API Key").fill(key);
    await expect(page.getByLabel("API Key")).toHaveAttribute("type", "password");
    await page.getByRole("button", { name: "Setup", exact: true }).click();

    await expect(page.getByRole("heading", { name: "Everything looks good!" })).toBeVisible();
    await expect(page.getByText("Intake will now automatically pull & process logs from your account.")).toBeVisible();
    await expect(page.getByTestId("setup-preview").locator("tbody tr").first()).toBeVisible();
    const toggle = page.getByRole("switch", { name: "Trigger an alert when no events are processed" });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expect(page.getByLabel(/How long should Intake wait/)).toHaveValue("1440");
    await expect(page.getByLabel(/How long should Intake wait/).locator("option:checked")).toHaveText("1 Day");
    await page.getByLabel(/How long should Intake wait/).selectOption({ label: "3 Hours" });
    await shot(page, "06-success");
    expect(await sql("SELECT id FROM log_sources WHERE name = 'My Rapid7 logs'")).toEqual([]);
    await page.getByRole("button", { name: "Finish" }).click();

    await expect(page.getByTestId("source-name")).toHaveText("My Rapid7 logs");
    await expect(page.getByText("Source created")).toBeVisible();
    // The first pull starts at once; the page refreshes itself until it has.
    await expect(page.getByTestId("health-badge").first()).toHaveAttribute("data-status", "healthy", { timeout: 45_000 });
    await shot(page, "07-source-page");
    const [source] = await sql<{ id: string; no_events_alert_enabled: boolean; no_events_threshold_minutes: number; region: string; api_key_encrypted: string }>(
      "SELECT id, no_events_alert_enabled, no_events_threshold_minutes, region, api_key_encrypted FROM log_sources WHERE name = 'My Rapid7 logs'",
    );
    expect(source).toMatchObject({ no_events_alert_enabled: true, no_events_threshold_minutes: 180, region: "us3" });
    expect(source!.api_key_encrypted).not.toContain(key);
    const counted = await sql<{ n: string }>("SELECT count(*) AS n FROM events WHERE source_id = $1", [source!.id]);
    expect(Number(counted[0]?.n)).toBeGreaterThan(0);

    await page.getByRole("link", { name: "View data" }).click();
    await expect(page).toHaveURL(new RegExp(`/search\\?source=${source!.id}`));

    // The key never came back to the browser, and the server never logged it.
    for (const body of bodies) expect(body.includes(key), "a response contained the API key").toBe(false);
    expect(readFileSync(process.env.E2E_SERVER_LOG!, "utf8")).not.toContain(key);
  });

  test("a wrong key, and a key from another region that Detect region fixes", async ({ page }) => {
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Region mixup");
    await enterCredentials(page, "us3", "not-a-real-rapid7-key-000000");
    await expect(page.getByTestId("setup-error")).toContainText("Rapid7 rejected this API key in United States - 3 (us3)");
    await shot(page, "bad-key");
    await page.getByRole("button", { name: "Back to credentials" }).click();

    const key = await freshApiKey("region");
    await page.getByLabel("Storage Region").fill("eu");
    await page.getByLabel("API Key").fill(key);
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expect(page.getByTestId("setup-error")).toContainText("Rapid7 rejected this API key in Europe (eu)");
    await page.getByRole("button", { name: "Back to credentials" }).click();
    // Going back kept what was typed, the key included (in memory only).
    await expect(page.getByLabel("Storage Region")).toHaveValue("eu");
    await expect(page.getByLabel("API Key")).toHaveValue(key);
    await page.getByRole("button", { name: "Detect region" }).click();
    await expect(page.getByText("Rapid7 accepted the key in United States - 3: the region is us3.")).toBeVisible();
    await expect(page.getByLabel("Storage Region")).toHaveValue("us3");
    await shot(page, "detect-region");
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Everything looks good!" })).toBeVisible();
  });

  test("a key without Administrator rights gets its own message", async ({ page }) => {
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Readonly attempt");
    await enterCredentials(page, "us3", await freshApiKey("readonly", false));
    await expect(page.getByTestId("setup-error")).toContainText("This key is valid but may not read audit logs");
    await expect(page.locator('[data-testid="setup-stages"] li').nth(0)).toHaveAttribute("data-state", "done");
    await expect(page.locator('[data-testid="setup-stages"] li').nth(2)).toHaveAttribute("data-state", "failed");
  });

  test("Rapid7 failing: a clear message, and Try again once it is back", async ({ page }) => {
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Flaky Rapid7");
    await simulatorControl("POST", "/faults", [{ kind: "status", status: 503, count: 3, pathPattern: "/validate" }]);
    await enterCredentials(page, "us3", await freshApiKey("down"));
    await expect(page.getByTestId("setup-error")).toContainText("Rapid7 had a server error (503)");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { name: "Everything looks good!" })).toBeVisible();
  });

  test("an invalid region and a taken name are reported next to their fields", async ({ page, sql }) => {
    await signInAsAdmin(page);
    const [existing] = await sql<{ name: string }>("SELECT name FROM log_sources WHERE deleted_at IS NULL LIMIT 1");
    await openRapid7Setup(page);
    await page.getByLabel("Name").fill(existing!.name.toUpperCase());
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("A source with this name already exists. Choose another name.")).toBeVisible();
    await enterName(page, "Region typo");
    await page.getByLabel("Storage Region").fill("us9");
    await page.getByLabel("API Key").fill(await freshApiKey("typo"));
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expect(page.getByText('"us9" is not a Rapid7 region. Enter the Storage Region as one of us, us2, us3, eu, ca, au, ap.')).toBeVisible();
  });

  test("Back works, and a reload mid-way keeps the typed values but never the key, and creates nothing", async ({ page, sql }) => {
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Reload check");
    const key = await freshApiKey("reload");
    await enterCredentials(page, "us3", key);
    await expect(page.getByRole("heading", { name: "Everything looks good!" })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await expect(page.getByLabel("API Key")).toHaveValue(key);
    await page.goBack();
    await expect(page.getByLabel("Name")).toHaveValue("Reload check");
    await page.goForward();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Everything looks good!" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await expect(page.getByText("Enter the API key again")).toBeVisible();
    await expect(page.getByLabel("Storage Region")).toHaveValue("us3");
    await expect(page.getByLabel("API Key")).toHaveValue("");
    const stored = await page.evaluate(() => JSON.stringify(window.sessionStorage));
    expect(stored).toContain("Reload check");
    expect(stored).not.toContain(key);
    expect(await sql("SELECT id FROM log_sources WHERE name = 'Reload check'")).toEqual([]);
  });

  test("works in a narrow window", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Narrow window");
    await enterCredentials(page, "us3", await freshApiKey("narrow"));
    await expect(page.getByRole("heading", { name: "Everything looks good!" })).toBeVisible();
    await shot(page, "narrow-success");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("an analyst sees the list without Create New and cannot reach the setup", async ({ page, sql }) => {
    const analyst = { email: "onboarding-analyst@example.com", name: "Olga Analyst", password: "analyst password 2", role: "ANALYST" as const };
    await createUserInDatabase(sql, analyst);
    await signIn(page, analyst.email, analyst.password);
    await page.goto("/log-sources");
    await expect(page.getByRole("heading", { name: "Log Sources" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Create New" })).toHaveCount(0);
    for (const path of ["/log-sources/new", "/log-sources/new/rapid7"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    }
  });
});
