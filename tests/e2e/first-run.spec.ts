import { FIRST_ADMIN } from "./support/constants";
import { expect, signInAsAdmin, test } from "./support/fixtures";

test.describe("first run", () => {
  test("offers a one-time first-admin page, validates it, and signs the new admin in", async ({ page, sql }) => {
    expect(await sql("SELECT id FROM users")).toHaveLength(0);

    await page.goto("/");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole("heading", { name: "Welcome to Intake" })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("setup.png") });

    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect(page.getByText("Enter a name.")).toBeVisible();
    await expect(page.getByText("Enter an email address.")).toBeVisible();

    await page.getByLabel("Your name").fill(FIRST_ADMIN.name);
    await page.getByLabel("Email").fill(FIRST_ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("different");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

    await page.getByLabel("Password", { exact: true }).fill(FIRST_ADMIN.password);
    await page.getByLabel("Confirm password").fill(`${FIRST_ADMIN.password}!`);
    await page.getByRole("button", { name: "Create admin account" }).click();
    await expect(page.getByText("The passwords do not match.")).toBeVisible();

    await page.getByLabel("Confirm password").fill(FIRST_ADMIN.password);
    await page.getByRole("button", { name: "Create admin account" }).click();

    await expect(page).toHaveURL(/\/log-sources$/);
    await expect(page.getByTestId("current-user")).toHaveText(FIRST_ADMIN.name);
    await expect(page.getByTestId("worker-status")).toHaveAttribute("data-state", "online");

    const users = await sql<{ email: string; role: string; password_hash: string }>(
      "SELECT email, role, password_hash FROM users",
    );
    expect(users).toEqual([
      { email: FIRST_ADMIN.email, role: "ADMIN", password_hash: expect.stringMatching(/^\$argon2id\$/) },
    ]);
  });

  test("with no sources yet, Log Sources says so and leads to Create New", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto("/log-sources");
    await expect(page.getByRole("heading", { name: "No log sources yet" })).toBeVisible();
    await page.getByRole("link", { name: "Create New" }).first().click();
    await expect(page).toHaveURL(/\/log-sources\/new$/);
  });

  test("the first-admin page is gone once an admin exists", async ({ page }) => {
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});
