import type { Request } from "@playwright/test";
import { SOURCE_TYPES } from "@/lib/catalog/source-types";
import { createUserInDatabase, expect, signIn, signInAsAdmin, test } from "./support/fixtures";
import { watchResponses } from "./support/leaks";
import {
  enterCredentials,
  enterName,
  expectNoHorizontalOverflow,
  expectNoLayoutShift,
  expectSetupFailed,
  expectSetupPassed,
  openRapid7Setup,
} from "./support/onboarding-flow";
import { shot } from "./support/screenshots";
import { freshApiKey, requestsWithKey, restoreSimulator, simulatorControl } from "./support/simulator";
import { createSourceNamed, sendFinish } from "./support/sources";

const rapid7 = SOURCE_TYPES.find((type) => type.id === "rapid7")!;
const isServerAction = (request: Request) =>
  request.method() === "POST" && request.headers()["next-action"] !== undefined;
const unique = (label: string) => `${label} ${crypto.randomUUID().slice(0, 8)}`;

test.describe("onboarding a Rapid7 source", () => {
  test.afterEach(restoreSimulator);

  test("the whole happy path, from Log Sources to events arriving on the new source's page", async ({ page, sql }) => {
    const key = await freshApiKey("happy");
    const responses = await watchResponses(page);
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

    // The panel is drawn from the catalog entry: its title, its docs heading and links.
    const panel = page.getByRole("dialog", { name: rapid7.panelTitle });
    await expect(panel).toBeVisible();
    await expect(panel.getByText("An organization API key with Administrator rights")).toBeVisible();
    await expect(panel.getByRole("heading", { name: rapid7.docs.title })).toBeVisible();
    for (const link of rapid7.docs.links)
      await expect(panel.getByRole("link", { name: link.label })).toHaveAttribute("href", link.href);
    await shot(page, "03-slide-out");
    await panel.getByRole("link", { name: "Start Setup" }).click();

    await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("placeholder", "My Rapid7 logs");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("Enter a name for this source")).toBeVisible();
    await shot(page, "04-name-required");
    await page.getByLabel("Name", { exact: true }).fill("My Rapid7 logs");
    await shot(page, "05-name");
    await enterName(page, "My Rapid7 logs");
    await shot(page, "06-credentials");
    await page.getByLabel("Storage Region").fill("United States - 3");
    await expect(page.getByText("United States - 3 → us3")).toBeVisible();
    await page.getByLabel("API Key", { exact: true }).fill(key);
    await expect(page.getByLabel("API Key", { exact: true })).toHaveAttribute("type", "password");
    await shot(page, "07-credentials-filled");

    // Rapid7 answers the key check slowly this once, so Setup can be seen at work.
    // Long enough that Back lands while the key check is still out, even on a busy machine, and
    // shorter than Setup's 15 s request timeout (lib/sources/verify.ts), which would retry the check.
    await simulatorControl("POST", "/faults", [
      { kind: "delay", ms: 10_000, count: 1, pathPattern: "/validate", apiKey: key },
    ]);
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    const firstStage = page.locator('[data-testid="setup-stages"] li').first();
    await expect(firstStage).toHaveAttribute("data-state", "running");
    await shot(page, "08-setup-in-progress");
    await expect(firstStage).toHaveAttribute("data-state", "running");

    await expectSetupPassed(page);
    await expect(page.getByText("Intake will now automatically pull & process logs from your account.")).toBeVisible();
    await expect(page.getByTestId("setup-preview").locator("tbody tr").first()).toBeVisible();
    const toggle = page.getByRole("switch", { name: "Trigger an alert when no events are processed" });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expect(page.getByLabel(/How long should Intake wait/)).toHaveValue("1440");
    await expect(page.getByLabel(/How long should Intake wait/).locator("option:checked")).toHaveText("1 Day");
    await page.getByLabel(/How long should Intake wait/).selectOption({ label: "3 Hours" });
    // As wide as its choices (w-48, 12rem), not the whole form: the class given overrides the input's own w-full.
    expect((await page.getByLabel(/How long should Intake wait/).boundingBox())!.width).toBeLessThan(250);
    await shot(page, "09-success");
    expect(await sql("SELECT id FROM log_sources WHERE name = 'My Rapid7 logs'")).toEqual([]);
    await page.getByRole("button", { name: "Finish" }).click();

    await expect(page.getByTestId("source-name")).toHaveText("My Rapid7 logs");
    await expect(page.getByText("Source created")).toBeVisible();
    // The first pull starts at once; the page refreshes itself until it has.
    await expect(page.getByTestId("health-badge").first()).toHaveAttribute("data-status", "healthy", {
      timeout: 45_000,
    });
    await shot(page, "10-source-page");
    const [source] = await sql<{
      id: string;
      no_events_alert_enabled: boolean;
      no_events_threshold_minutes: number;
      region: string;
      api_key_encrypted: string;
      audit_logs: unknown[];
    }>(
      "SELECT id, no_events_alert_enabled, no_events_threshold_minutes, region, api_key_encrypted, audit_logs FROM log_sources WHERE name = 'My Rapid7 logs'",
    );
    expect(source).toMatchObject({ no_events_alert_enabled: true, no_events_threshold_minutes: 180, region: "us3" });
    expect(source!.audit_logs).toHaveLength(3);
    expect(source!.api_key_encrypted).not.toContain(key);
    const counted = await sql<{ n: string }>("SELECT count(*) AS n FROM events WHERE source_id = $1", [source!.id]);
    expect(Number(counted[0]?.n)).toBeGreaterThan(0);

    await page.getByRole("link", { name: "View data" }).click();
    await expect(page).toHaveURL(new RegExp(`/search\\?source=${source!.id}`));
    await responses.expectAbsent(key);
  });

  test("a wrong key, and a key from another region that Detect region fixes", async ({ page }) => {
    const wrongKey = `not-a-real-rapid7-key-${crypto.randomUUID()}`;
    const key = await freshApiKey("region");
    const responses = await watchResponses(page);
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Region mixup");
    await enterCredentials(page, "us3", wrongKey);
    await expectSetupFailed(page, "Rapid7 rejected this API key in United States - 3 (us3)");
    await shot(page, "bad-key");
    await page.getByRole("button", { name: "Back to credentials" }).click();
    // The problem is shown next to the field it is about.
    await expect(page.locator("#apiKey-error")).toContainText("Rapid7 rejected this API key");

    await page.getByLabel("Storage Region").fill("eu");
    await page.getByLabel("API Key", { exact: true }).fill(key);
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expectSetupFailed(page, "Rapid7 rejected this API key in Europe (eu)");
    await shot(page, "wrong-region");
    await page.getByRole("button", { name: "Back to credentials" }).click();
    // Going back kept what was typed, the key included (in memory only).
    await expect(page.getByLabel("Storage Region")).toHaveValue("eu");
    await expect(page.getByLabel("API Key", { exact: true })).toHaveValue(key);
    await page.getByRole("button", { name: "Detect region" }).click();
    await expect(page.getByText("Rapid7 accepted the key in United States - 3: the region is us3.")).toBeVisible();
    await expect(page.getByLabel("Storage Region")).toHaveValue("us3");
    await shot(page, "detect-region");
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expectSetupPassed(page);
    await responses.expectAbsent(key, wrongKey);
  });

  test("a key without Administrator rights gets its own message", async ({ page }) => {
    const key = await freshApiKey("readonly", false);
    const responses = await watchResponses(page);
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Readonly attempt");
    await enterCredentials(page, "us3", key);
    await expectSetupFailed(page, "This key is valid but may not read audit logs");
    await expect(page.locator('[data-testid="setup-stages"] li').nth(0)).toHaveAttribute("data-state", "done");
    await expect(page.locator('[data-testid="setup-stages"] li').nth(2)).toHaveAttribute("data-state", "failed");
    await shot(page, "non-admin-key");
    await responses.expectAbsent(key);
  });

  test("Rapid7 answering with server errors: a clear message, and Try again once it is back", async ({ page }) => {
    const key = await freshApiKey("server-error");
    const responses = await watchResponses(page);
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Flaky Rapid7");
    await simulatorControl("POST", "/faults", [
      { kind: "status", status: 503, count: 3, pathPattern: "/validate", apiKey: key },
    ]);
    await enterCredentials(page, "us3", key);
    await expectSetupFailed(page, "Rapid7 had a server error (503)");
    await shot(page, "rapid7-server-error");
    await page.getByRole("button", { name: "Try again" }).click();
    await expectSetupPassed(page);
    await responses.expectAbsent(key);
  });

  test("Rapid7 unreachable (connections cut): could not reach Rapid7, and Try again once it is back", async ({
    page,
  }) => {
    const key = await freshApiKey("down");
    const responses = await watchResponses(page);
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Rapid7 down");
    // The simulator drops the TCP connection of every attempt (the client makes three) without answering.
    await simulatorControl("POST", "/faults", [{ kind: "reset", count: 3, pathPattern: "/validate", apiKey: key }]);
    await enterCredentials(page, "us3", key);
    await expectSetupFailed(
      page,
      "Intake could not reach Rapid7 for United States - 3 (us3). Check this server's outbound network access, then try again.",
    );
    expect(await requestsWithKey(key)).toEqual([{ family: "management", status: 0, count: 3 }]);
    await shot(page, "rapid7-unreachable");
    await page.getByRole("button", { name: "Try again" }).click();
    await expectSetupPassed(page);
    await responses.expectAbsent(key);
  });

  test("Rapid7 rate limiting the key: retry later, once, without hammering it", async ({ page }) => {
    const key = await freshApiKey("limited");
    const responses = await watchResponses(page);
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Rate limited");
    await simulatorControl("POST", "/faults", [
      { kind: "status", status: 429, retryAfterSec: 120, count: 1, pathPattern: "/validate", apiKey: key },
    ]);
    await enterCredentials(page, "us3", key);
    await expectSetupFailed(page, "Rapid7's rate limit for this key is used up; it resets in 120 s. Try again then.");
    // One 429 and no retries: a person is waiting, and retrying would only spend the next window.
    expect(await requestsWithKey(key)).toEqual([{ family: "management", status: 429, count: 1 }]);
    await shot(page, "rapid7-rate-limited");
    await page.getByRole("button", { name: "Try again" }).click();
    await expectSetupPassed(page);
    await responses.expectAbsent(key);
  });

  test("an invalid region and a taken name are reported next to their fields", async ({ page }) => {
    const key = await freshApiKey("typo");
    const responses = await watchResponses(page);
    await signInAsAdmin(page);
    const taken = unique("Taken name");
    await createSourceNamed(page, taken);

    await openRapid7Setup(page);
    const name = page.getByLabel("Name", { exact: true });
    const continueButton = page.getByRole("button", { name: "Continue" });
    // Each error takes its field's hint's place: nothing on the form moves.
    await expectNoLayoutShift([name, continueButton], async () => {
      await name.fill(`  ${taken.toUpperCase()} `);
      await continueButton.click();
      await expect(page.locator("#name-error")).toHaveText(
        "A source with this name already exists. Choose another name.",
      );
    });
    await expect(name).toHaveAttribute("aria-describedby", "name-error");
    await shot(page, "name-taken");

    await enterName(page, "Region typo");
    const steady = [
      page.getByLabel("Storage Region"),
      page.getByLabel("API Key", { exact: true }),
      page.getByRole("button", { name: "Setup", exact: true }),
    ];
    await expectNoLayoutShift(steady, async () => {
      await enterCredentials(page, "us9", key);
      await expect(page.locator("#region-error")).toHaveText(
        '"us9" is not a Rapid7 region. Enter the Storage Region as one of us, us2, us3, eu, ca, au, ap.',
      );
    });
    await shot(page, "invalid-region");
    // A key pasted into the wrong field is refused without being repeated on the page.
    await expectNoLayoutShift(steady, async () => {
      await enterCredentials(page, key, key);
      await expect(page.locator("#region-error")).toHaveText(
        "That is not a Rapid7 region. Enter the Storage Region as one of us, us2, us3, eu, ca, au, ap.",
      );
    });
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await responses.expectAbsent(key);
  });

  test("Back after a failed Setup goes back through history and never runs the checks again", async ({ page }) => {
    const wrongKey = `not-a-real-rapid7-key-${crypto.randomUUID()}`;
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "History check");
    await enterCredentials(page, "us3", wrongKey);
    await expectSetupFailed(page, "Rapid7 rejected this API key");
    const once = [{ family: "management", status: 401, count: 1 }];
    expect(await requestsWithKey(wrongKey)).toEqual(once);

    const actions: string[] = [];
    page.on("request", (request) => void (isServerAction(request) && actions.push(request.url())));
    await page.getByRole("button", { name: "Back to credentials" }).click();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    // The browser's Back from here is the step before credentials, not the failed Setup again.
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Name this source" })).toBeVisible();
    await page.goForward();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    // Forward into Setup shows how it ended; it does not call Rapid7 again by itself.
    await page.goForward();
    await expectSetupFailed(page, "Rapid7 rejected this API key");
    await shot(page, "setup-reached-by-forward");
    await page.waitForTimeout(1_000);
    expect(actions).toEqual([]);
    expect(await requestsWithKey(wrongKey)).toEqual(once);
  });

  test("pressing the browser's Back during Setup abandons it: its answer does not pull the page to Finish", async ({
    page,
  }) => {
    const key = await freshApiKey("abandoned");
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Left mid-setup");
    // Long enough that Back lands while the key check is still out, even on a busy machine, and
    // shorter than Setup's 15 s request timeout (lib/sources/verify.ts), which would retry the check.
    await simulatorControl("POST", "/faults", [
      { kind: "delay", ms: 10_000, count: 1, pathPattern: "/validate", apiKey: key },
    ]);
    const actions: string[] = [];
    page.on("request", (request) => void (isServerAction(request) && actions.push(request.url())));
    await enterCredentials(page, "us3", key);
    await expect(page.locator('[data-testid="setup-stages"] li').first()).toHaveAttribute("data-state", "running");
    await shot(page, "setup-in-progress");

    await page.goBack();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    // Rapid7 still answers the key check, and the page gets that answer: the abandoned run must ignore it and go no further.
    const answered = [{ family: "management", status: 200, count: 1 }];
    await expect.poll(() => requestsWithKey(key), { timeout: 60_000 }).toEqual(answered);
    await page.waitForTimeout(2_000);
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    expect(actions).toHaveLength(1);
    expect(await requestsWithKey(key)).toEqual(answered);

    await page.goForward();
    await expect(page.getByTestId("setup-not-running")).toHaveText(
      "The checks stopped when you left this step; nothing was saved.",
    );
    await shot(page, "setup-abandoned");
    await page.getByRole("button", { name: "Run the checks" }).click();
    await expectSetupPassed(page);
  });

  test("a name taken by the time of Finish leads straight back to the name, with the error next to it", async ({
    page,
    sql,
  }) => {
    const key = await freshApiKey("clash");
    const responses = await watchResponses(page);
    const name = unique("Clash at finish");
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, name);
    await enterCredentials(page, "us3", key);
    await expectSetupPassed(page);
    // Meanwhile a colleague creates a source with the same name.
    await createSourceNamed(page, name);

    await page.getByRole("button", { name: "Finish" }).click();
    await expect(page.getByTestId("finish-error")).toHaveText(
      "A source with this name already exists. Choose another name.",
    );
    await expect(page.getByRole("heading", { name: "The source was not created" })).toBeFocused();
    await shot(page, "finish-name-taken");
    await page.getByRole("button", { name: "Back to name" }).click();

    const nameField = page.getByLabel("Name", { exact: true });
    await expect(page.locator("#name-error")).toHaveText(
      "A source with this name already exists. Choose another name.",
    );
    await expect(nameField).toHaveAttribute("aria-invalid", "true");
    await expect(nameField).toBeFocused();
    await shot(page, "finish-back-to-name");
    await enterName(page, `${name} (mine)`);
    await expect(page.getByLabel("API Key", { exact: true })).toHaveValue(key);
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expectSetupPassed(page);
    await page.getByRole("button", { name: "Finish" }).click();
    await expect(page.getByTestId("source-name")).toHaveText(`${name} (mine)`);
    expect(await sql("SELECT name FROM log_sources WHERE name LIKE $1 ORDER BY name", [`${name}%`])).toEqual([
      { name },
      { name: `${name} (mine)` },
    ]);
    await responses.expectAbsent(key);
  });

  test("unticking every audit log is reported and refused, in the page and by the server", async ({ page, sql }) => {
    const key = await freshApiKey("choice");
    const name = unique("Choice check");
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, name);
    await enterCredentials(page, "us3", key);
    await expectSetupPassed(page);

    const logs = page.getByRole("group", { name: "Audit logs to pull" }).getByRole("checkbox");
    await expect(logs).toHaveCount(3);
    for (const log of await logs.all()) await expect(log).toBeChecked();
    for (const log of await logs.all()) await log.uncheck();
    // Nothing was silently ticked again, and Finish cannot be pressed.
    for (const log of await logs.all()) await expect(log).not.toBeChecked();
    await expect(page.getByText("Choose at least one audit log.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Finish" })).toBeDisabled();
    await shot(page, "no-audit-log-chosen");

    // Running Setup again keeps the (empty) choice instead of choosing everything.
    await page.getByRole("button", { name: "Back", exact: true }).click();
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expectSetupPassed(page);
    for (const log of await logs.all()) await expect(log).not.toBeChecked();
    await expect(page.getByText("Choose at least one audit log.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Finish" })).toBeDisabled();

    // The Finish action refuses an empty choice too, whatever the page does.
    const direct = await sendFinish(page, { name, region: "us3", apiKey: key, auditLogIds: [] });
    expect(direct.body).toContain("Choose at least one audit log.");
    expect(direct.body).not.toContain('"ok":true');
    expect(await sql("SELECT id FROM log_sources WHERE name = $1", [name])).toEqual([]);

    const chosen = logs.nth(1);
    const chosenName = (await chosen.evaluate((input) => input.closest("label")?.textContent ?? "")).trim();
    await chosen.check();
    await expect(page.getByText("Choose at least one audit log.")).toHaveCount(0);
    await page.getByRole("button", { name: "Finish" }).click();
    await expect(page.getByTestId("source-name")).toHaveText(name);
    const [source] = await sql<{ audit_logs: { name: string }[] }>(
      "SELECT audit_logs FROM log_sources WHERE name = $1",
      [name],
    );
    expect(source!.audit_logs).toHaveLength(1);
    expect(chosenName.startsWith(source!.audit_logs[0]!.name)).toBe(true);
  });

  test("Back works, and a reload mid-way keeps the typed values but never the key, and creates nothing", async ({
    page,
    sql,
  }) => {
    await signInAsAdmin(page);
    await openRapid7Setup(page);
    await enterName(page, "Reload check");
    const key = await freshApiKey("reload");
    await enterCredentials(page, "us3", key);
    await expectSetupPassed(page);
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await expect(page.getByLabel("API Key", { exact: true })).toHaveValue(key);
    await page.goBack();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Reload check");
    await page.goForward();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await page.getByRole("button", { name: "Setup", exact: true }).click();
    await expectSetupPassed(page);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
    await expect(page.getByText("Enter the API key again")).toBeVisible();
    await expect(page.getByLabel("Storage Region")).toHaveValue("us3");
    await expect(page.getByLabel("API Key", { exact: true })).toHaveValue("");
    await shot(page, "after-reload");
    const stored = await page.evaluate(() => JSON.stringify(window.sessionStorage));
    expect(stored).toContain("Reload check");
    expect(stored).not.toContain(key);
    expect(await sql("SELECT id FROM log_sources WHERE name = 'Reload check'")).toEqual([]);
  });

  test("with the keyboard only: catalog, panel, every step and Finish", async ({ page }) => {
    const key = await freshApiKey("keyboard");
    const name = unique("Keyboard only");
    await signInAsAdmin(page);
    await page.goto("/log-sources/new");
    const search = page.getByLabel("Search sources");
    await expect(search).toBeFocused();
    await page.keyboard.type("Rapid7");
    await page.keyboard.press("Tab");
    const tile = page.getByTestId("source-tile-rapid7");
    await expect(tile).toBeFocused();

    // The panel takes focus, keeps it inside, closes on Escape and hands focus back to the tile.
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: rapid7.panelTitle });
    const startSetup = panel.getByRole("link", { name: "Start Setup" });
    await expect(startSetup).toBeFocused();
    // The page behind is out of the accessibility tree while the panel is open, and back after.
    await expect(page.getByRole("searchbox", { name: "Search sources" })).toHaveCount(0);
    await page.keyboard.press("Tab");
    await expect(panel.getByRole("button", { name: "Close", exact: true })).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(startSetup).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(panel).toHaveCount(0);
    await expect(tile).toBeFocused();
    await expect(page.getByRole("searchbox", { name: "Search sources" })).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(startSetup).toBeFocused();
    await page.keyboard.press("Enter");

    const nameField = page.getByLabel("Name", { exact: true });
    await expect(nameField).toBeFocused();
    await page.keyboard.type(name);
    await page.keyboard.press("Enter");

    const region = page.getByLabel("Storage Region");
    await expect(region).toBeFocused();
    await page.keyboard.type("us3");
    await page.keyboard.press("Tab");
    await expect(page.getByText("Which code is my region?")).toBeFocused();
    await page.keyboard.press("Tab");
    const apiKey = page.getByLabel("API Key", { exact: true });
    await expect(apiKey).toBeFocused();
    await page.keyboard.type(key);
    await page.keyboard.press("Tab");
    // One stable name that says which field it reveals; aria-pressed carries the state.
    const reveal = page.getByRole("button", { name: "Show API key" });
    await expect(reveal).toBeFocused();
    await expect(reveal).toHaveAttribute("aria-pressed", "false");
    await page.keyboard.press("Enter");
    await expect(reveal).toHaveAttribute("aria-pressed", "true");
    await expect(apiKey).toHaveAttribute("type", "text");
    await page.keyboard.press("Enter");
    await expect(reveal).toHaveAttribute("aria-pressed", "false");
    await expect(apiKey).toHaveAttribute("type", "password");
    await page.keyboard.press("Shift+Tab");
    await expect(apiKey).toBeFocused();
    await page.keyboard.press("Enter");

    await expectSetupPassed(page);
    const toggle = page.getByRole("switch", { name: "Trigger an alert when no events are processed" });
    const finish = page.getByRole("button", { name: "Finish" });
    for (
      let presses = 0;
      presses < 20 && !(await toggle.evaluate((element) => element === document.activeElement));
      presses++
    )
      await page.keyboard.press("Tab");
    await expect(toggle).toBeFocused();
    await page.keyboard.press("Space");
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await page.keyboard.press("Space");
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    for (
      let presses = 0;
      presses < 5 && !(await finish.evaluate((element) => element === document.activeElement));
      presses++
    )
      await page.keyboard.press("Tab");
    await expect(finish).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("source-name")).toHaveText(name);
  });

  test("works in a narrow window: no sideways scrolling, and errors take the place of hints", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAsAdmin(page);
    await page.goto("/log-sources/new");
    await expectNoHorizontalOverflow(page, "the catalog");
    await shot(page, "narrow-catalog");
    await page.getByTestId("source-tile-rapid7").click();
    await expect(page.getByRole("dialog", { name: rapid7.panelTitle })).toBeVisible();
    await expectNoHorizontalOverflow(page, "the slide-out panel");
    await shot(page, "narrow-slide-out");
    await page.getByRole("link", { name: "Start Setup" }).click();

    const nameField = page.getByLabel("Name", { exact: true });
    const continueButton = page.getByRole("button", { name: "Continue" });
    await expect(nameField).toBeVisible();
    await expectNoHorizontalOverflow(page, "the name step");
    await expectNoLayoutShift([nameField, continueButton], async () => {
      await continueButton.click();
      await expect(page.locator("#name-error")).toBeVisible();
    });
    await shot(page, "narrow-name");
    await enterName(page, unique("Narrow window"));

    const region = page.getByLabel("Storage Region");
    const apiKey = page.getByLabel("API Key", { exact: true });
    await expectNoHorizontalOverflow(page, "the credentials step");
    await expectNoLayoutShift([region, apiKey], async () => {
      await region.fill("United States - 3");
      await expect(page.getByText("United States - 3 → us3")).toBeVisible();
    });
    await expectNoLayoutShift([region, apiKey, page.getByRole("button", { name: "Detect region" })], async () => {
      await region.fill("us9");
      await apiKey.fill("short");
      await page.getByRole("button", { name: "Setup", exact: true }).click();
      await expect(page.locator("#region-error")).toBeVisible();
      await expect(page.locator("#apiKey-error")).toBeVisible();
    });
    await shot(page, "narrow-credentials-errors");

    // Long enough that Back lands while the key check is still out, even on a busy machine, and
    // shorter than Setup's 15 s request timeout (lib/sources/verify.ts), which would retry the check.
    const key = await freshApiKey("narrow");
    await simulatorControl("POST", "/faults", [
      { kind: "delay", ms: 10_000, count: 1, pathPattern: "/validate", apiKey: key },
    ]);
    await enterCredentials(page, "us3", key);
    await expect(page.locator('[data-testid="setup-stages"] li').first()).toHaveAttribute("data-state", "running");
    await expectNoHorizontalOverflow(page, "the setup step");
    await shot(page, "narrow-setup");
    await expectSetupPassed(page);
    await expectNoHorizontalOverflow(page, "the success step");
    await shot(page, "narrow-success");
  });

  test("an analyst sees the list without Create New and cannot reach the setup", async ({ page, sql }) => {
    const analyst = {
      email: "onboarding-analyst@example.com",
      name: "Olga Analyst",
      password: "analyst password 2",
      role: "ANALYST" as const,
    };
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
