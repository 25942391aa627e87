import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EntrySummary, Rapid7Simulator } from "@/simulator/rapid7";
import { FIXED_NOW, api, auditIdOf, call, linkOf, queryUrl, readAllPages, startTestSimulator } from "./helpers";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START_OF_TODAY = Date.UTC(2025, 5, 2);

let sim: Rapid7Simulator;
let idr: string;
let ivm: string;
let platform: string;

beforeAll(async () => {
  ({ sim } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  sim.control.setKnobs({ pendingPolls: 0 });
  idr = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
  ivm = sim.control.findLog({ region: "us3", logName: "InsightVM Audit" }).id;
  platform = sim.control.findLog({ region: "us3", logName: "Platform Audit" }).id;
});

function entriesIn(logIds: string[], from: number, to: number): EntrySummary[] {
  return logIds
    .flatMap((logId) => sim.control.listEntries({ logId }))
    .filter((entry) => entry.timestampMs >= from && entry.timestampMs < to)
    .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
}

describe("time ranges", () => {
  it.each([
    ["today", START_OF_TODAY, FIXED_NOW],
    ["Yesterday", START_OF_TODAY - DAY, START_OF_TODAY],
    ["Last 30 Days", FIXED_NOW - 30 * DAY, FIXED_NOW],
    ["LAST 2 HOURS", FIXED_NOW - 2 * HOUR, FIXED_NOW],
    ["last 5 mins", FIXED_NOW - 5 * MINUTE, FIXED_NOW],
    ["last 1 min", FIXED_NOW - MINUTE, FIXED_NOW],
    ["last 3 hrs", FIXED_NOW - 3 * HOUR, FIXED_NOW],
    ["last 1 week", FIXED_NOW - 7 * DAY, FIXED_NOW],
    ["last 2 months", FIXED_NOW - 60 * DAY, FIXED_NOW],
    ["last 1 month", FIXED_NOW - 30 * DAY, FIXED_NOW],
    ["Last 1 Day", FIXED_NOW - DAY, FIXED_NOW],
    ["last 90 minutes", FIXED_NOW - 90 * MINUTE, FIXED_NOW],
    ["last 1 year", FIXED_NOW - 365 * DAY, FIXED_NOW],
  ])("resolves time_range %s and echoes it", async (timeRange, from, to) => {
    const result = await call(queryUrl(sim, idr, { time_range: timeRange, per_page: 500 }));
    expect(result.status).toBe(200);
    expect(result.body.leql?.during).toEqual({ from, to, time_range: timeRange });
    const expected = entriesIn([idr], from, to).slice(0, 500);
    expect((result.body.events ?? []).map((event) => event.sequence_number_str)).toEqual(expected.map((e) => e.seq));
  });

  it.each(["last week", "last 0 days", "next 3 days", "last 3 fortnights", "tomorrow", "", "last -1 days"])(
    "rejects time_range %j with 400",
    async (timeRange) => {
      const result = await call(queryUrl(sim, idr, { time_range: timeRange }));
      expect(result.status).toBe(400);
      expect(result.body.message).toMatch(/time_range/);
    },
  );

  it("rejects from > to, a missing range, a lone from and non-numeric bounds with 400", async () => {
    for (const params of [
      { from: FIXED_NOW, to: FIXED_NOW - 1 },
      {},
      { from: FIXED_NOW - DAY },
      { from: "yesterday", to: FIXED_NOW },
      { from: FIXED_NOW - 1.5, to: FIXED_NOW },
    ]) {
      const result = await call(queryUrl(sim, idr, params));
      expect(result.status, JSON.stringify(params)).toBe(400);
      expect(typeof result.body.message).toBe("string");
    }
    expect((await call(queryUrl(sim, idr, { from: FIXED_NOW, to: FIXED_NOW }))).status).toBe(200);
  });

  it("filters on from <= timestamp < to", async () => {
    const all = entriesIn([idr], 0, FIXED_NOW + 1);
    const pivot = all[10] as EntrySummary;
    const result = await call(
      queryUrl(sim, idr, { from: pivot.timestampMs, to: (all[20] as EntrySummary).timestampMs }),
    );
    expect((result.body.events ?? []).map((event) => event.sequence_number_str)).toEqual(
      all.slice(10, 20).map((e) => e.seq),
    );
  });
});

describe("per_page", () => {
  const week = { from: FIXED_NOW - 7 * DAY, to: FIXED_NOW };

  it("clamps values above the maximum by default", async () => {
    const result = await call(queryUrl(sim, idr, { ...week, per_page: 5000 }));
    expect(result.status).toBe(200);
    expect(result.body.events).toHaveLength(500);
    expect(new URL(linkOf(result.body, "Next") ?? "").searchParams.get("per_page")).toBe("500");
  });

  it("rejects values above the maximum with perPageOverflow reject, and honours maxPerPage", async () => {
    sim.control.setKnobs({ perPageOverflow: "reject" });
    const rejected = await call(queryUrl(sim, idr, { ...week, per_page: 501 }));
    expect(rejected.status).toBe(400);
    expect(rejected.body.message).toMatch(/500/);
    sim.control.setKnobs({ maxPerPage: 100, perPageOverflow: "clamp" });
    expect((await call(queryUrl(sim, idr, { ...week, per_page: 200 }))).body.events).toHaveLength(100);
  });

  it("rejects zero and non-numeric values", async () => {
    for (const perPage of ["0", "abc", "-5"]) {
      expect((await call(queryUrl(sim, idr, { ...week, per_page: perPage }))).status).toBe(400);
    }
  });
});

describe("sequence_number, ordering and several logs", () => {
  const week = { from: FIXED_NOW - 7 * DAY, to: FIXED_NOW };

  it("resumes strictly after the given sequence number, even one that matches no entry", async () => {
    const all = entriesIn([idr], week.from, week.to);
    const after = all[4] as EntrySummary;
    const exact = await call(queryUrl(sim, idr, { ...week, per_page: 3, sequence_number: after.seq }));
    expect((exact.body.events ?? []).map((e) => e.sequence_number_str)).toEqual(all.slice(5, 8).map((e) => e.seq));

    const between = (BigInt(after.seq) + 1n).toString();
    const inexact = await call(queryUrl(sim, idr, { ...week, per_page: 3, sequence_number: between }));
    expect((inexact.body.events ?? []).map((e) => e.sequence_number_str)).toEqual(all.slice(5, 8).map((e) => e.seq));

    expect((await call(queryUrl(sim, idr, { ...week, sequence_number: "12x" }))).status).toBe(400);
  });

  it("most_recent_first reverses the order and its Next links continue backwards", async () => {
    const all = entriesIn([idr], week.from, week.to).reverse();
    const first = await call(queryUrl(sim, idr, { ...week, per_page: 7, most_recent_first: true }));
    expect((first.body.events ?? []).map((e) => e.sequence_number_str)).toEqual(all.slice(0, 7).map((e) => e.seq));
    const next = new URL(linkOf(first.body, "Next") ?? "");
    expect(next.searchParams.get("most_recent_first")).toBe("true");
    const { events } = await readAllPages(queryUrl(sim, idr, { ...week, per_page: 50, most_recent_first: true }));
    expect(events.map((e) => e.sequence_number_str)).toEqual(all.map((e) => e.seq));
  });

  it("merges several logs newest first with most_recent_first", async () => {
    const expected = entriesIn([idr, ivm, platform], week.from, week.to).reverse();
    const { events } = await readAllPages(
      queryUrl(sim, [idr, ivm, platform], { ...week, per_page: 300, most_recent_first: true }),
    );
    expect(events.map((e) => e.sequence_number_str)).toEqual(expected.map((e) => e.seq));
  });

  it("merges colon-joined logs in sequence order and labels each event with its log", async () => {
    const expected = entriesIn([idr, ivm, platform], week.from, week.to);
    const { events } = await readAllPages(queryUrl(sim, [idr, ivm, platform], { ...week, per_page: 200 }));
    expect(events.map((e) => e.sequence_number_str)).toEqual(expected.map((e) => e.seq));
    expect(events.map((e) => e.log_id)).toEqual(expected.map((e) => e.logId));
    expect(new Set(events.map((e) => e.log_id)).size).toBe(3);
  });

  it("accepts the POST form with during from/to or time_range", async () => {
    const expected = entriesIn([idr, ivm], week.from, week.to);
    const url = `${api(sim, "us3", "log_search/query/logs")}?per_page=500`;
    const byRange = await call(url, {
      method: "POST",
      json: { logs: [idr, ivm], leql: { statement: "where(/.*/)", during: week } },
    });
    expect(byRange.status).toBe(200);
    expect(byRange.body.logs).toEqual([idr, ivm]);
    expect((byRange.body.events ?? []).map((e) => e.sequence_number_str)).toEqual(
      expected.slice(0, 500).map((e) => e.seq),
    );
    // The Next link of a POST query is the GET form over the same logs.
    expect(new URL(linkOf(byRange.body, "Next") ?? "").pathname).toBe(`/us3/log_search/query/logs/${idr}:${ivm}`);

    const byTimeRange = await call(url, {
      method: "POST",
      json: { logs: [idr], leql: { statement: "", during: { time_range: "Last 20 Minutes" } } },
    });
    expect(byTimeRange.status).toBe(200);
    expect(byTimeRange.body.leql?.during).toEqual({
      from: FIXED_NOW - 20 * MINUTE,
      to: FIXED_NOW,
      time_range: "Last 20 Minutes",
    });

    for (const json of [{ logs: [] }, { logs: [idr], leql: {} }, "not json"]) {
      expect((await call(url, { method: "POST", json })).status).toBe(400);
    }
  });

  it("queries every log of a log set through /query/logsets/{id}", async () => {
    const logset = sim.control.findLog({ logId: idr }).logset.id;
    const result = await call(
      `${api(sim, "us3", `log_search/query/logsets/${logset}`)}?from=${week.from}&to=${week.to}`,
    );
    expect(new Set(result.body.logs as string[])).toEqual(new Set([idr, ivm, platform]));
  });
});

describe("LEQL subset", () => {
  const week = { from: FIXED_NOW - 7 * DAY, to: FIXED_NOW };
  const actionsOf = async (logIds: string[], query: string) => {
    const { events } = await readAllPages(queryUrl(sim, logIds, { ...week, per_page: 500, query }));
    return events.map((event) => JSON.parse(event.message) as { action: string; product: string; description: string });
  };

  it("where(action=X) keeps only that action, quoted or not", async () => {
    const records = await actionsOf([idr], "where(action=LOG_UPDATED)");
    expect(records.length).toBeGreaterThan(5);
    expect(new Set(records.map((r) => r.action))).toEqual(new Set(["LOG_UPDATED"]));
    expect(await actionsOf([idr], 'where(action="LOG_UPDATED")')).toEqual(records);
  });

  it("where(product=X) filters across several logs", async () => {
    const records = await actionsOf([idr, ivm, platform], "where(product=IVM)");
    expect(records.length).toBe(entriesIn([ivm], week.from, week.to).length);
    expect(new Set(records.map((r) => r.product))).toEqual(new Set(["IVM"]));
  });

  it("plain keywords and quoted keywords match anywhere in the message", async () => {
    const records = await actionsOf([idr], "honeypot");
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => JSON.stringify(r).includes("honeypot"))).toBe(true);
    // Keyword search is case-sensitive: "Honeypot" (descriptions) is a different set.
    expect(await actionsOf([idr], "Honeypot")).not.toEqual(records);
    const quoted = await actionsOf([idr], 'where("Collector tulsa.collector.razor.com activated")');
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.every((r) => r.action === "ACTIVATE_COLLECTOR")).toBe(true);
  });

  it("where(/regex/) filters by regular expression; where(/.*/) and empty match everything", async () => {
    const all = entriesIn([idr], week.from, week.to).length;
    expect(await actionsOf([idr], "where(/.*/)")).toHaveLength(all);
    expect(await actionsOf([idr], "")).toHaveLength(all);
    const honeypots = await actionsOf([idr], "where(/_HONEYPOT/)");
    expect(new Set(honeypots.map((r) => r.action))).toEqual(new Set(["ACTIVATE_HONEYPOT", "DELETE_HONEYPOT"]));
  });

  it("rejects statements outside the subset with 400", async () => {
    for (const query of ["where(action=X", "select(foo)", "where(/[/)", "calculate(sum:bytes)"]) {
      expect((await call(queryUrl(sim, idr, { ...week, query }))).status, query).toBe(400);
    }
  });
});

