import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_US3_READONLY_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { call, linkOf, queryUrl, startTestSimulator } from "./helpers";

let sim: Rapid7Simulator;
let logId: string;

beforeAll(async () => {
  ({ sim } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  sim.control.setKnobs({ pendingPolls: 0 });
  logId = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
});

describe("sequence number precision", () => {
  it("writes sequence_number as an exact raw integer above 2^60, equal to sequence_number_str", async () => {
    const result = await call(queryUrl(sim, logId, { time_range: "last 7 days", per_page: 100 }));
    const raw = [...result.text.matchAll(/"sequence_number":(\d+),"sequence_number_str":"(\d+)"/g)];
    expect(raw).toHaveLength(100);
    let corruptedByJsonParse = 0;
    let misprintedByString = 0;
    raw.forEach((match, i) => {
      const [, literal, text] = match;
      expect(literal).toBe(text);
      expect(BigInt(literal ?? "0")).toBeGreaterThan(2n ** 60n);
      const parsed = result.body.events?.[i];
      expect(parsed?.sequence_number_str).toBe(text);
      if (BigInt(parsed?.sequence_number ?? 0).toString() !== text) corruptedByJsonParse++;
      if (String(parsed?.sequence_number) !== text) misprintedByString++;
    });
    // The trap clients must avoid: JSON.parse rounds these numbers, visibly so when printed back.
    expect(corruptedByJsonParse).toBe(100);
    expect(misprintedByString).toBeGreaterThanOrEqual(95);
  });

  it("keeps sequence numbers ordered like envelope timestamps", async () => {
    const result = await call(queryUrl(sim, logId, { time_range: "last 7 days", per_page: 500 }));
    const events = result.body.events ?? [];
    for (let i = 1; i < events.length; i++) {
      const previous = events[i - 1];
      const current = events[i];
      expect(BigInt(current?.sequence_number_str ?? "0")).toBeGreaterThan(BigInt(previous?.sequence_number_str ?? "0"));
      expect(current?.timestamp).toBeGreaterThanOrEqual(previous?.timestamp ?? 0);
    }
  });

  it("puts the exact sequence number into Next and Context hrefs", async () => {
    const result = await call(queryUrl(sim, logId, { time_range: "last 7 days", per_page: 3 }));
    const events = result.body.events ?? [];
    const last = events[2];
    expect(new URL(linkOf(result.body, "Next") ?? "").searchParams.get("sequence_number")).toBe(
      last?.sequence_number_str,
    );
    const context = new URL(last?.links[0]?.href ?? "");
    expect(context.pathname).toBe(`/us3/log_search/query/context/${last?.sequence_number_str}`);
    expect(Object.fromEntries(context.searchParams)).toEqual({
      per_page: "50",
      timestamp: String(last?.timestamp),
      log_keys: logId,
      context_type: "SURROUND",
    });
  });
});

describe("context endpoint", () => {
  it("returns the entries surrounding the one a Context link names", async () => {
    const entries = sim.control.listEntries({ logId });
    const anchor = entries[100];
    const page = await call(
      queryUrl(sim, logId, { from: anchor?.timestampMs ?? 0, to: (anchor?.timestampMs ?? 0) + 1 }),
    );
    const href = page.body.events?.[0]?.links[0]?.href ?? "";
    const result = await call(href.replace("per_page=50", "per_page=10"));
    expect(result.status).toBe(200);
    expect((result.body.events ?? []).map((e) => e.sequence_number_str)).toEqual(
      entries.slice(95, 105).map((e) => e.seq),
    );
  });

  it("answers 404 for an unknown sequence number and 403 for a non-admin key on an audit log", async () => {
    const base = `${sim.origin}/us3/log_search/query/context`;
    expect((await call(`${base}/1234?log_keys=${logId}`)).status).toBe(404);
    const seq = sim.control.listEntries({ logId, limit: 1 })[0]?.seq;
    expect((await call(`${base}/${seq}?log_keys=${logId}`)).status).toBe(200);
    expect((await call(`${base}/${seq}?log_keys=${logId}`, { key: DEMO_US3_READONLY_KEY })).status).toBe(403);
  });
});
