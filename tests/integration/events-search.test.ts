import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { CSV_COLUMNS, exportEvents } from "@/lib/events/export";
import { hasAnyEvents, listActions, listProducts, listResults, listSourceOptions } from "@/lib/events/facets";
import type { RawSearchParams } from "@/lib/events/schemas";
import { getEvent, searchEvents } from "@/lib/events/search";
import { useTestDatabase } from "../helpers/database";
import { parseCsv } from "../helpers/csv";
import { type AuditSpec, insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";

/**
 * Search, export and the filter facets over a known set of events in a real PostgreSQL.
 * Expected results are written out by hand (event keys in newest-first order), so a
 * filter that matches too much or too little, or an order that slips, shows up as a diff.
 */
const NOW = new Date("2026-03-01T12:00:00.000Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const iso = (date: Date) => date.toISOString();

let sourceA: SeedSource;
let sourceB: SeedSource;
let sourceC: SeedSource;
/** Seed key ("a1") -> audit_id, and event id -> seed key. */
const auditIdOf = new Map<string, string>();
const keyOfId = new Map<string, string>();

const SEEDS_A: Record<string, AuditSpec> = {
  a1: {
    time: ago(5 * MIN),
    action: "LOG_CREATED",
    email: "alice@example.com",
    username: "Alice Admin",
    description: 'Log "newnet" was created',
  },
  a2: {
    time: ago(10 * MIN),
    action: "ACTIVATE_COLLECTOR",
    email: "bob@example.com",
    username: "Bob Ops",
    description: "Collector tulsa.collector.razor.com activated",
  },
  a3: {
    time: ago(50 * MIN),
    action: "RULE_UPDATED",
    email: "bob@example.com",
    username: "Bob Ops",
    description: 'Rule "Impossible travel, strict"\nthreshold changed, was "5"',
  },
  a4: {
    time: ago(3 * DAY),
    action: "DELETE_HONEYPOT",
    accessMethod: "AUTOMATION",
    description: "Tulsa Honeypot (finance-db-1 - 10.4.2.111) deleted",
  },
  a5: {
    time: ago(60 * DAY),
    action: "LOG_DELETED",
    email: "alice@example.com",
    username: "Alice Admin",
    description: 'Log "oldnet" was deleted',
  },
};
const SEEDS_B: Record<string, AuditSpec> = {
  b1: {
    time: ago(30 * MIN),
    action: "SAVE_POLICY",
    result: "FAILURE",
    product: "IVM",
    email: "carol@example.com",
    username: "Carol Compliance",
    description: 'Policy "CIS Ubuntu 22.04 custom" save failed',
  },
  b2: { time: ago(40 * MIN), action: "COLLECTOR_ALERT", description: "Disk usage at 50% on collector" },
  b3: { time: ago(45 * MIN), action: "COLLECTOR_ALERT", description: "Disk usage at 500 MB on collector" },
  b4: {
    time: ago(2 * HOUR),
    action: "LOG_UPDATED",
    accessMethod: "API",
    email: null,
    username: "svc-terraform",
    description: 'Log "newnet" was updated',
  },
  b5: {
    time: ago(20 * DAY),
    action: "LOG_CREATED",
    result: "FAILURE",
    email: "alice@example.com",
    username: "Alice Admin",
    description: 'Log "newnet2" creation failed',
  },
  b6: {
    time: ago(6 * HOUR),
    action: "EXPORT_STARTED",
    email: "dave@example.com",
    username: "Dave",
    description: '=HYPERLINK("http://evil.example","click")',
  },
};

/** Three event times shared by 40 events each: pages must break ties on id. */
const TIE_TIMES = [ago(45 * DAY), ago(45 * DAY + 1_000), ago(45 * DAY + 2_000)];

async function seed(source: SeedSource, specs: Record<string, AuditSpec>) {
  const seeded = await seedEvents(pool(), source, Object.values(specs), { parseTime: NOW });
  Object.keys(specs).forEach((key, i) => auditIdOf.set(key, seeded[i]!.auditId));
}

beforeAll(async () => {
  await useTestDatabase();
  expect(await hasAnyEvents()).toBe(false);
  sourceA = await insertSource(pool(), { name: "Rapid7 Alpha" });
  sourceB = await insertSource(pool(), { name: "Rapid7 Bravo" });
  sourceC = await insertSource(pool(), { name: "Rapid7 Charlie (ties)" });
  await seed(sourceA, SEEDS_A);
  await seed(sourceB, SEEDS_B);
  const ties: Record<string, AuditSpec> = {};
  for (let i = 0; i < 120; i += 1)
    ties[`c${i}`] = {
      time: TIE_TIMES[i % 3]!,
      action: "LOG_UPDATED",
      email: `user${i}@example.com`,
      description: `tie ${i}`,
    };
  await seed(sourceC, ties);
  const { rows } = await pool().query<{ id: string; audit_id: string }>("SELECT id, audit_id FROM events");
  const keyOfAudit = new Map([...auditIdOf].map(([key, auditId]) => [auditId, key]));
  for (const row of rows) keyOfId.set(row.id, keyOfAudit.get(row.audit_id)!);
});

async function keys(params: RawSearchParams): Promise<string[]> {
  const page = await searchEvents(params, { now: NOW });
  return page.rows.map((row) => keyOfId.get(row.id)!);
}

const LAST_24H = ["a1", "a2", "b1", "b2", "b3", "a3", "b4", "b6"];

describe("searching events", () => {
  it("returns the last 24 hours newest first by default, with the indexed columns and the source name", async () => {
    expect(await keys({})).toEqual(LAST_24H);
    const page = await searchEvents({}, { now: NOW });
    expect(page.hasMore).toBe(false);
    expect(page.nextCursor).toBeNull();
    expect(page.rows[0]).toMatchObject({
      eventTime: SEEDS_A.a1!.time,
      action: "LOG_CREATED",
      result: "SUCCESS",
      product: "IDR",
      description: 'Log "newnet" was created',
      emails: ["alice@example.com"],
      usernames: ["Alice Admin"],
      sourceId: sourceA.id,
      sourceName: "Rapid7 Alpha",
    });
  });

  it("filters by each time range preset and by a custom range", async () => {
    expect(await keys({ range: "15m" })).toEqual(["a1", "a2"]);
    expect(await keys({ range: "1h" })).toEqual(["a1", "a2", "b1", "b2", "b3", "a3"]);
    expect(await keys({ range: "24h" })).toEqual(LAST_24H);
    expect(await keys({ range: "7d" })).toEqual([...LAST_24H, "a4"]);
    expect(await keys({ range: "30d", source: [sourceA.id, sourceB.id] })).toEqual([...LAST_24H, "a4", "b5"]);
    expect(await keys({ range: "custom", from: iso(ago(61 * DAY)), to: iso(ago(59 * DAY)) })).toEqual(["a5"]);
    expect(await keys({ range: "custom", from: iso(ago(35 * MIN)) })).toEqual(["a1", "a2", "b1"]);
    // Bounds are inclusive, and a time without a zone is UTC.
    expect(await keys({ range: "custom", from: iso(ago(50 * MIN)), to: iso(ago(40 * MIN)).replace("Z", "") })).toEqual([
      "b2",
      "b3",
      "a3",
    ]);
  });

  it("filters by source, one or several", async () => {
    expect(await keys({ source: sourceA.id })).toEqual(["a1", "a2", "a3"]);
    expect(await keys({ source: sourceB.id, range: "30d" })).toEqual(["b1", "b2", "b3", "b4", "b6", "b5"]);
    expect(await keys({ source: [sourceA.id, sourceB.id] })).toEqual(LAST_24H);
    expect(await keys({ source: crypto.randomUUID() })).toEqual([]);
  });

  it("filters by action, by result and by product", async () => {
    expect(await keys({ action: "LOG_CREATED", range: "30d" })).toEqual(["a1", "b5"]);
    expect(await keys({ action: "COLLECTOR_ALERT" })).toEqual(["b2", "b3"]);
    expect(await keys({ result: "FAILURE", range: "30d" })).toEqual(["b1", "b5"]);
    expect(await keys({ result: "SUCCESS", range: "1h" })).toEqual(["a1", "a2", "b2", "b3", "a3"]);
    expect(await keys({ product: "IVM", range: "30d" })).toEqual(["b1"]);
    expect(await keys({ product: "IDR", result: "FAILURE", range: "30d" })).toEqual(["b5"]);
    expect(await keys({ product: "NO_SUCH_PRODUCT", range: "30d" })).toEqual([]);
  });

  it("filters by person: an email or a username, in p_any_emails or p_any_usernames", async () => {
    expect(await keys({ person: "alice@example.com", range: "30d" })).toEqual(["a1", "b5"]);
    expect(await keys({ person: "ALICE@example.com", range: "30d" })).toEqual(["a1", "b5"]);
    expect(await keys({ person: "svc-terraform" })).toEqual(["b4"]);
    expect(await keys({ person: "Bob Ops" })).toEqual(["a2", "a3"]);
    expect(await keys({ person: "bob" })).toEqual([]);
  });

  it("filters by text in the description, case-insensitive, with % and _ taken literally", async () => {
    expect(await keys({ text: "newnet", range: "30d" })).toEqual(["a1", "b4", "b5"]);
    expect(await keys({ text: "NEWNET", range: "30d" })).toEqual(["a1", "b4", "b5"]);
    expect(await keys({ text: "50%" })).toEqual(["b2"]);
    expect(await keys({ text: "usage_at" })).toEqual([]);
    expect(await keys({ text: "impossible travel" })).toEqual(["a3"]);
  });

  it("combines filters", async () => {
    expect(await keys({ source: sourceA.id, person: "bob@example.com" })).toEqual(["a2", "a3"]);
    expect(await keys({ source: sourceB.id, result: "FAILURE", text: "policy", range: "30d" })).toEqual(["b1"]);
    expect(await keys({ action: "LOG_CREATED", result: "FAILURE", person: "alice@example.com", range: "30d" })).toEqual(
      ["b5"],
    );
    expect(
      await keys({ source: [sourceA.id, sourceB.id], action: "LOG_CREATED", text: "created", range: "7d" }),
    ).toEqual(["a1"]);
    expect(await keys({ range: "1h", text: "collector", result: "SUCCESS", source: sourceB.id })).toEqual(["b2", "b3"]);
    expect(await keys({ action: "LOG_CREATED", text: "no such thing" })).toEqual([]);
  });

  it("reports invalid filters as validation errors naming the filter", async () => {
    const cases: [RawSearchParams, string][] = [
      [{ range: "yesterday" }, "range"],
      [{ range: "custom" }, "from"],
      [{ range: "custom", from: iso(ago(HOUR)), to: iso(ago(2 * HOUR)) }, "to"],
      [{ range: "custom", from: "2026-02-31 10:00" }, "from"],
      [{ source: "not-a-uuid" }, "source.0"],
      [{ text: "ab" }, "text"],
    ];
    for (const [params, field] of cases) {
      const error = await searchEvents(params, { now: NOW }).catch((e: unknown) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fieldErrors), JSON.stringify(params)).toEqual([field]);
    }
  });
});

describe("keyset pagination", () => {
  /** Every page of a search, following nextCursor; checks page sizes and hasMore on the way. */
  async function walk(params: RawSearchParams): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page = await searchEvents({ ...params, ...(cursor ? { cursor } : {}) }, { now: NOW });
      ids.push(...page.rows.map((row) => row.id));
      expect(page.rows.length).toBe(page.hasMore ? 50 : page.rows.length);
      if (!page.hasMore) return ids;
      cursor = page.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    }
    throw new Error("pagination did not end");
  }

  async function truth(where: string, values: unknown[]): Promise<string[]> {
    const { rows } = await pool().query<{ id: string }>(
      `SELECT id FROM events WHERE ${where} ORDER BY event_time DESC, id DESC`,
      values,
    );
    return rows.map((row) => row.id);
  }

  const everything = { range: "custom", from: iso(ago(61 * DAY)) };

  it("walks one source with ties on event_time, every row exactly once, in order", async () => {
    const ids = await walk({ source: sourceC.id, ...everything });
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(ids).toEqual(await truth("source_id = $1", [sourceC.id]));
  });

  it("walks all sources and a pair of sources the same way", async () => {
    const all = await walk(everything);
    expect(all).toHaveLength(131);
    expect(all).toEqual(await truth("true", []));
    const pair = await walk({ source: [sourceA.id, sourceC.id], ...everything });
    expect(pair).toHaveLength(125);
    expect(pair).toEqual(await truth("source_id = ANY($1::uuid[])", [[sourceA.id, sourceC.id]]));
  });

  it("refuses a tampered cursor with a validation error on the cursor", async () => {
    const first = await searchEvents({ source: sourceC.id, ...everything }, { now: NOW });
    const cursor = first.nextCursor!;
    for (const tampered of [
      `${cursor}!`,
      "bm90IGEgY3Vyc29y",
      btoa("1.2.3"),
      btoa("99999999999999999.1"),
      btoa("1.99999999999999999999"),
    ]) {
      const error = await searchEvents({ source: sourceC.id, ...everything, cursor: tampered }, { now: NOW }).catch(
        (e: unknown) => e,
      );
      expect(error, tampered).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toHaveProperty("cursor");
    }
  });
});

