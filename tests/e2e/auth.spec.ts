import { FIRST_ADMIN } from "./support/constants";
import { createUserInDatabase, expect, formAlert, signInAsAdmin, test } from "./support/fixtures";

// Stopping and starting again (users, data and secrets kept) is tested against the real
// launcher on the embedded PostgreSQL in tests/integration/launcher.test.ts.
test.describe("signing in and out", () => {
  test("a page asked for while signed out leads through sign-in and back to it", async ({ page }) => {
    await page.goto("/settings/users");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fusers$/);
    await page.getByLabel("Email").fill(FIRST_ADMIN.email);
    await page.getByLabel("Password").fill(FIRST_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/settings\/users$/);
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  });

  test("a wrong password gets a plain message and no session", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(FIRST_ADMIN.email);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Incorrect email or password.");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/log-sources");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("sign-out ends the session", async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/log-sources");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("repeated failures lock the account for a while, even against the right password", async ({ page, sql }) => {
    const user = { email: "throttled@example.com", name: "Tess Throttled", password: "the right password 1", role: "ANALYST" as const };
    await createUserInDatabase(sql, user);
    await page.goto("/sign-in");
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(`wrong guess ${attempt}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toHaveText("Incorrect email or password.");
    }
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("wrong guess 6");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Too many failed sign-in attempts");

    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Try again in");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a disabled account cannot sign in", async ({ page, sql }) => {
    const user = { email: "disabled@example.com", name: "Dora Disabled", password: "a fine password 1", role: "ANALYST" as const };
    await createUserInDatabase(sql, user);
    await sql("UPDATE users SET disabled_at = now() WHERE email = $1", [user.email]);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("This account is disabled. Ask an admin of this console to enable it.");
  });
});
