import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_EU_NO_AUDIT_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { FIXED_NOW, call, linkOf, queryUrl, readAllPages, startTestSimulator } from "./helpers";

const DAY = 86_400_000;

let sim: Rapid7Simulator;
let clock: { now: number };
let logId: string;
/** Entries of Platform Audit in the last day, as the simulator stores them. */
let expectedSeqs: string[];
const range = { from: FIXED_NOW - DAY, to: FIXED_NOW };

beforeAll(async () => {
  ({ sim, clock } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => {
  clock.now = FIXED_NOW;
  sim.control.reset();
  logId = sim.control.findLog({ region: "us3", logName: "Platform Audit" }).id;
  expectedSeqs = sim.control
    .listEntries({ logId })
    .filter((entry) => entry.timestampMs >= range.from && entry.timestampMs < range.to)
    .map((entry) => entry.seq);
});

describe("query job state machine", () => {
  it("goes 202 → 202 → 200 → Next → 202 → 200 and pages through every entry once, in order", async () => {
    expect(expectedSeqs.length).toBeGreaterThan(20);
    const perPage = expectedSeqs.length - 5;
    sim.control.setKnobs({ pendingPolls: 2 });

    const created = await call(queryUrl(sim, logId, { ...range, per_page: perPage, query: "where(/.*/)" }));
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ logs: [logId], progress: 0, events: [] });
    expect(created.body.leql).toEqual({ statement: "where(/.*/)", during: range });
    expect(created.body.links?.map((link) => link.rel)).toEqual(["Self"]);
    const self = linkOf(created.body, "Self") ?? "";
    expect(self).toMatch(new RegExp(`^${sim.origin}/us3/log_search/query/[0-9a-f-]+-\\d+$`));
    expect(self.endsWith(String(created.body.id))).toBe(true);

    const stillRunning = await call(self);
    expect(stillRunning.status).toBe(202);
    expect(stillRunning.body.progress).toBe(50);
    expect(linkOf(stillRunning.body, "Self")).toBe(self);

    sim.control.setKnobs({ pendingPolls: 1 });
    const firstPage = await call(self);
    expect(firstPage.status).toBe(200);
    expect(firstPage.body).not.toHaveProperty("progress");
    const firstEvents = firstPage.body.events ?? [];
    expect(firstEvents.map((event) => event.sequence_number_str)).toEqual(expectedSeqs.slice(0, perPage));
    const next = linkOf(firstPage.body, "Next") ?? "";
    const nextUrl = new URL(next);
    expect(nextUrl.pathname).toBe(`/us3/log_search/query/logs/${logId}`);
    expect(Object.fromEntries(nextUrl.searchParams)).toEqual({
      query: "where(/.*/)",
      from: String(range.from),
      to: String(range.to),
      per_page: String(perPage),
      sequence_number: firstEvents[firstEvents.length - 1]?.sequence_number_str,
    });

    // A served page's Self link is consumed.
    expect((await call(self)).status).toBe(404);

    const nextCreated = await call(next);
    expect(nextCreated.status).toBe(202);
    const lastPage = await call(linkOf(nextCreated.body, "Self") ?? "");
    expect(lastPage.status).toBe(200);
    expect((lastPage.body.events ?? []).map((event) => event.sequence_number_str)).toEqual(expectedSeqs.slice(perPage));
    expect(lastPage.body).not.toHaveProperty("links");
  });

  it("answers the first call with 200 when pendingPolls is 0", async () => {
    sim.control.setKnobs({ pendingPolls: 0 });
    const result = await call(queryUrl(sim, logId, { ...range, per_page: 500 }));
    expect(result.status).toBe(200);
    expect((result.body.events ?? []).map((event) => event.sequence_number_str)).toEqual(expectedSeqs);
    expect(result.body).not.toHaveProperty("links");
  });

  it("defaults per_page to 50", async () => {
    sim.control.setKnobs({ pendingPolls: 0 });
    const result = await call(queryUrl(sim, logId, range));
    expect(result.body.events).toHaveLength(Math.min(50, expectedSeqs.length));
    expect(new URL(linkOf(result.body, "Next") ?? "").searchParams.get("per_page")).toBe("50");
  });

  it("quirkProgressOnFinalPage: completed pages carry progress 100 and the final one a Next link to an empty page", async () => {
    sim.control.setKnobs({ pendingPolls: 0, quirkProgressOnFinalPage: true });
    const final = await call(queryUrl(sim, logId, { ...range, per_page: 500 }));
    expect(final.status).toBe(200);
    expect(final.body.progress).toBe(100);
    expect(final.body.events).toHaveLength(expectedSeqs.length);
    const next = linkOf(final.body, "Next");
    expect(next).toBeDefined();
    const empty = await call(next ?? "");
    expect(empty.status).toBe(200);
    expect(empty.body.events).toEqual([]);
    expect(empty.body).not.toHaveProperty("links");
    // A client that treats "progress present" as "still running" never finishes; ours stops.
    expect((await readAllPages(queryUrl(sim, logId, { ...range, per_page: 500 }))).events).toHaveLength(
      expectedSeqs.length,
    );
  });

  it("quirkBothLinks: a 202 carries Self and Next; only polling Self yields the first page", async () => {
    sim.control.setKnobs({ quirkBothLinks: true });
    const perPage = 10;
    const created = await call(queryUrl(sim, logId, { ...range, per_page: perPage }));
    expect(created.status).toBe(202);
    expect(created.body.links?.map((link) => link.rel)).toEqual(["Self", "Next"]);
    const nextFromPending = new URL(linkOf(created.body, "Next") ?? "");
    // The Next of a pending answer already points past the page the client has not seen yet.
    expect(nextFromPending.searchParams.get("sequence_number")).toBe(expectedSeqs[perPage - 1]);

    const { events } = await readAllPages(queryUrl(sim, logId, { ...range, per_page: perPage }));
    expect(events.map((event) => event.sequence_number_str)).toEqual(expectedSeqs);
  });

  it("lowercaseRel: emits self, next and context", async () => {
    sim.control.setKnobs({ lowercaseRel: true });
    const created = await call(queryUrl(sim, logId, { ...range, per_page: 5 }));
    expect(created.body.links?.[0]?.rel).toBe("self");
    const page = await call(linkOf(created.body, "self") ?? "");
    expect(page.body.links?.[0]?.rel).toBe("next");
    expect(page.body.events?.[0]?.links[0]?.rel).toBe("context");
  });

  it("nextLinkStyle legacy: Next hrefs drop /log_search and still work", async () => {
    sim.control.setKnobs({ pendingPolls: 0, nextLinkStyle: "legacy" });
    const first = await call(queryUrl(sim, logId, { ...range, per_page: 10 }));
    const next = linkOf(first.body, "Next") ?? "";
    expect(next.startsWith(`${sim.origin}/us3/query/logs/${logId}?`)).toBe(true);
    const second = await call(next);
    expect(second.status).toBe(200);
    expect(second.body.events?.[0]?.sequence_number_str).toBe(expectedSeqs[10]);
    expect(linkOf(second.body, "Next")?.startsWith(`${sim.origin}/us3/query/logs/`)).toBe(true);

    sim.control.setKnobs({ pendingPolls: 1 });
    const legacyPending = await call(next);
    expect(linkOf(legacyPending.body, "Self")?.startsWith(`${sim.origin}/us3/query/`)).toBe(true);
    expect((await readAllPages(queryUrl(sim, logId, { ...range, per_page: 10 }))).events).toHaveLength(
      expectedSeqs.length,
    );
  });

  it("answers 404 for an unknown job id, an unknown log id, and any unknown id among several", async () => {
    for (const path of ["log_search/query/00000000-0000-4000-8000-000000000000-1", "query/nope"]) {
      const result = await call(`${sim.origin}/us3/${path}`);
      expect(result.status).toBe(404);
      expect(result.body).toEqual({ message: "Not Found" });
    }
    expect((await call(queryUrl(sim, "00000000-0000-4000-8000-000000000000", range))).status).toBe(404);
    expect((await call(queryUrl(sim, [logId, "00000000-0000-4000-8000-000000000000"], range))).status).toBe(404);
  });

  it("expires Self links after expireContinuationAfterSec", async () => {
    sim.control.setKnobs({ expireContinuationAfterSec: 30 });
    const created = await call(queryUrl(sim, logId, range));
    clock.now += 31_000;
    const expired = await call(linkOf(created.body, "Self") ?? "");
    expect(expired.status).toBe(404);

    const fresh = await call(queryUrl(sim, logId, range));
    clock.now += 29_000;
    expect((await call(linkOf(fresh.body, "Self") ?? "")).status).toBe(200);
  });

  it("does not let another organization poll a job", async () => {
    sim.control.addKey({ key: "acme-second-key", region: "us3", admin: true });
    const created = await call(queryUrl(sim, logId, range));
    const self = linkOf(created.body, "Self") ?? "";
    expect((await call(self.replace("/us3/", "/eu/"), { key: DEMO_EU_NO_AUDIT_KEY })).status).toBe(404);
    // Another key of the same organization may.
    expect((await call(self, { key: "acme-second-key" })).status).toBe(200);
  });

  it("snapshots a page at creation: events appended while polling wait for the next query", async () => {
    const created = await call(queryUrl(sim, logId, { from: range.from, to: FIXED_NOW + 60_000, per_page: 500 }));
    sim.control.appendEvents({ logId, count: 3 });
    const page = await call(linkOf(created.body, "Self") ?? "");
    expect(page.body.events).toHaveLength(expectedSeqs.length);
    sim.control.setKnobs({ pendingPolls: 0 });
    const again = await call(queryUrl(sim, logId, { from: range.from, to: FIXED_NOW + 60_000, per_page: 500 }));
    expect(again.body.events).toHaveLength(expectedSeqs.length + 3);
  });
});