describe("one event", () => {
  it("returns the normalized record with its p_ fields and the raw message", async () => {
    const id = [...keyOfId].find(([, key]) => key === "b4")![0];
    const event = await getEvent(id);
    expect(event).not.toBeNull();
    expect(event!.raw).toContain('"svc-terraform"');
    expect(JSON.parse(event!.raw)).toMatchObject({ action: "LOG_UPDATED", audit_id: auditIdOf.get("b4") });
    expect(event!.normalized).toMatchObject({
      action: "LOG_UPDATED",
      p_log_type: "Rapid7.AuditLog",
      p_event_time: SEEDS_B.b4!.time.toISOString(),
      p_source_id: sourceB.id,
      p_source_label: "Rapid7 Bravo",
      p_any_usernames: ["svc-terraform"],
    });
    expect(event!.normalized.p_row_id).toMatch(/^[0-9a-f]{32}$/);
    // Fields come back in the order of the raw message, not jsonb's.
    expect(Object.keys(event!.normalized).slice(0, 3)).toEqual(["action", "audit_id", "result"]);
  });

  it("returns null for an id that does not exist and refuses one that is not an id", async () => {
    expect(await getEvent("987654321")).toBeNull();
    await expect(getEvent("1 OR 1=1")).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("facets", () => {
  it("lists sources, distinct actions, results and products", async () => {
    expect((await listSourceOptions()).map((s) => s.name)).toEqual([
      "Rapid7 Alpha",
      "Rapid7 Bravo",
      "Rapid7 Charlie (ties)",
    ]);
    expect(await listActions()).toEqual([
      "ACTIVATE_COLLECTOR",
      "COLLECTOR_ALERT",
      "DELETE_HONEYPOT",
      "EXPORT_STARTED",
      "LOG_CREATED",
      "LOG_DELETED",
      "LOG_UPDATED",
      "RULE_UPDATED",
      "SAVE_POLICY",
    ]);
    expect(await listResults()).toEqual(["FAILURE", "SUCCESS"]);
    expect(await listProducts()).toEqual(["IDR", "IVM"]);
    expect(await hasAnyEvents()).toBe(true);
  });
});

async function exported(params: RawSearchParams, format: string, options: { cap?: number; chunkSize?: number } = {}) {
  const result = await exportEvents(params, format, { now: NOW, ...options });
  return { ...result, text: await new Response(result.stream).text() };
}

describe("export", () => {
  let filters: RawSearchParams;
  beforeAll(() => {
    filters = { source: [sourceA.id, sourceB.id], range: "30d" };
  });
  const expected = [...LAST_24H, "a4", "b5"];

  it("writes exactly the filtered rows as JSON lines, one normalized record per line, in small chunks", async () => {
    const { text, filename, contentType } = await exported(filters, "jsonl", { chunkSize: 3 });
    expect(filename).toBe("intake-events-20260301T120000Z.jsonl");
    expect(contentType).toContain("application/x-ndjson");
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r.audit_id)).toEqual(expected.map((key) => auditIdOf.get(key)));
    expect(records[0]).toMatchObject({
      p_log_type: "Rapid7.AuditLog",
      p_source_label: "Rapid7 Alpha",
      description: 'Log "newnet" was created',
    });
    expect(records.every((r) => typeof r.p_row_id === "string")).toBe(true);
  });

  it("writes exactly the filtered rows as CSV, with quotes, commas and newlines intact", async () => {
    const { text, filename } = await exported(filters, "csv", { chunkSize: 4 });
    expect(filename).toBe("intake-events-20260301T120000Z.csv");
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    const column = (name: (typeof CSV_COLUMNS)[number]) => rows.map((row) => row[CSV_COLUMNS.indexOf(name)]);
    expect(column("audit_id")).toEqual(expected.map((key) => auditIdOf.get(key)));
    const a3 = rows[expected.indexOf("a3")]!;
    expect(a3).toEqual([
      SEEDS_A.a3!.time.toISOString(),
      "Rapid7 Alpha",
      "RULE_UPDATED",
      "SUCCESS",
      "IDR",
      'Rule "Impossible travel, strict"\nthreshold changed, was "5"',
      "bob@example.com",
      "Bob Ops",
      auditIdOf.get("a3"),
      expect.stringMatching(/^[0-9a-f]{32}$/),
    ]);
    // A description that would run as a spreadsheet formula is defused.
    expect(rows[expected.indexOf("b6")]![CSV_COLUMNS.indexOf("description")]).toBe(
      `'=HYPERLINK("http://evil.example","click")`,
    );
    const { rows: rowIds } = await pool().query<{ audit_id: string; p_row_id: string }>(
      "SELECT audit_id, normalized->>'p_row_id' AS p_row_id FROM events",
    );
    const rowIdOf = new Map(rowIds.map((r) => [r.audit_id, r.p_row_id]));
    expect(column("p_row_id")).toEqual(expected.map((key) => rowIdOf.get(auditIdOf.get(key)!)));
  });

  it("exports the whole result whatever page the link was on, and applies every filter", async () => {
    const first = await searchEvents({ ...filters, action: "LOG_CREATED" }, { now: NOW, pageSize: 1 });
    const { text } = await exported({ ...filters, action: "LOG_CREATED", cursor: first.nextCursor! }, "jsonl");
    expect(
      text
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { audit_id: string }).audit_id),
    ).toEqual([auditIdOf.get("a1"), auditIdOf.get("b5")]);
    const empty = await exported({ text: "no such thing" }, "csv");
    expect(parseCsv(empty.text)).toEqual([[...CSV_COLUMNS]]);
  });

  it("stops at the cap and says so in the file's own format", async () => {
    const jsonl = await exported(filters, "jsonl", { cap: 4, chunkSize: 3 });
    const lines = jsonl.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.slice(0, 4).map((r) => r.audit_id)).toEqual(expected.slice(0, 4).map((key) => auditIdOf.get(key)));
    expect(lines[4]).toEqual({
      intake_export_truncated: true,
      message: expect.stringContaining("Export stopped after 4 events"),
    });
    expect(lines).toHaveLength(5);

    const csv = parseCsv((await exported(filters, "csv", { cap: 4 })).text);
    expect(csv).toHaveLength(6);
    expect(csv[5]![0]).toMatch(/^# Export stopped after 4 events; more events match/);

    // Exactly at the cap with nothing more: no notice.
    const exact = await exported(filters, "jsonl", { cap: expected.length });
    expect(exact.text.trim().split("\n")).toHaveLength(expected.length);
  });

  it("refuses an unknown format or a bad filter before streaming anything", async () => {
    await expect(exportEvents(filters, "xml")).rejects.toBeInstanceOf(ValidationError);
    await expect(exportEvents({ range: "custom" }, "csv")).rejects.toBeInstanceOf(ValidationError);
  });
});
