import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { CSV_COLUMNS, exportEvents } from "@/lib/events/export";
import { parseCsv } from "../helpers/csv";
import { useTestDatabase } from "../helpers/database";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";

/**
 * Event text is partly chosen by whoever writes the audit log. A spreadsheet runs a CSV
 * cell as a formula when, after any leading spaces or line breaks, it starts with
 * = + - or @ (and a leading tab or carriage return starts one as well), so the export
 * prefixes such cells with a quote. Exercised end to end: real events, the real export.
 */
const NOW = new Date("2026-03-01T12:00:00.000Z");
const DEFUSED: [string, string][] = [
  ["=1+1", "'=1+1"],
  ["+1", "'+1"],
  ["-1", "'-1"],
  ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
  ["\t=1+1", "'\t=1+1"],
  ["\tplain text", "'\tplain text"],
  ["\r=1+1", "'\r=1+1"],
  ['\n=HYPERLINK("http://evil.example","click")', `'\n=HYPERLINK("http://evil.example","click")`],
  [" =1+1", "' =1+1"],
  ["   +cmd", "'   +cmd"],
  [" \n @SUM(1)", "' \n @SUM(1)"],
  ["\r\n-2+3", "'\r\n-2+3"],
  ["\u200B=1+1", "'\u200B=1+1"],
];
const UNTOUCHED = ["Log deleted", "a=b", "rate -1 percent", "alice@example.com", " plain with a leading space"];

let source: SeedSource;

beforeAll(async () => {
  await useTestDatabase();
  source = await insertSource(pool(), { name: "Formula source" });
  const texts = [...DEFUSED.map(([raw]) => raw), ...UNTOUCHED];
  await seedEvents(
    pool(),
    source,
    texts.map((description, index) => ({
      time: new Date(NOW.getTime() - (index + 1) * 60_000),
      description,
      username: index === 0 ? "=cmd|' /C calc'!A0" : "Bob Ops",
    })),
    { parseTime: NOW },
  );
});

describe("CSV export", () => {
  it("prefixes every cell a spreadsheet would run as a formula, and no other", async () => {
    const result = await exportEvents({ source: [source.id], range: "24h" }, "csv", { now: NOW });
    const [, ...rows] = parseCsv(await new Response(result.stream).text());
    const column = (name: (typeof CSV_COLUMNS)[number]) => rows.map((row) => row[CSV_COLUMNS.indexOf(name)]);
    expect(column("description")).toEqual([...DEFUSED.map(([, cell]) => cell), ...UNTOUCHED]);
    expect(column("usernames")[0]).toBe("'=cmd|' /C calc'!A0");
  });
});
