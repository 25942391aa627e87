import type { BrowserContext } from "@playwright/test";
import { createUserInDatabase, expect, formAlert, signIn, signInAsAdmin, test } from "./support/fixtures";
import { postServerAction, serverActions } from "./support/server-actions";

const ANALYST = {
  email: "ana@example.com",
  name: "Ana Analyst",
  password: "analyst password 1",
  role: "ANALYST" as const,
};

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Arguments that an admin may legitimately send to each action, so a refusal cannot be blamed on bad input. */
function sampleArguments(name: string, analystId: string, foreignTokenId: string): unknown[] {
  switch (name) {
    case "createFirstAdminAction":
      return [
        {
          name: "Mallory",
          email: "mallory@example.com",
          password: "sample owner passphrase 1",
          confirmPassword: "sample owner passphrase 1",
        },
      ];
    case "createUserAction":
      return [{ name: "Eve", email: `eve-${Date.now()}@example.com`, role: "ADMIN", password: "eve password 12" }];
    case "changeUserRoleAction":
      return [{ userId: analystId, role: "ADMIN" }];
    case "setUserDisabledAction":
      return [{ userId: analystId, disabled: true }];
    // Source actions: the analyst must be refused before the source id or key matter.
    case "reprocessFailuresAction":
    case "requestPullAction":
    case "recheckCredentialsAction":
      return [{ sourceId: crypto.randomUUID() }];
    case "updateVolumeSettingsAction":
      return [
        {
          sourceId: crypto.randomUUID(),
          lowVolumeAlertEnabled: true,
          lowVolumeWarnPercent: 50,
          lowVolumeErrorPercent: 20,
        },
      ];
    case "addMaintenanceWindowAction":
      return [{ sourceId: crypto.randomUUID(), reason: "Probe", startsInHours: 0, durationHours: 1 }];
    case "endMaintenanceWindowAction":
      return [{ sourceId: crypto.randomUUID(), windowId: crypto.randomUUID() }];
    case "setSourcePausedAction":
      return [{ sourceId: crypto.randomUUID(), paused: true }];
    case "checkSourceNameAction":
      return [{ name: "Probe" }];
    case "detectRegionAction":
      return [{ apiKey: "demo-us3-admin-key" }];
    case "checkApiKeyAction":
    case "findAuditLogsAction":
      return [{ region: "us3", apiKey: "demo-us3-admin-key" }];
    case "previewAuditLogsAction":
      return [{ name: "Probe", region: "us3", apiKey: "demo-us3-admin-key", auditLogIds: ["x"] }];
    case "createSourceAction":
      return [{ name: `Probe ${Date.now()}`, region: "us3", apiKey: "demo-us3-admin-key" }];
    case "replaceApiKeyAction":
      return [{ sourceId: crypto.randomUUID(), region: "us3", apiKey: "demo-us3-admin-key" }];
    case "updateSourceSettingsAction":
      return [
        {
          sourceId: crypto.randomUUID(),
          name: "Probe",
          pullIntervalMinutes: 1,
          retentionDays: 1,
          noEventsAlertEnabled: false,
          noEventsThresholdMinutes: 15,
          detectionPacks: [],
          auditLogIds: ["x"],
        },
      ];
    case "createApiTokenAction":
      return [{ name: "Direct", expiresIn: "30" }];
    case "revokeApiTokenAction":
      return [{ tokenId: foreignTokenId }];
    case "createDestinationAction":
      return [{ name: `Probe hook ${Date.now()}`, type: "webhook", url: "http://127.0.0.1:9/probe", enabled: false }];
    case "updateDestinationAction":
      return [{ destinationId: crypto.randomUUID(), name: "Probe hook" }];
    case "deleteDestinationAction":
    case "sendTestDeliveryAction":
      return [{ destinationId: crypto.randomUUID() }];
    case "resolveAlertAction":
      return [{ alertId: crypto.randomUUID(), note: "Probe" }];
    case "reopenAlertAction":
      return [{ alertId: crypto.randomUUID() }];
    case "deleteSourceAction":
      return [{ sourceId: crypto.randomUUID(), confirmName: "Probe", keepEvents: false }];
    case "verifyAuditChainStepAction":
      return [{}];
    case "resetUserPasswordAction":
    case "unlockUserAction":
      return [{ userId: analystId }];
    case "changeOwnPasswordAction":
      // A wrong current password: whoever calls, nothing may change.
      return [
        {
          currentPassword: "not the current password",
          newPassword: "amber kettle 52 orchards",
          confirmPassword: "amber kettle 52 orchards",
        },
      ];
    case "setTimeZoneAction":
      // Not a zone: whoever calls, nothing may change.
      return [{ timeZone: "Mars/Olympus_Mons" }];
    default:
      throw new Error(`No sample arguments for server action ${name}: add them here so its role check is tested.`);
  }
}

