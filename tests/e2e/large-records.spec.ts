import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Download } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeededEvent, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * Large records in real Chromium: pages show the start of a record and offer the whole raw
 * record as a download, so a record of hundreds of KB does not make a page of megabytes.
 * Failures say when Intake kept only the start of a record too large to store, and pull
 * history says why every run ended.
 */
const run = Math.random().toString(36).slice(2, 6);
const KIB = 1024;
let source: SeedSource;
let big: SeededEvent & { id: string };
const longFailureRaw = `not JSON: ${"y".repeat(10 * KIB)}`;
const keptHead = '{"action":"LOG_UPDATED","description":"';
const keptPrefix = keptHead + "z".repeat(16 * KIB - keptHead.length);
const wholeSha = createHash("sha256").update("the whole 1 MiB record").digest("hex");

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Large records ${run}` });
    const [seeded] = await seedEvents(pool, source, [
      {
        time: new Date(Date.now() - 5 * 60_000),
        action: "LOG_UPDATED",
        description: `large-${run} ${"d".repeat(240 * KIB)}`,
      },
    ]);
    const { rows } = await pool.query<{ id: string }>("SELECT id FROM events WHERE source_id = $1 AND audit_id = $2", [
      source.id,
      seeded!.auditId,
    ]);
    big = { ...seeded!, id: rows[0]!.id };
    const failure = (code: string, raw: string, rawBytes: number | null, sequence: string, reason: string) =>
      pool.query(
        `INSERT INTO classification_failures (source_id, log_type, code, reason, raw, raw_bytes, raw_sha256, log_id, sequence, received_at)
         VALUES ($1, 'Rapid7.AuditLog', $2, $3, $4, $5, $6, 'log-e2e', $7, now())`,
        [source.id, code, reason, raw, rawBytes, rawBytes === null ? null : wholeSha, sequence],
      );
    await failure("invalid_json", longFailureRaw, null, "1", "The message is not JSON.");
    await failure(
      "record_too_large",
      keptPrefix,
      1024 * KIB,
      "2",
      "The record is 1,048,576 bytes (1.0 MiB); Intake stores records of up to 262,144 bytes.",
    );
    const finished = new Date(Date.now() - 60_000);
    await pool.query(
      `INSERT INTO pull_runs (id, source_id, trigger, status, started_at, finished_at, note, error_kind, error_message) VALUES
       (gen_random_uuid(), $1, 'schedule', 'succeeded', $2, $2, 'Caught up: everything Rapid7 had received up to this pull is stored.', NULL, NULL),
       (gen_random_uuid(), $1, 'schedule', 'interrupted', $3, $3, NULL, 'worker_lost', 'The worker running this pull (e2e:1:abcd) disappeared before the pull finished.')`,
      [source.id, finished, new Date(finished.getTime() - 120_000)],
    );
  } finally {
    await pool.end();
  }
});

async function downloaded(download: Download): Promise<string> {
  return readFileSync(await download.path(), "utf8");
}

test.describe("large records", () => {
  test("the event drawer shows the start of a large record and downloads the whole raw record", async ({
    page,
    request,
    baseURL,
  }) => {
    await signInAsAdmin(page);
    const url = `/search?source=${source.id}&range=24h&event=${big.id}`;
    await page.goto(url);
    const drawer = page.getByRole("dialog");
    await expect(drawer.getByRole("heading", { name: "LOG_UPDATED" })).toBeVisible();
    const raw = drawer.getByTestId("raw-record");
    await expect(raw.getByTestId("preview-cut")).toContainText("Only the start of the raw record is shown");
    const shown = await raw.locator("pre").textContent();
    expect(shown!.length).toBeLessThan(17 * KIB);
    expect(big.raw.startsWith(shown!.replace(/…$/, ""))).toBe(true);
    await expect(drawer.getByTestId("event-fields").getByTestId("preview-cut")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("large-record-drawer.png") });

    const [file] = await Promise.all([
      page.waitForEvent("download"),
      raw.getByRole("link", { name: "Download raw record" }).click(),
    ]);
    expect(file.suggestedFilename()).toBe(`intake-event-${big.id}-raw.json`);
    expect(await downloaded(file)).toBe(big.raw);

    // The page itself stays small: the 240 KB record is not in it (it used to be, several times over).
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const html = await (await request.get(new URL(url, baseURL).toString(), { headers: { cookie } })).text();
    expect(html).toContain(`large-${run}`);
    expect(html.length).toBeLessThan(200 * KIB);
  });

  test("the Failures tab shows the start of long records, says when only a prefix was kept, and downloads what was kept", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await page.goto(`/log-sources/${source.id}?tab=failures`);
    const failures = page.getByTestId("failures").getByRole("listitem");
    await expect(failures).toHaveCount(2);

    const tooLarge = failures.filter({ hasText: "The record is 1,048,576 bytes" });
    await tooLarge.getByText("Raw payload").click();
    await expect(tooLarge.getByTestId("failure-raw-note")).toContainText(
      `Only the first 16 KiB of this 1.0 MiB record were kept (SHA-256 ${wholeSha})`,
    );
    const [prefix] = await Promise.all([
      page.waitForEvent("download"),
      tooLarge.getByRole("link", { name: "Download what was kept" }).click(),
    ]);
    expect(await downloaded(prefix)).toBe(keptPrefix);

    const notJson = failures.filter({ hasText: "The message is not JSON." });
    await notJson.getByText("Raw payload").click();
    await expect(notJson.getByTestId("failure-raw-note")).toContainText(
      "Only the start of this 10.0 KiB record is shown.",
    );
    expect((await notJson.locator("pre").textContent())!.length).toBeLessThan(5 * KIB);
    await page.screenshot({ path: test.info().outputPath("large-record-failures.png") });
    const [whole] = await Promise.all([
      page.waitForEvent("download"),
      notJson.getByRole("link", { name: "Download the raw record" }).click(),
    ]);
    expect(await downloaded(whole)).toBe(longFailureRaw);
  });

  test("pull history says why every run ended", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto(`/log-sources/${source.id}?tab=history`);
    await expect(page.getByTestId("run-end-reason")).toHaveText([
      "Caught up: everything Rapid7 had received up to this pull is stored.",
      "The worker running this pull (e2e:1:abcd) disappeared before the pull finished.",
    ]);
  });

  test("a raw record cannot be downloaded without a session", async ({ request, baseURL }) => {
    const answer = await request.get(new URL(`/api/events/${big.id}/raw`, baseURL).toString());
    expect(answer.status()).toBe(401);
    expect(await answer.text()).not.toContain(`large-${run}`);
  });
});
