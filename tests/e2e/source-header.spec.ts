import pg from "pg";
import { insertSource, type SeedSource } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/** A source page's header names the source's state once: a paused source is "Paused" in its health badge, not twice. */
const run = Math.random().toString(36).slice(2, 6);
let paused: SeedSource;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    paused = await insertSource(pool, { name: `Header state ${run}` }); // seeded sources are paused
  } finally {
    await pool.end();
  }
});

test("a paused source's header says Paused exactly once", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto(`/log-sources/${paused.id}`);
  const header = page.getByTestId("source-header");
  await expect(header.getByRole("heading", { name: paused.name })).toBeVisible();
  await expect(header.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(header.getByTestId("health-badge")).toHaveText("Paused");
  expect((await header.innerText()).match(/paused/gi) ?? []).toHaveLength(1);
});
