import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readEnvelopes } from "@/lib/integrations/rapid7/envelopes";
import { OversizeText } from "@/lib/integrations/rapid7/oversize";
import { type PageLimits, PageOverBudget, readPageBody } from "@/lib/integrations/rapid7/page-body";
import { perPageFor, withPerPage } from "@/lib/integrations/rapid7/query";

/** A response whose body arrives in chunks of `size` bytes, splitting characters and escapes anywhere. */
function chunked(text: string, size: number): Response {
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + size)));
        offset += size;
      },
    }),
  );
}

const SEQ = "3237201778429120512";
const envelope = (message: unknown, extra: Record<string, unknown> = {}) => ({
  labels: [],
  timestamp: 1_717_060_801_234,
  sequence_number_str: SEQ,
  log_id: "0b1c6f52-5c1e-4a3e-9d7a-2f1e8d0a4b11",
  message,
  links: [{ rel: "Context", href: "https://example.invalid/context" }],
  ...extra,
});
/** Rapid7 writes sequence_number as a raw integer above 2^53. */
const page = (events: unknown[]) =>
  JSON.stringify({
    logs: ["a"],
    events,
    links: [{ rel: "Next", href: "https://example.invalid/next?per_page=500&sequence_number=" + SEQ }],
  }).replaceAll('"labels":[]', `"labels":[],"sequence_number":${SEQ}`);

const whole: PageLimits = { pageBudgetBytes: 64 * 1024 * 1024, maxMessageBytes: 4096, prefixBytes: 512 };
/** A budget smaller than the body, so it is streamed, yet larger than what streaming keeps of it. */
const streamed = (pageBudgetBytes: number): PageLimits => ({ ...whole, pageBudgetBytes });

