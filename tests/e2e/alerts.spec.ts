import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { FIRST_ADMIN } from "./support/constants";
import { createUserInDatabase, expect, signIn, signInAsAdmin, test } from "./support/fixtures";

/**
 * Alerts and alert destinations in real Chromium against the running console: an alert
 * seeded into its database (with matching events) is listed, opened, resolved and
 * reopened; a destination is created in the UI, and Send test goes through the console's
 * own worker to a receiver this test runs on loopback.
 */
const run = Math.random().toString(36).slice(2, 6);
const ANALYST = {
  email: `alerts-analyst-${run}@example.com`,
  name: "Alex Analyst",
  password: "analyst password 1",
  role: "ANALYST" as const,
};
const TITLE = `Honeypots deleted ${run}`;
const OTHER_TITLE = `Pulls from Quiet ${run} keep failing`;

let source: SeedSource;
let quiet: SeedSource;
let alertId: string;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Alerting source ${run}` });
    quiet = await insertSource(pool, { name: `Never alerted ${run}` });
    const now = Date.now();
    const events = await seedEvents(pool, source, [
      {
        time: new Date(now - 20 * 60_000),
        action: "DELETE_HONEYPOT",
        email: "mallory@e2e.example",
        description: `Honeypot e2e-${run}-a deleted`,
      },
      {
        time: new Date(now - 10 * 60_000),
        action: "DELETE_HONEYPOT",
        email: "mallory@e2e.example",
        description: `Honeypot e2e-${run}-b deleted`,
      },
    ]);
    const ids = await pool.query<{ id: string }>(
      "SELECT id::text FROM events WHERE source_id = $1 AND audit_id = ANY($2::text[])",
      [source.id, events.map((e) => e.auditId)],
    );
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO alerts (id, kind, severity, status, title, description, source_id, source_name, rule_id, dedup_key, open_key, first_seen_at, last_seen_at, event_count, context, updated_at)
       VALUES (gen_random_uuid(), 'detection', 'high', 'open', $1, 'Someone deleted two honeypots in a row.', $2, $3, 'rapid7.honeypot-deleted', $4, $4, now() - interval '20 minutes', now() - interval '10 minutes', 2, '{"rule":"honeypot-deleted"}', now())
       RETURNING id`,
      [TITLE, source.id, source.name, `e2e:${run}:honeypot`],
    );
    alertId = rows[0]!.id;
    for (const { id } of ids.rows)
      await pool.query("INSERT INTO alert_events (alert_id, event_id) VALUES ($1, $2)", [alertId, id]);
    await pool.query(
      "INSERT INTO alert_activities (alert_id, at, action, actor_label, message) VALUES ($1, now() - interval '20 minutes', 'opened', 'Intake', 'Someone deleted two honeypots in a row.')",
      [alertId],
    );
    await pool.query(
      `INSERT INTO alerts (id, kind, severity, status, title, source_id, source_name, dedup_key, open_key, first_seen_at, last_seen_at, updated_at)
       VALUES (gen_random_uuid(), 'pull_failing', 'medium', 'open', $1, $2, $3, $4, $4, now() - interval '2 hours', now() - interval '1 hour', now())`,
      [OTHER_TITLE, source.id, source.name, `e2e:${run}:failing`],
    );
    await createUserInDatabase((text, values) => pool.query(text, values).then((r) => r.rows), ANALYST);
  } finally {
    await pool.end();
  }
});

