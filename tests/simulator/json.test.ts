import { describe, expect, it } from "vitest";
import { RawJson, toJson, toJsonBytes } from "@/simulator/rapid7/json";

describe("big-int JSON writer", () => {
  it("writes BigInt values as exact integer literals", () => {
    const seq = 3237201778429120513n;
    expect(toJson({ sequence_number: seq, sequence_number_str: seq.toString() })).toBe(
      '{"sequence_number":3237201778429120513,"sequence_number_str":"3237201778429120513"}',
    );
    // What JSON.stringify would have to do instead (through Number) loses the last digits.
    expect(String(Number(seq))).not.toBe(seq.toString());
  });

  it("matches JSON.stringify for ordinary values", () => {
    const value = {
      text: 'quote " backslash \\ newline \n unicode é 🚀',
      number: -12.5,
      notFinite: Number.NaN,
      flag: false,
      nothing: null,
      skipped: undefined,
      list: [1, "two", undefined, { nested: [true] }],
      empty: {},
      emptyList: [],
    };
    expect(toJson(value)).toBe(JSON.stringify(value));
  });

  it("embeds RawJson verbatim and encodes large documents across buffer chunks", () => {
    expect(toJson({ events: [new RawJson('{"a":1}'), new RawJson("[2]")] })).toBe('{"events":[{"a":1},[2]]}');
    const big = Array.from({ length: 2000 }, (_, i) => ({ i, text: "é".repeat(200) }));
    const bytes = toJsonBytes(big);
    expect(bytes.toString("utf8")).toBe(JSON.stringify(big));
    expect(bytes.length).toBe(Buffer.byteLength(JSON.stringify(big)));
  });
});
