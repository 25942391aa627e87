import { createHash } from "node:crypto";
import { FIRST_ADMIN } from "./support/constants";
import { expect, signInAsAdmin, test } from "./support/fixtures";

const TOKEN_NAME = "E2E export";

test.describe("API tokens and the audit log", () => {
  test("an admin creates a token, uses it, revokes it, and the audit log shows it all on a verified chain", async ({
    page,
    request,
    baseURL,
    sql,
  }) => {
    await signInAsAdmin(page);

    // Create: the full token is shown once.
    await page.goto("/settings/api-tokens");
    await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText("Name the token after what will use it")).toBeVisible();
    await page.getByLabel("Token name").fill(TOKEN_NAME);
    await page.getByLabel("Expires").selectOption("30");
    await page.getByRole("button", { name: "Create token" }).click();

    const box = page.getByTestId("new-api-token");
    await expect(box).toBeVisible();
    await expect(page.getByText("Copy it now: you will not see it again.")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("new-token.png"), fullPage: true });
    const token = await box.inputValue();
    expect(token).toMatch(/^itk_[A-Za-z0-9_-]{43}$/);
    const prefix = token.slice(0, 12);

    // Stored as a hash only.
    const stored = await sql<{ token_hash: string; prefix: string; expires_at: Date | null }>(
      "SELECT token_hash, prefix, expires_at FROM api_tokens WHERE name = $1",
      [TOKEN_NAME],
    );
    expect(stored).toEqual([
      { token_hash: createHash("sha256").update(token).digest("hex"), prefix, expires_at: expect.any(Date) },
    ]);

    // After "Done", and after a reload, only the prefix is left.
    const row = page.getByTestId(`token-row-${TOKEN_NAME}`);
    await expect(row).toContainText(`${prefix}…`);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(box).toHaveCount(0);
    await page.reload();
    await expect(row).toContainText(`${prefix}…`);
    await expect(row).toContainText("Never");
    expect(await page.content()).not.toContain(token.slice(12));

    // Use it: the token authenticates; the console's session cookie alone does not.
    const withToken = await request.get(`${baseURL}/api/v1/sources`, { headers: { Authorization: `Bearer ${token}` } });
    expect(withToken.status()).toBe(200);
    expect(await withToken.json()).toEqual({ data: { sources: expect.any(Array), nextCursor: null } });
    expect((await request.get(`${baseURL}/api/v1/sources`)).status()).toBe(401);
    expect((await page.request.get("/api/v1/sources")).status()).toBe(401);
    await page.reload();
    await expect(row).not.toContainText("Never");

    // Revoke, with a confirmation first; the token stops working at once.
    await row.getByRole("button", { name: `Revoke ${TOKEN_NAME}` }).click();
    await expect(row.getByText("This cannot be undone.")).toBeVisible();
    await row.getByRole("button", { name: "Revoke token" }).click();
    await expect(row).toContainText("Revoked");
    const afterRevoke = await request.get(`${baseURL}/api/v1/sources`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(afterRevoke.status()).toBe(401);
    expect(await afterRevoke.json()).toMatchObject({
      error: { code: "UNAUTHENTICATED", message: expect.stringContaining("revoked") },
    });

    // The audit log: a verified chain with the sign-in and both token events.
    await page.goto("/settings/audit-log");
    await expect(page.getByRole("heading", { name: "Audit log", exact: true })).toBeVisible();
    await expect(page.getByText(/^Chain verified: \d+ entries$/)).toBeVisible();
    const signIn = page.locator('[data-testid="audit-row"][data-action="auth.sign_in"]').first();
    await expect(signIn).toContainText(FIRST_ADMIN.email);
    await expect(signIn).toContainText(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
    const created = page.locator('[data-testid="audit-row"][data-action="api_token.created"]').first();
    await expect(created).toContainText(`${TOKEN_NAME} (${prefix}…`);
    const revoked = page.locator('[data-testid="audit-row"][data-action="api_token.revoked"]').first();
    await expect(revoked).toContainText(FIRST_ADMIN.email);
    await revoked.getByText("Show", { exact: true }).click();
    await expect(
      revoked.getByRole("definition").filter({ hasText: /^—.*changed to.*\d{4}-\d{2}-\d{2}T/ }),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("audit-log.png"), fullPage: true });
    expect(await page.content()).not.toContain(token.slice(12));

    // Verifying the whole chain records a checkpoint; page loads then check only what is newer.
    await page.getByRole("button", { name: "Verify whole chain" }).click();
    await expect(page.getByText(/^Chain verified through entry #\d+$/)).toBeVisible();
    await expect(page.getByText(/^The whole chain was verified /)).toContainText(`by ${FIRST_ADMIN.email}`);
    await expect(page.locator('[data-testid="audit-row"][data-action="audit.chain_verified"]').first()).toContainText(
      FIRST_ADMIN.email,
    );

    // Filters live in the URL.
    await expect(page.getByLabel("Action").locator("option", { hasText: "API token: created" })).toHaveAttribute(
      "value",
      "api_token.created",
    );
    await page.getByLabel("Action").selectOption({ label: "API token: created" });
    await expect(page).toHaveURL(/action=api_token\.created/);
    const rows = page.getByTestId("audit-row");
    await expect(rows.first()).toBeVisible();
    for (const action of await rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("data-action")),
    )) {
      expect(action).toBe("api_token.created");
    }
    await page.getByLabel("From (UTC)").fill("2999-01-01T00:00");
    await expect(page).toHaveURL(/from=2999-01-01T00%3A00/);
    await expect(page.getByRole("heading", { name: "No entries match" })).toBeVisible();
  });

  test("the audit log names a tampered entry: a new one on load, an old one when the whole chain is verified", async ({
    page,
    sql,
  }) => {
    await signInAsAdmin(page);
    const [victim] = await sql<{ id: string; diff: unknown }>(
      "SELECT id::text AS id, diff FROM audit_log_entries WHERE action = 'auth.sign_in' ORDER BY audit_log_entries.id DESC LIMIT 1",
    );
    expect(victim).toBeDefined();
    await sql(`UPDATE audit_log_entries SET diff = '{"before":null,"after":{"role":"ADMIN"}}' WHERE id = $1`, [
      victim!.id,
    ]);
    try {
      await page.goto("/settings/audit-log");
      await expect(page.getByText(`Chain broken at entry #${victim!.id}`)).toBeVisible();
      await expect(page.getByText("was changed after it was written")).toBeVisible();
      await page.screenshot({ path: test.info().outputPath("audit-log-broken.png") });
    } finally {
      await sql("UPDATE audit_log_entries SET diff = $2 WHERE id = $1", [victim!.id, JSON.stringify(victim!.diff)]);
    }
    await page.reload();
    await expect(page.getByText(/^Chain verified through entry #\d+$/)).toBeVisible();

    // An entry older than the last full verification: a page load does not re-read it, a full verification does.
    const [old] = await sql<{ id: string; diff: unknown }>(
      "SELECT id::text AS id, diff FROM audit_log_entries ORDER BY audit_log_entries.id LIMIT 1",
    );
    await sql(`UPDATE audit_log_entries SET diff = '{"before":null,"after":{"role":"ANALYST"}}' WHERE id = $1`, [
      old!.id,
    ]);
    try {
      await page.reload();
      await expect(page.getByText(/^Chain verified through entry #\d+$/)).toBeVisible();
      await page.getByRole("button", { name: "Verify whole chain" }).click();
      await expect(page.getByText(`Chain broken at entry #${old!.id}`)).toBeVisible();
      await expect(page.getByText(/The full verification of .* found it/)).toBeVisible();
      // Everyone who opens the page now sees the break, until a full verification finds the chain intact again.
      await page.reload();
      await expect(page.getByText(`Chain broken at entry #${old!.id}`)).toBeVisible();
    } finally {
      await sql("UPDATE audit_log_entries SET diff = $2 WHERE id = $1", [old!.id, JSON.stringify(old!.diff)]);
    }
    await page.getByRole("button", { name: "Verify whole chain" }).click();
    await expect(page.getByText(/^Chain verified through entry #\d+$/)).toBeVisible();
  });
});
