import { describe, expect, it } from "vitest";
import {
  daysFromCivil,
  formatTimestamp,
  lastTimeError,
  MAX_TIMESTAMP_MS,
  MIN_TIMESTAMP_MS,
  parseRfc3339,
  parseUnix,
} from "@/lib/logtypes/timestamps";
import { mulberry32 } from "../helpers/prng";

describe("formatTimestamp", () => {
  it("matches Date#toISOString across the whole supported range", () => {
    const rand = mulberry32(7);
    const span = MAX_TIMESTAMP_MS - MIN_TIMESTAMP_MS;
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const ms = MIN_TIMESTAMP_MS + Math.floor(rand() * span);
      if (formatTimestamp(ms) !== new Date(ms).toISOString()) mismatches.push(`${ms}: ${formatTimestamp(ms)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS, 0, -1, 951_782_400_000 /* 2000-02-29 */, -62_135_596_800_001])(
    "formats the edge %d like toISOString",
    (ms) => expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString()),
  );
});

describe("parseRfc3339", () => {
  it.each([
    ["2024-05-30T09:20:00.901Z", "2024-05-30T09:20:00.901Z"],
    ["2024-05-30T09:20:00Z", "2024-05-30T09:20:00.000Z"],
    ["2024-05-30T09:20:00.9Z", "2024-05-30T09:20:00.900Z"],
    ["2024-05-30T09:20:00.09Z", "2024-05-30T09:20:00.090Z"],
    ["2024-05-30T09:20:00.123456789Z", "2024-05-30T09:20:00.123Z"],
    ["2024-05-30t09:20:00.5z", "2024-05-30T09:20:00.500Z"],
    ["2024-05-30T09:20:00+00:00", "2024-05-30T09:20:00.000Z"],
    ["2024-05-30T09:20:00-00:00", "2024-05-30T09:20:00.000Z"],
    ["2024-05-30T00:30:00+05:45", "2024-05-29T18:45:00.000Z"],
    ["2024-12-31T23:00:00-01:00", "2025-01-01T00:00:00.000Z"],
    ["2000-02-29T12:00:00Z", "2000-02-29T12:00:00.000Z"],
    ["0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z"],
    ["0099-06-15T00:00:00Z", "0099-06-15T00:00:00.000Z"],
    ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999Z"],
    ["1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"],
  ])("parses %s", (input, expected) => {
    expect(formatTimestamp(parseRfc3339(input))).toBe(expected);
  });

  it.each([
    ["", "syntax"],
    ["2024-05-30", "syntax"],
    ["2024-05-30T09:20:00", "syntax"],
    ["2024-05-30T09:20:00.Z", "syntax"],
    ["2024-05-30T09:20:00.901", "syntax"],
    ["2024-05-30T09:20:00.901ZZ", "syntax"],
    ["2024-05-30T09:20:00+0000", "syntax"],
    ["2024-05-30T09:20:00+00:0", "syntax"],
    ["2024-5-30T09:20:00Z", "syntax"],
    ["2024-05-30 09:20:00Z", "syntax"],
    ["２０２４-05-30T09:20:00Z", "syntax"],
    ["2024-05-30T09:20:00.1234567890Z", "precision"],
    ["1900-02-29T00:00:00Z", "impossible"],
    ["2024-04-31T00:00:00Z", "impossible"],
    ["2024-00-10T00:00:00Z", "impossible"],
    ["2024-01-00T00:00:00Z", "impossible"],
    ["2024-05-30T23:59:60Z", "impossible"],
    ["2024-05-30T09:20:00+23:60", "impossible"],
    ["9999-12-31T23:59:59-00:01", "out_of_range"],
  ])("rejects %s (%s)", (input, kind) => {
    expect(parseRfc3339(input)).toBeNaN();
    expect(lastTimeError()).toBe(kind);
  });

  it("agrees with Date.parse on random valid timestamps", () => {
    const rand = mulberry32(11);
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(rand() * 4_102_444_800_000); // 1970..2100
      const iso = new Date(ms).toISOString();
      const offsetMinutes = Math.floor(rand() * 1439) - 719;
      const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes >= 0 ? "+" : "-";
      const abs = Math.abs(offsetMinutes);
      const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
      if (parseRfc3339(text) !== ms) mismatches.push(text);
      if (parseRfc3339(iso) !== Date.parse(iso)) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("daysFromCivil", () => {
  it("matches Date.UTC for years 1000-3000", () => {
    for (let y = 1000; y <= 3000; y += 7) {
      for (const [m, d] of [
        [1, 1],
        [2, 28],
        [3, 1],
        [12, 31],
      ] as const) {
        expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
      }
    }
  });
});

describe("parseUnix", () => {
  it.each([
    [1717060800901, "unix_ms", "2024-05-30T09:20:00.901Z"],
    ["1717060800901", "unix_ms", "2024-05-30T09:20:00.901Z"],
    ["+1717060800901", "unix_ms", "2024-05-30T09:20:00.901Z"],
    ["-1", "unix_ms", "1969-12-31T23:59:59.999Z"],
    [0, "unix_ms", "1970-01-01T00:00:00.000Z"],
    [1717060800, "unix", "2024-05-30T09:20:00.000Z"],
    [1717060800.901, "unix", "2024-05-30T09:20:00.901Z"],
    ["1717060800.9019", "unix", "2024-05-30T09:20:00.901Z"],
    ["1.7170608009e9", "unix", "2024-05-30T09:20:00.900Z"],
    [-0.5, "unix", "1969-12-31T23:59:59.500Z"],
    ["-0.0001", "unix", "1969-12-31T23:59:59.999Z"],
    [1717060800901234, "unix_us", "2024-05-30T09:20:00.901Z"],
    ["1717060800901234", "unix_us", "2024-05-30T09:20:00.901Z"],
    [-1, "unix_us", "1969-12-31T23:59:59.999Z"],
    ["1717060800901234567", "unix_ns", "2024-05-30T09:20:00.901Z"],
    // JSON.parse already rounded this to ...900999936; the shortest decimal brings back ...901.
    [1717060800901000000, "unix_ns", "2024-05-30T09:20:00.901Z"],
  ] as const)("parses %s as %s", (input, format, expected) => {
    expect(formatTimestamp(parseUnix(input, format))).toBe(expected);
  });

  it.each([
    ["1717060800901.5", "unix_ms", "syntax"],
    [1717060800901.5, "unix_ms", "syntax"],
    ["0x10", "unix_ms", "syntax"],
    ["1e3", "unix_ms", "syntax"],
    [" 1717060800901", "unix_ms", "syntax"],
    ["-", "unix_ms", "syntax"],
    ["1.", "unix", "syntax"],
    ["1e", "unix", "syntax"],
    [Number.NaN, "unix_ms", "syntax"],
    [Number.POSITIVE_INFINITY, "unix", "syntax"],
    [true, "unix_ms", "syntax"],
    [1e20, "unix_ms", "out_of_range"],
    ["9".repeat(5000), "unix_ms", "out_of_range"],
    ["1e999", "unix", "out_of_range"],
    [MAX_TIMESTAMP_MS + 1, "unix_ms", "out_of_range"],
  ] as const)("rejects %s as %s (%s)", (input, format, kind) => {
    expect(parseUnix(input, format)).toBeNaN();
    expect(lastTimeError()).toBe(kind);
  });
});