describe("reading a query page within a memory budget", () => {
  const messages = [
    JSON.stringify({ action: "LOG_UPDATED", description: 'quotes " backslashes \\ tabs \t newlines \n' }),
    "emoji 🧨 split across chunks, CJK 漢字, combining e\u0301, escaped \u2028",
    "a lone surrogate \ud800 and NUL \u0000",
    "",
  ];
  const body = page([
    ...messages.map((message) => envelope(message)),
    envelope("x".repeat(10_000)),
    envelope({ not: "text" }),
    { __proto__: 1, log_id: 5 },
  ]);

  for (const size of [1, 3, 7, 64, 100_000]) {
    it(`reads the same envelopes streamed in ${size}-byte chunks as parsed whole`, async () => {
      const read = async (limits: PageLimits) => {
        const { json, bytes } = await readPageBody(chunked(body, size), limits);
        expect(bytes).toBe(Buffer.byteLength(body));
        return {
          json: json as { events: unknown[]; links: unknown },
          envelopes: readEnvelopes((json as { events: unknown[] }).events, limits),
        };
      };
      const a = await read(whole);
      const b = await read(streamed(8 * 1024));
      expect(b.envelopes.events.map((event) => event.message)).toEqual(messages);
      expect(b.envelopes.events.map((event) => [event.sequence_number_str, event.log_id, event.timestamp])).toEqual(
        a.envelopes.events.map((event) => [event.sequence_number_str, event.log_id, event.timestamp]),
      );
      expect(b.envelopes.oversize).toEqual(a.envelopes.oversize);
      expect(b.envelopes.unreadable.map((entry) => entry.problem)).toEqual(
        a.envelopes.unreadable.map((entry) => entry.problem),
      );
      expect(b.json.links).toEqual(a.json.links);
    });
  }

  it("keeps of an oversize message its prefix, size and SHA-256, never the whole text", async () => {
    const message = "é".repeat(6_000) + "tail";
    const { json } = await readPageBody(chunked(page([envelope(message)]), 1000), streamed(4096));
    const kept = (json as { events: { message: unknown }[] }).events[0]!.message;
    expect(kept).toBeInstanceOf(OversizeText);
    const oversize = kept as OversizeText;
    expect(oversize.bytes).toBe(Buffer.byteLength(message));
    expect(oversize.sha256).toBe(createHash("sha256").update(message).digest("hex"));
    expect(Buffer.byteLength(oversize.prefix)).toBeLessThanOrEqual(512);
    expect(message.startsWith(oversize.prefix)).toBe(true);
  });

  it("treats a __proto__ key as data, as JSON.parse does", async () => {
    const { json } = await readPageBody(chunked('{"events":[],"__proto__":{"polluted":true}}', 5), streamed(20));
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stops reading once what it keeps outgrows the budget, saying how many entries fitted", async () => {
    const body = page(Array.from({ length: 10 }, () => envelope("m".repeat(3_000))));
    const error = await readPageBody(chunked(body, 4096), {
      pageBudgetBytes: 10_000,
      maxMessageBytes: 4096,
      prefixBytes: 512,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageOverBudget);
    expect((error as PageOverBudget).entriesRead).toBe(3);
  });

  it("reports a streamed body that is not JSON as a SyntaxError", async () => {
    // A truncated body: what it keeps (an entry of keys Intake skips) fits the budget, the body does not end.
    await expect(
      readPageBody(chunked(`{"events":[{"other":"${"z".repeat(100)}"}`, 3), streamed(40)),
    ).rejects.toBeInstanceOf(SyntaxError);
    await expect(readPageBody(chunked('{"events":[nope]}', 3), streamed(10))).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe("entries whose position cannot key a stored failure", () => {
  it("keeps an entry with an over-long log id or sequence number as unreadable, with a bounded stand-in position", () => {
    const { events, unreadable } = readEnvelopes(
      [envelope("ok", { log_id: "l".repeat(3_000) }), envelope("ok", { sequence_number_str: "9".repeat(3_000) })],
      { maxMessageBytes: 4096, prefixBytes: 512 },
    );
    expect(events).toEqual([]);
    expect(unreadable.map((entry) => entry.logId)).toEqual(["unknown", "0b1c6f52-5c1e-4a3e-9d7a-2f1e8d0a4b11"]);
    expect(unreadable[0]!.sequence).toBe(SEQ);
    expect(unreadable[1]!.sequence).toMatch(/^entry-[0-9a-f]{32}$/);
  });

  it("describes an entry nested too deeply for JSON.stringify by its top-level fields", () => {
    const deep = JSON.parse(`${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`);
    const { unreadable } = readEnvelopes([envelope(deep)], { maxMessageBytes: 4096, prefixBytes: 512 });
    expect(JSON.parse(unreadable[0]!.raw)).toMatchObject({
      message: "[an object nested too deeply to show]",
      sequence_number_str: SEQ,
    });
  });
});

describe("pages sized to the budget", () => {
  it("asks for fewer entries while they are large, and for the most again once they are small", () => {
    expect(perPageFor(8 * 1024 * 1024, 200 * 1024 * 1024, 200, 500)).toBe(8);
    expect(perPageFor(8 * 1024 * 1024, 700 * 1024, 500, 500)).toBe(500);
    expect(perPageFor(1024, 10 * 1024 * 1024, 1, 500)).toBe(1);
    expect(perPageFor(1024, 0, 0, 500)).toBe(500);
  });

  it("changes only per_page in a Next link, keeping the sequence number's digits as Rapid7 wrote them", () => {
    const next = `https://us3.api.insight.rapid7.com/log_search/query/logs/a:b?query=where(/.*/)&from=1&to=2&per_page=500&sequence_number=${SEQ}`;
    expect(withPerPage(next, 500)).toBe(next);
    const smaller = new URL(withPerPage(next, 8));
    expect(smaller.searchParams.get("per_page")).toBe("8");
    expect(smaller.searchParams.get("sequence_number")).toBe(SEQ);
    expect(smaller.searchParams.get("query")).toBe("where(/.*/)");
    expect(smaller.pathname).toBe("/log_search/query/logs/a:b");
  });
});
