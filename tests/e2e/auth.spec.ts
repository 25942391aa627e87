import { FIRST_ADMIN } from "./support/constants";
import { createUserInDatabase, expect, formAlert, signIn, signInAsAdmin, test } from "./support/fixtures";

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

  test("sign-out ends the session, also for a copy of its cookie", async ({ browser, baseURL, page }) => {
    await signInAsAdmin(page);
    const copy = await browser.newContext({ baseURL });
    await copy.addCookies(await page.context().cookies());
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/log-sources");
    await expect(page).toHaveURL(/\/sign-in/);
    const replay = await copy.newPage();
    await replay.goto("/log-sources");
    await expect(replay).toHaveURL(/\/sign-in/);
    await copy.close();
  });

  test("repeated failures make this address wait a little; an admin's Unlock ends the wait", async ({
    browser,
    baseURL,
    page,
    sql,
  }) => {
    const user = {
      email: "throttled@example.com",
      name: "Tess Throttled",
      password: "the right password 1",
      role: "ANALYST" as const,
    };
    await createUserInDatabase(sql, user);
    await page.goto("/sign-in");
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(`wrong guess ${attempt}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toHaveText("Incorrect email or password.");
    }
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The wait counts down from 30 s after the fifth failure; a slow machine may show a few less.
    await expect(formAlert(page)).toHaveText(
      /^Too many failed sign-in attempts from your address\. Wait ([12]\d|30) seconds and try again; an admin can lift this under Settings > Users\.$/,
    );

    const admin = await (await browser.newContext({ baseURL })).newPage();
    await signInAsAdmin(admin);
    await admin.goto("/settings/users");
    await expect(admin.getByTestId(`user-row-${user.email}`)).toContainText("Sign-in waiting");
    await admin.getByRole("button", { name: `Unlock sign-in of ${user.email}` }).click();
    await expect(admin.getByTestId(`user-row-${user.email}`)).toContainText(
      `${user.email} can try to sign in again now.`,
    );
    await expect(admin.getByTestId(`user-row-${user.email}`)).not.toContainText("Sign-in waiting");

    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  });

  test("after signing in, a callbackUrl that points off the site leads to the console's start page instead", async ({
    page,
    baseURL,
  }) => {
    for (const target of ["//example.org/phish", "/\\example.org/phish"]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
      await page.getByLabel("Email").fill(FIRST_ADMIN.email);
      await page.getByLabel("Password").fill(FIRST_ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      expect(new URL(page.url()).origin, target).toBe(new URL(baseURL!).origin);
    }
  });

  test("an admin's password reset: the temporary password, shown once, lets the person choose a new one", async ({
    browser,
    baseURL,
    page,
    sql,
  }) => {
    const user = {
      email: "forgot@example.com",
      name: "Fran Forgot",
      password: "a password long forgotten",
      role: "ANALYST" as const,
    };
    await createUserInDatabase(sql, user);
    const person = await (await browser.newContext({ baseURL })).newPage();
    await signIn(person, user.email, user.password);

    await signInAsAdmin(page);
    await page.goto("/settings/users");
    await page.getByRole("button", { name: `Reset password of ${user.email}` }).click();
    await page.getByRole("button", { name: `Confirm password reset of ${user.email}` }).click();
    const temporary = (await page.getByTestId("temporary-password").textContent())!.trim();
    expect(temporary).toMatch(/^\S{5}(-\S{5}){3}$/);
    await expect(page.getByTestId(`user-row-${user.email}`)).toContainText("Password reset");

    // The reset ended the person's session.
    await person.goto("/log-sources");
    await expect(person).toHaveURL(/\/sign-in/);
    await person.getByLabel("Email").fill(user.email);
    await person.getByLabel("Password").fill(temporary);
    await person.getByRole("button", { name: "Sign in" }).click();
    await expect(person.getByText("Choose a new password")).toBeVisible();
    await person.getByLabel("New password", { exact: true }).fill("password1234");
    await person.getByLabel("Confirm new password").fill("password1234");
    await person.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(person.getByText(/too common/)).toBeVisible();
    await person.getByLabel("New password", { exact: true }).fill("saffron glacier 63 pianos");
    await person.getByLabel("Confirm new password").fill("saffron glacier 63 pianos");
    await person.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(person.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(await sql("SELECT must_change_password FROM users WHERE email = $1", [user.email])).toEqual([
      { must_change_password: false },
    ]);
  });

  test("changing your own password keeps you signed in here and signs you out everywhere else", async ({
    browser,
    baseURL,
    page,
    sql,
  }) => {
    const user = {
      email: "mover@example.com",
      name: "Milo Mover",
      password: "milo's first password",
      role: "ANALYST" as const,
    };
    await createUserInDatabase(sql, user);
    const elsewhere = await (await browser.newContext({ baseURL })).newPage();
    await signIn(elsewhere, user.email, user.password);
    await signIn(page, user.email, user.password);

    await page.goto("/settings/account");
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password", { exact: true }).fill("cobalt river 28 swallows");
    await page.getByLabel("Confirm new password").fill("cobalt river 28 swallows");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("This is not your current password.")).toBeVisible();
    await page.getByLabel("Current password").fill(user.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password is changed. Your other sessions have ended.")).toBeVisible();
    await page.goto("/log-sources");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

    await elsewhere.goto("/log-sources");
    await expect(elsewhere).toHaveURL(/\/sign-in/);
  });

  test("a disabled account cannot sign in", async ({ page, sql }) => {
    const user = {
      email: "disabled@example.com",
      name: "Dora Disabled",
      password: "a fine password 1",
      role: "ANALYST" as const,
    };
    await createUserInDatabase(sql, user);
    await sql("UPDATE users SET disabled_at = now() WHERE email = $1", [user.email]);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("This account is disabled. Ask an admin of this console to enable it.");
  });
});