describe("statistical queries", () => {
  const week = { from: FIXED_NOW - 7 * DAY, to: FIXED_NOW };

  it("calculate(count) answers statistics instead of events", async () => {
    const result = await call(queryUrl(sim, idr, { ...week, query: "where(action=LOG_UPDATED) calculate(count)" }));
    expect(result.status).toBe(200);
    expect(result.body).not.toHaveProperty("events");
    const expected = (
      await readAllPages(queryUrl(sim, idr, { ...week, per_page: 500, query: "where(action=LOG_UPDATED)" }))
    ).events.length;
    expect(result.body.statistics?.count).toBe(expected);
    expect(result.body.statistics?.stats.global_timeseries.count).toBe(expected);
  });

  it("groupby(action) counts per action", async () => {
    const result = await call(queryUrl(sim, idr, { ...week, query: "groupby(action) calculate(count)" }));
    const groups = result.body.statistics?.groups ?? [];
    const total = groups.reduce((sum, group) => sum + (Object.values(group)[0]?.count ?? 0), 0);
    expect(total).toBe(entriesIn([idr], week.from, week.to).length);
    expect(groups.some((group) => "ACTIVATE_COLLECTOR" in group)).toBe(true);
  });

  it("refuses pagination with code 101009", async () => {
    for (const extra of [{ per_page: 50 }, { sequence_number: "1" }]) {
      const result = await call(queryUrl(sim, idr, { ...week, query: "calculate(count)", ...extra }));
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        id: "IDR",
        code: 101009,
        message: "Pagination is not supported with statistic queries",
      });
    }
  });
});

it("keeps audit ids unique across the seeded audit logs", async () => {
  const { events } = await readAllPages(
    queryUrl(sim, [idr, ivm, platform], { time_range: "last 7 days", per_page: 500 }),
  );
  const ids = events.map(auditIdOf);
  expect(new Set(ids).size).toBe(ids.length);
});
