import { readFileSync } from "node:fs";
import type { Page, Route } from "@playwright/test";
import { expect } from "./fixtures";

/** Something a test looked at for secrets: a response, a server log line, a database row. */
export type Inspected = { where: string; text: string; serverAction?: boolean };
export type Leak = { secret: string; where: string; serverAction: boolean };

const TEXT_CONTENT = /html|json|x-component|text\/plain/;
const RELAYED = ["document", "fetch", "xhr"];
const headerLines = (headers: { name: string; value: string }[]) =>
  headers.map(({ name, value }) => `${name}: ${value}`);

/**
 * Records every response the page gets, its status line and headers, and the body of
 * every document, fetch and server-action (RSC) answer, so a test can prove a secret
 * never came back to the browser. (Scripts, styles and images are files from the build,
 * made before any of a test's secrets existed: their headers are recorded, not their
 * bodies.) Documents and fetches are fetched through Playwright and handed on unchanged:
 * reading bodies from response events instead misses some (Chromium drops bodies that
 * were streamed, and reads finish after the check already ran).
 */
export async function watchResponses(page: Page) {
  const recorded: Inspected[] = [];
  const inFlight = new Set<Promise<void>>();

  const relay = async (route: Route) => {
    const request = route.request();
    try {
      const response = await route.fetch({ maxRedirects: 0 });
      const body = await response.body();
      const where = `the response to ${request.method()} ${request.url()}`;
      const serverAction = request.headers()["next-action"] !== undefined;
      recorded.push({
        where: `${where} (status and headers)`,
        text: [`${response.status()} ${response.statusText()}`, ...headerLines(response.headersArray())].join("\n"),
        serverAction,
      });
      if (TEXT_CONTENT.test(response.headers()["content-type"] ?? ""))
        recorded.push({ where, text: body.toString("utf8"), serverAction });
      await route.fulfill({ response, body });
    } catch {
      // The page gave up on the request (a navigation cancelled it), so no body reached it.
      await route.abort().catch(() => undefined);
    }
  };

  const track = async (work: Promise<void>) => {
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };
  await page.route("**/*", (route) =>
    RELAYED.includes(route.request().resourceType()) ? track(relay(route)) : route.fallback(),
  );
  page.on("response", (response) => {
    const request = response.request();
    if (RELAYED.includes(request.resourceType())) return;
    void track(
      response.headersArray().then(
        (headers) => {
          recorded.push({
            where: `the response to ${request.method()} ${request.url()} (status and headers)`,
            text: [`${response.status()}`, ...headerLines(headers)].join("\n"),
          });
        },
        () => undefined, // the page was closed before the headers could be read
      ),
    );
  });

  const settled = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };

  return {
    /** Everything recorded so far (once the requests in flight have finished). */
    async recorded(): Promise<Inspected[]> {
      await settled();
      // The flow's server actions must have been seen, or "absent" would prove nothing.
      expect(recorded.filter((entry) => entry.serverAction).length, "server action responses recorded").toBeGreaterThan(
        0,
      );
      return [...recorded];
    },
    /** The secrets are in no response the page received, and not in the server's log. */
    async expectAbsent(...secrets: string[]) {
      const named = Object.fromEntries(secrets.map((secret, index) => [`secret #${index + 1}`, secret]));
      expect(findLeaks(named, [...(await this.recorded()), ...serverLogLines()])).toEqual([]);
    },
  };
}

/** Every line the console's processes (launcher, web server, workers) wrote, from global setup's log file. */
export function serverLogLines(): Inspected[] {
  return readFileSync(process.env.E2E_SERVER_LOG!, "utf8")
    .split("\n")
    .map((text, index) => ({ where: `server log line ${index + 1}`, text }));
}

/** Where each secret (by name) appears in what was inspected. */
export function findLeaks(secrets: Record<string, string>, inspected: Inspected[]): Leak[] {
  const leaks: Leak[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    if (value.length < 8) throw new Error(`The secret "${secret}" is too short to search for meaningfully.`);
    for (const entry of inspected)
      if (entry.text.includes(value))
        leaks.push({ secret, where: entry.where, serverAction: entry.serverAction ?? false });
  }
  return leaks;
}

type Sql = <T extends Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;

/** Where each secret appears in the console's database: every row of every table (queue jobs too), as JSON. */
export async function databaseLeaks(sql: Sql, secrets: Record<string, string>): Promise<Leak[]> {
  const tables = await sql<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'pgboss') ORDER BY 1`,
  );
  expect(tables.map((table) => table.name)).toEqual(
    expect.arrayContaining(["public.audit_log_entries", "public.alert_deliveries", "pgboss.job"]),
  );
  const leaks: Leak[] = [];
  for (const { name } of tables) {
    const found = await sql<{ secret: string; rows: string }>(
      `SELECT s.secret, count(*) AS rows FROM (SELECT row_to_json(t)::text AS row FROM ${name} t) r
       CROSS JOIN unnest($1::text[], $2::text[]) AS s(secret, value) WHERE strpos(r.row, s.value) > 0 GROUP BY s.secret`,
      [Object.keys(secrets), Object.values(secrets)],
    );
    for (const { secret, rows } of found)
      leaks.push({ secret, where: `${rows} row(s) of ${name}`, serverAction: false });
  }
  return leaks;
}
