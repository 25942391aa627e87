import { expect, type Page, test as base } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { FIRST_ADMIN } from "./constants";

/** Tests get the console's URL (set by global setup) and a direct line to its database for setup and assertions. */
export const test = base.extend<{
  sql: <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<T[]>;
}>({
  baseURL: async ({}, use) => {
    await use(process.env.E2E_BASE_URL);
  },
  sql: async ({}, use) => {
    const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
    await client.connect();
    await use(async (text, values) => (await client.query(text, values)).rows);
    await client.end();
  },
});

export { expect };

/** The page's own alerts (form errors), not Next's route announcer which also has role=alert. */
export function formAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The header's Sign out button shows at every width (the name hides on narrow screens).
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, FIRST_ADMIN.email, FIRST_ADMIN.password);
}

/** Creates a user straight in the database (with a real argon2id hash) for tests that need one. */
export async function createUserInDatabase(
  sql: (text: string, values?: unknown[]) => Promise<unknown[]>,
  user: { email: string; name: string; password: string; role: "ADMIN" | "ANALYST" },
): Promise<void> {
  await sql(
    `INSERT INTO users (id, email, name, password_hash, role, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, now())
     ON CONFLICT (email) DO NOTHING`,
    [user.email, user.name, await hashPassword(user.password), user.role],
  );
}