test.describe("roles", () => {
  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext();
    const { Client } = await import("pg");
    const client = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await client.connect();
    await createUserInDatabase((text, values) => client.query(text, values).then((r) => r.rows), ANALYST);
    await client.end();
    await context.close();
  });

  test("an admin adds a user; a taken email is reported next to the field", async ({ page, sql }) => {
    await signInAsAdmin(page);
    await page.goto("/settings/users");
    await page.getByRole("link", { name: "Add user" }).click();
    await expect(page).toHaveURL(/\/settings\/users\/new$/);
    await page.getByLabel("Name").fill("Second Person");
    await page.getByLabel("Email").fill(ANALYST.email);
    await page.getByLabel("Role").selectOption("ANALYST");
    await page.getByLabel("Initial password").fill("violet lantern 9 keys");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText("A user with this email already exists.")).toBeVisible();

    await page.getByLabel("Email").fill("second@example.com");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page).toHaveURL(/\/settings\/users\?added=second%40example\.com$/);
    await expect(page.getByTestId("user-row-second@example.com")).toContainText("Second Person");
    expect(await sql("SELECT role FROM users WHERE email = 'second@example.com'")).toEqual([{ role: "ANALYST" }]);
  });

  test("an analyst sees users read-only and gets a 403 on admin pages", async ({ page }) => {
    await signIn(page, ANALYST.email, ANALYST.password);
    await page.goto("/settings/users");
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Add user" })).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByText("Only admins can change users.")).toBeVisible();

    const response = await page.goto("/settings/users/new");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  });

  test("an analyst sees only their own API tokens; an admin sees everyone's", async ({ page, sql }) => {
    await sql(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES (gen_random_uuid(), (SELECT id FROM users WHERE email = 'ada@example.com'), 'admin only token', md5(random()::text) || md5(random()::text), 'itk_adminonl')`,
    );
    await signIn(page, ANALYST.email, ANALYST.password);
    await page.goto("/settings/api-tokens");
    await expect(page.getByRole("heading", { name: "Your tokens" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Other people's tokens" })).toHaveCount(0);
    await expect(page.getByTestId("token-row-admin only token")).toHaveCount(0);

    await page.context().clearCookies();
    await signInAsAdmin(page);
    await page.goto("/settings/api-tokens");
    await expect(page.getByTestId("token-row-admin only token")).toBeVisible();
  });

  test("direct POSTs to every server action are refused for analysts and anonymous callers", async ({
    browser,
    request,
    baseURL,
    sql,
  }) => {
    const actions = serverActions();
    expect(actions.map((a) => a.name).sort()).toEqual(
      expect.arrayContaining(["changeUserRoleAction", "createUserAction", "setUserDisabledAction"]),
    );
    const analystContext = await browser.newContext({ baseURL });
    const analystPage = await analystContext.newPage();
    await signIn(analystPage, ANALYST.email, ANALYST.password);
    const analystCookie = await sessionCookie(analystContext);
    const analystId =
      (await sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [ANALYST.email]))[0]?.id ?? "";
    const usersBefore = await sql("SELECT email, role, disabled_at FROM users ORDER BY email");
    const sourcesBefore = await sql("SELECT id, name, paused FROM log_sources ORDER BY id");
    // A token of someone else, which the analyst must not be able to revoke.
    const foreignTokenId = (
      await sql<{ id: string }>(
        `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix) VALUES (gen_random_uuid(), (SELECT id FROM users WHERE email = 'ada@example.com'), 'roles sample', md5(random()::text) || md5(random()::text), 'itk_sample00') RETURNING id`,
      )
    )[0]!.id;
    const tokensBefore = await sql("SELECT id, revoked_at FROM api_tokens ORDER BY id");

    for (const action of actions) {
      const args = sampleArguments(action.name, analystId, foreignTokenId);
      const asAnalyst = await postServerAction(request, baseURL!, action, args, analystCookie);
      const asAnonymous = await postServerAction(request, baseURL!, action, args);
      if (action.name === "createApiTokenAction") {
        // Everyone may create their own tokens; anonymous callers may not.
        expect(asAnalyst.body, action.name).toContain('"ok":true');
        expect(
          asAnonymous.status === 307 || asAnonymous.body.includes('"code":"UNAUTHENTICATED"'),
          `${action.name} anonymous`,
        ).toBe(true);
        continue;
      }
      if (action.name === "changeOwnPasswordAction" || action.name === "setTimeZoneAction") {
        // Everyone may change their own password (only with the current one) and their own time zone (only to a real one).
        expect(asAnalyst.body, action.name).toContain('"code":"VALIDATION"');
        expect(
          asAnonymous.status === 307 || asAnonymous.body.includes('"code":"UNAUTHENTICATED"'),
          `${action.name} anonymous`,
        ).toBe(true);
        continue;
      }
      if (action.name === "createFirstAdminAction") {
        // Public by design while no user exists; once one does, it refuses everyone.
        expect(asAnalyst.body, action.name).toContain('"code":"CONFLICT"');
        expect(asAnonymous.status === 307 || asAnonymous.body.includes('"code":"CONFLICT"'), action.name).toBe(true);
        continue;
      }
      expect(asAnalyst.body, `${action.name} as analyst`).toContain('"code":"FORBIDDEN"');
      // The proxy sends anonymous callers to sign in; the action would refuse them anyway.
      expect(
        asAnonymous.status === 307 || asAnonymous.body.includes('"code":"UNAUTHENTICATED"'),
        `${action.name} anonymous`,
      ).toBe(true);
    }
    expect(await sql("SELECT email, role, disabled_at FROM users ORDER BY email")).toEqual(usersBefore);
    expect(await sql("SELECT id, name, paused FROM log_sources ORDER BY id")).toEqual(sourcesBefore);
    expect(
      (await sql("SELECT id, revoked_at FROM api_tokens ORDER BY id")).filter((t) =>
        (tokensBefore as { id: string }[]).some((b) => b.id === (t as { id: string }).id),
      ),
    ).toEqual(tokensBefore);
    await analystContext.close();
  });

  test("the same direct POST works for an admin, so the refusals above are real", async ({
    browser,
    request,
    baseURL,
    sql,
  }) => {
    const adminContext = await browser.newContext({ baseURL });
    await signInAsAdmin(await adminContext.newPage());
    const createUser = serverActions().find((a) => a.name === "createUserAction")!;
    const result = await postServerAction(
      request,
      baseURL!,
      createUser,
      [{ name: "Direct", email: "direct@example.com", role: "ANALYST", password: "copper window 31 gulls" }],
      await sessionCookie(adminContext),
    );
    expect(result.body).toContain('"ok":true');
    expect(await sql("SELECT role FROM users WHERE email = 'direct@example.com'")).toEqual([{ role: "ANALYST" }]);
    await adminContext.close();
  });

  test("role changes and disabling take effect on the other person's next request", async ({
    browser,
    baseURL,
    sql,
  }) => {
    // Two people, each signing in (the second one twice): more than the default minute on a busy machine.
    test.setTimeout(120_000);
    const admin = await (await browser.newContext({ baseURL })).newPage();
    await signInAsAdmin(admin);
    const analyst = await (await browser.newContext({ baseURL })).newPage();
    await signIn(analyst, "second@example.com", "violet lantern 9 keys");

    await admin.goto("/settings/users");
    await admin.getByLabel("Role of second@example.com").selectOption("ADMIN");
    await admin.getByRole("alertdialog").getByRole("button", { name: "Change role to Admin" }).click();
    await expect
      .poll(async () => (await sql("SELECT role FROM users WHERE email = 'second@example.com'"))[0])
      .toEqual({ role: "ADMIN" });
    // A new role ends the person's sessions: they sign in again and get what the role allows.
    await analyst.goto("/settings/users");
    await expect(analyst).toHaveURL(/\/sign-in/);
    await analyst.getByLabel("Email").fill("second@example.com");
    await analyst.getByLabel("Password").fill("violet lantern 9 keys");
    await analyst.getByRole("button", { name: "Sign in" }).click();
    await expect(analyst).toHaveURL(/\/log-sources$/);
    await analyst.goto("/settings/users");
    await expect(analyst.getByRole("link", { name: "Add user" })).toBeVisible();

    await admin.getByRole("button", { name: "Disable second@example.com" }).click();
    await expect(admin.getByTestId("user-row-second@example.com")).toContainText("Disabled");
    await analyst.goto("/settings/users");
    await expect(analyst).toHaveURL(/\/sign-in/);
  });

  test("the last active admin cannot be demoted", async ({ page, sql }) => {
    await sql("UPDATE users SET role = 'ANALYST' WHERE email <> 'ada@example.com'");
    await signInAsAdmin(page);
    await page.goto("/settings/users");
    await page.getByLabel("Role of ada@example.com").selectOption("ANALYST");
    await page.getByRole("alertdialog").getByRole("button", { name: "Change role to Analyst" }).click();
    await expect(formAlert(page)).toContainText("This is the last active admin.");
    expect(await sql("SELECT role FROM users WHERE email = 'ada@example.com'")).toEqual([{ role: "ADMIN" }]);
  });
});
