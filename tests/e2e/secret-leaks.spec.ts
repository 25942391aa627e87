import { Receiver } from "../helpers/webhook-receiver";
import { E2E_ENCRYPTION_KEY, E2E_SECRET, FIRST_ADMIN } from "./support/constants";
import { expect, signInAsAdmin, test } from "./support/fixtures";
import { databaseLeaks, findLeaks, type Inspected, serverLogLines, watchResponses } from "./support/leaks";
import { enterCredentials, enterName, expectSetupPassed, openRapid7Setup } from "./support/onboarding-flow";
import { freshApiKey, requestsWithKey } from "./support/simulator";

/**
 * One long session that handles every kind of secret the console knows, then a search
 * for each secret in everything the console said about it: every log line of the
 * launcher, web server and worker (global setup runs them at debug level), every
 * response the browser and the API client received (bodies, status lines and headers),
 * every row of every table (the audit log and alert deliveries included) and what the
 * webhook receiver was sent.
 */
test("a full session with keys, tokens, passwords and a signed webhook leaves no secret in any log line, response or stored row", async ({
  page,
  request,
  baseURL,
  sql,
}) => {
  test.setTimeout(300_000);
  const run = crypto.randomUUID().slice(0, 8);
  const sourceName = `Leak hunt ${run}`;
  const receiver = new Receiver();
  await receiver.start();
  const secretPath = `hooks/leak-${run}-4f0c9e2d7b1a`;
  const secrets: Record<string, string> = {
    "the first Rapid7 API key": await freshApiKey(`leak-first-${run}`),
    "the replacement Rapid7 API key": await freshApiKey(`leak-second-${run}`),
    "a mistyped Rapid7 API key": `leak-mistyped-key-${run}-0b7e`,
    "the admin's password": FIRST_ADMIN.password,
    "a new user's initial password": `Vivid lantern ${run} drifts`,
    "the destination's URL path": secretPath,
    "the destination's signing secret": `leak-signing-secret-${run}-9d31`,
    NEXTAUTH_SECRET: E2E_SECRET,
    INTAKE_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
  };
  const apiResponses: Inspected[] = [];
  const responses = await watchResponses(page);

  // Sign in, and onboard a Rapid7 source; its first pull runs with the key.
  await signInAsAdmin(page);
  await openRapid7Setup(page);
  await enterName(page, sourceName);
  await enterCredentials(page, "us3", secrets["the first Rapid7 API key"]!);
  await expectSetupPassed(page);
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByTestId("source-name")).toHaveText(sourceName);
  await expect(page.getByTestId("health-badge").first()).toHaveAttribute("data-status", "healthy", { timeout: 45_000 });
  const [source] = await sql<{ id: string }>("SELECT id FROM log_sources WHERE name = $1", [sourceName]);

  // Replace its key: a mistyped one is refused, the new one is checked and taken.
  await page.goto(`/log-sources/${source!.id}?tab=settings`);
  await page.getByRole("button", { name: "Replace API key" }).click();
  await page.getByRole("textbox", { name: "New API key" }).fill(secrets["a mistyped Rapid7 API key"]!);
  await page.getByRole("button", { name: "Check and replace" }).click();
  await expect(page.getByText("Rapid7 rejected this API key")).toBeVisible();
  await page.getByRole("textbox", { name: "New API key" }).fill(secrets["the replacement Rapid7 API key"]!);
  await page.getByRole("button", { name: "Check and replace" }).click();
  await expect(page.getByText("Rapid7 accepted the new key, and the source now uses it.")).toBeVisible();
  // The worker pulls with the new key (the replacement queued a pull).
  await expect
    .poll(
      async () =>
        (await requestsWithKey(secrets["the replacement Rapid7 API key"]!)).some(
          (entry) => entry.family === "query" && entry.status === 200,
        ),
      { timeout: 60_000 },
    )
    .toBe(true);

  // An API token, shown once, then used by a script.
  await page.goto("/settings/api-tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByLabel("Token name").fill(`leak hunt ${run}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-api-token").inputValue();
  expect(token).toMatch(/^itk_/);
  // The prefix is shown in the token list on purpose; the rest must never come back.
  secrets["the API token"] = token.slice(12);
  await page.getByRole("button", { name: "Done" }).click();
  const callApi = async (method: "GET" | "POST", path: string, bearer = token) => {
    const response = await request.fetch(`${baseURL}${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}` },
    });
    const headers = response.headersArray().map(({ name, value }) => `${name}: ${value}`);
    apiResponses.push({
      where: `the API's answer to ${method} ${path}`,
      text: [`${response.status()}`, ...headers, await response.text()].join("\n"),
    });
    return response.status();
  };
  expect(await callApi("GET", "/api/v1/sources")).toBe(200);
  expect(await callApi("GET", `/api/v1/sources/${source!.id}`)).toBe(200);
  expect(await callApi("POST", `/api/v1/sources/${source!.id}/pull`)).toBeLessThan(300);
  expect(await callApi("GET", "/api/v1/alerts")).toBe(200);
  expect(await callApi("GET", "/api/v1/sources", `${token.slice(0, 12)}${"x".repeat(token.length - 12)}`)).toBe(401);

  // A colleague added with an initial password, whose password the admin then resets.
  const colleague = `leak-colleague-${run}@example.com`;
  await page.goto("/settings/users/new");
  await page.getByLabel("Name").fill(`Leak Colleague ${run}`);
  await page.getByLabel("Email").fill(colleague);
  await page.getByLabel("Role").selectOption("ANALYST");
  await page.getByLabel("Initial password").fill(secrets["a new user's initial password"]!);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page).toHaveURL(/\/settings\/users\?added=/);
  await page.getByRole("button", { name: `Reset password of ${colleague}` }).click();
  await page.getByRole("button", { name: `Confirm password reset of ${colleague}` }).click();
  secrets["the colleague's temporary password"] = (await page.getByTestId("temporary-password").innerText()).trim();

  // A webhook destination with a secret URL and a signing secret, and a test sent to it by the worker.
  const destinationName = `Leak hunt hook ${run}`;
  await page.goto("/settings/destinations/new");
  await page.getByLabel("Name").fill(destinationName);
  await page.getByLabel("URL").fill(`${receiver.origin}/${secretPath}`);
  await page.getByLabel("Signing secret (optional)").fill(secrets["the destination's signing secret"]!);
  await page.getByRole("button", { name: "Add destination" }).click();
  await expect(page).toHaveURL(/\/settings\/destinations$/);
  await page.getByRole("button", { name: `Send test to ${destinationName}` }).click();
  await expect.poll(() => receiver.to(`/${secretPath}`).length, { timeout: 30_000 }).toBe(1);
  const card = page.getByTestId(`destination-${destinationName}`);
  await expect(card.locator("xpath=ancestor::section[1]").getByTestId("delivery-row").first()).toHaveAttribute(
    "data-status",
    "delivered",
    { timeout: 15_000 },
  );

  // The audit log, read in the page as an admin would, and sign-out.
  await page.goto("/settings/audit-log");
  await expect(page.getByText(/^Chain verified/)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await receiver.stop();

  // What was inspected really covers the session: these must all have been recorded.
  const audited = await sql<{ action: string }>(
    "SELECT DISTINCT action FROM audit_log_entries WHERE target_label LIKE $1",
    [`%${run}%`],
  );
  expect(audited.map((row) => row.action).sort()).toEqual(
    expect.arrayContaining([
      "api_token.created",
      "destination.created",
      "destination.test_sent",
      "source.created",
      "source.key_replaced",
      "user.created",
      "user.password_reset",
    ]),
  );
  expect(await sql("SELECT id FROM alert_deliveries WHERE status = 'delivered'")).not.toEqual([]);
  const webhookRequests = receiver.requests.map((received, index) => ({
    where: `webhook request ${index + 1}`,
    text: `${JSON.stringify(received.headers)}\n${received.body}`,
  }));
  const logLines = serverLogLines();
  expect(
    logLines.some((line) => line.text.includes('"process":"worker"')),
    "the worker's log lines are in the server log",
  ).toBe(true);

  const leaks = [
    ...findLeaks(secrets, [...(await responses.recorded()), ...apiResponses, ...logLines, ...webhookRequests]),
    ...(await databaseLeaks(sql, secrets)),
  ];
  // The places two secrets belong: each shown once, in the answer to the action that made it.
  const shownOnce = leaks.filter(
    (leak) =>
      leak.serverAction &&
      ((leak.secret === "the API token" && leak.where.endsWith("/settings/api-tokens")) ||
        (leak.secret === "the colleague's temporary password" &&
          /\/settings\/users(\?added=[^/\s]*)?$/.test(leak.where))),
  );
  expect(
    shownOnce.map((leak) => leak.secret).sort(),
    "the token and the temporary password came back once each (so responses were searched)",
  ).toEqual(["the API token", "the colleague's temporary password"]);
  expect(leaks.filter((leak) => !shownOnce.includes(leak))).toEqual([]);
});