test.describe("alerts", () => {
  test("the list filters alerts, and an alert's page shows what happened with its matching events", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await page.getByRole("link", { name: "Alerts" }).click();
    await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
    const row = page.getByTestId("alert-row").filter({ hasText: TITLE });
    await expect(row).toContainText("High");
    await expect(row).toContainText(source.name);
    await expect(row).toContainText("Open");
    await expect(row.locator("td").nth(5)).toHaveText("2");
    await expect(page.getByTestId("alert-row").filter({ hasText: OTHER_TITLE })).toBeVisible();

    // The source filter offers the sources with alerts; a link to another still says which it is.
    const sourceFilter = page.getByLabel("Source");
    await expect(sourceFilter.locator("option", { hasText: source.name })).toHaveCount(1);
    await expect(sourceFilter.locator("option", { hasText: quiet.name })).toHaveCount(0);
    await page.goto(`/alerts?source=${quiet.id}`);
    await expect(sourceFilter.locator("option:checked")).toHaveText("No alerts from this source");
    await expect(page.getByText("No alerts match these filters")).toBeVisible();
    await page.goto("/alerts");

    // Filters apply as they are chosen, two in a row included.
    await page.getByLabel("Severity").selectOption("high");
    await page.getByLabel("Source").selectOption(source.id);
    await expect(page).toHaveURL(new RegExp(`severity=high&source=${source.id}$`));
    await expect(page.getByLabel("Severity")).toHaveValue("high");
    await expect(page.getByTestId("alert-row")).toHaveCount(1);
    await expect(page.getByTestId("alert-row")).toContainText(TITLE);

    await page.getByLabel("Status").selectOption("resolved");
    await expect(page.getByText("No alerts match these filters")).toBeVisible();

    await page.goto("/alerts?severity=urgent");
    await expect(page.getByText("This alerts link has a filter Intake cannot use")).toBeVisible();

    await page.goto("/alerts");
    await page.getByRole("link", { name: TITLE }).click();
    await expect(page).toHaveURL(new RegExp(`/alerts/${alertId}$`));
    await expect(page.getByRole("heading", { name: TITLE })).toBeVisible();
    await expect(page.getByTestId("alert-description")).toHaveText("Someone deleted two honeypots in a row.");
    await expect(page.getByTestId("alert-context")).toContainText('"rule": "honeypot-deleted"');
    const events = page.getByTestId("alert-event-row");
    await expect(events).toHaveCount(2);
    await expect(events.first()).toContainText(`Honeypot e2e-${run}-b deleted`);
    await expect(events.first()).toContainText("mallory@e2e.example");
    await expect(page.getByTestId("alert-activity").first()).toContainText("Opened by Intake");

    await page.getByRole("link", { name: "Open in Search" }).click();
    await expect(page).toHaveURL(/\/search\?.*range=custom.*action=DELETE_HONEYPOT/);
    await expect(page.getByTestId("event-row")).toHaveCount(2);
    await expect(page.getByTestId("event-row").first()).toContainText(`Honeypot e2e-${run}-b deleted`);
  });

  test("an admin resolves with a note and reopens; the page says who did it and when", async ({ page, sql }) => {
    await signInAsAdmin(page);
    await page.goto(`/alerts/${alertId}`);
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await page.getByLabel("Resolution note (optional)").fill("Decoys retired on purpose by the SOC.");
    await page.getByRole("button", { name: "Resolve alert" }).click();

    await expect(page.getByText(/^Resolved by Ada Admin on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/)).toBeVisible();
    await expect(page.getByTestId("resolution")).toHaveText("Decoys retired on purpose by the SOC.");
    await expect(page.getByTestId("alert-badges")).toContainText("Resolved");
    const resolved = page.getByTestId("alert-activity").filter({ hasText: "Resolved by Ada Admin" });
    await expect(resolved).toContainText("Decoys retired on purpose by the SOC.");
    await expect(resolved.locator("time")).toHaveText(/UTC$/);
    const [row] = await sql<{ status: string; resolved_by: string; resolution: string }>(
      "SELECT a.status, u.email AS resolved_by, a.resolution FROM alerts a JOIN users u ON u.id = a.resolved_by_id WHERE a.id = $1",
      [alertId],
    );
    expect(row).toEqual({
      status: "resolved",
      resolved_by: FIRST_ADMIN.email,
      resolution: "Decoys retired on purpose by the SOC.",
    });

    await page.getByRole("button", { name: "Reopen" }).click();
    await expect(page.getByTestId("alert-activity").filter({ hasText: "Reopened by Ada Admin" })).toBeVisible();
    await expect(page.getByTestId("alert-badges")).toContainText("Open");
    await expect(page.getByRole("button", { name: "Resolve", exact: true })).toBeVisible();
    expect(
      await sql("SELECT status, open_key IS NOT NULL AS has_open_key, resolved_by_id FROM alerts WHERE id = $1", [
        alertId,
      ]),
    ).toEqual([{ status: "open", has_open_key: true, resolved_by_id: null }]);
    expect(
      await sql("SELECT action, actor_label FROM audit_log_entries WHERE target_id = $1 ORDER BY id", [alertId]),
    ).toEqual([
      { action: "alert.resolved", actor_label: FIRST_ADMIN.email },
      { action: "alert.reopened", actor_label: FIRST_ADMIN.email },
    ]);
  });

  test("an analyst sees alerts and destinations read-only", async ({ page }) => {
    await signIn(page, ANALYST.email, ANALYST.password);
    await page.goto(`/alerts/${alertId}`);
    await expect(page.getByRole("heading", { name: TITLE })).toBeVisible();
    await expect(page.getByRole("button", { name: "Resolve", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reopen" })).toHaveCount(0);

    await page.goto("/settings/destinations");
    await expect(page.getByText("Only admins can change destinations or send tests.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Add destination" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Send test/ })).toHaveCount(0);
    const response = await page.goto("/settings/destinations/new");
    expect(response?.status()).toBe(403);
  });
});

type Received = { headers: IncomingHttpHeaders; body: string };

test.describe("alert destinations", () => {
  let server: Server;
  let port: number;
  const received: Received[] = [];

  test.beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(204);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  test.afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("a destination added in the UI never shows its URL again, and Send test reaches the receiver", async ({
    page,
    sql,
  }) => {
    const secretPath = `hooks/${run}-d8f1c2b7a9e04f3c`;
    const url = `http://127.0.0.1:${port}/${secretPath}`;
    const signingSecret = `e2e-signing-secret-${run}-0123456789`;
    const name = `SOC webhook ${run}`;

    await signInAsAdmin(page);
    await page.goto("/settings/destinations");
    await page.getByRole("link", { name: "Add destination" }).first().click();
    await expect(page).toHaveURL(/\/settings\/destinations\/new$/);

    // The form checks the URL rule before anything is sent.
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("URL").fill("http://siem.example.com/hook");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText("Plain http:// is accepted only for hosts the operator allows")).toBeVisible();

    await page.getByLabel("URL").fill(url);
    await page.getByLabel("Signing secret (optional)").fill(signingSecret);
    await page.getByLabel("Detection").check();
    await page.getByLabel("Minimum severity").selectOption("high");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page).toHaveURL(/\/settings\/destinations$/);

    const card = page.getByTestId(`destination-${name}`);
    await expect(card).toContainText("Webhook");
    await expect(card).toContainText("Enabled");
    await expect(card.getByTestId("destination-url-hint")).toHaveText(`http://127.0.0.1:${port}/…`);
    await expect(card).toContainText("Detection · High and above · Signed (X-Intake-Signature)");
    expect(await page.content()).not.toContain(secretPath);
    expect(await page.content()).not.toContain(signingSecret);

    const [stored] = await sql<{ id: string; url_encrypted: string; secret_encrypted: string; url_hint: string }>(
      "SELECT id, url_encrypted, secret_encrypted, url_hint FROM alert_destinations WHERE name = $1",
      [name],
    );
    expect(stored!.url_hint).toBe(`http://127.0.0.1:${port}`);
    expect(stored!.url_encrypted).not.toContain(secretPath);
    expect(stored!.secret_encrypted).not.toContain(signingSecret);

    await card.getByRole("link", { name: `Edit ${name}` }).click();
    await expect(page.getByLabel("New URL")).toHaveValue("");
    await expect(page.getByLabel("New signing secret")).toHaveValue("");
    expect(await page.content()).not.toContain(secretPath);
    await page.getByRole("link", { name: "Cancel" }).click();

    await page.getByRole("button", { name: `Send test to ${name}` }).click();
    await expect(page.getByText("Test queued. Its outcome appears in the delivery log below.")).toBeVisible();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const [request] = received;
    expect(request!.headers["x-intake-event"]).toBe("test");
    const timestamp = String(request!.headers["x-intake-timestamp"]);
    const expected = Buffer.from(
      `sha256=${createHmac("sha256", signingSecret).update(`${timestamp}.${request!.body}`).digest("hex")}`,
    );
    const given = Buffer.from(String(request!.headers["x-intake-signature"]));
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({
      type: "test",
      alert: { title: "Test notification from Intake" },
    });

    const delivery = card.locator("xpath=ancestor::section[1]").getByTestId("delivery-row").first();
    await expect(delivery).toHaveAttribute("data-status", "delivered", { timeout: 15_000 });
    await expect(delivery).toContainText("Test");
    await expect(delivery).toContainText("Delivered");
    await expect(delivery.locator("td").nth(3)).toHaveText("1");
    await expect(delivery.locator("td").nth(4)).toHaveText("204");
  });
});
