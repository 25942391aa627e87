/**
 * Throughput of normalizeRaw on the synthetic Rapid7 fixtures. A script, not a test (timings on
 * shared CI machines are noise): `npx tsx tests/logtypes/bench.ts [records]`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getLogType, normalizeRaw } from "@/lib/logtypes";

const dir = fileURLToPath(new URL("../fixtures/rapid7/", import.meta.url));
const envelope = JSON.parse(fs.readFileSync(path.join(dir, "envelope-log-created.json"), "utf8")) as {
  message: string;
};
const messages = [
  envelope.message,
  ...fs
    .readdirSync(path.join(dir, "messages"))
    .map((f) => JSON.stringify(JSON.parse(fs.readFileSync(path.join(dir, "messages", f), "utf8")))),
];
const total = Number(process.argv[2] ?? 1_000_000);
const logType = getLogType("Rapid7.AuditLog");
const ctx = { sourceId: "bench", sourceLabel: "bench", parseTime: new Date() };

function run(n: number, fn: (raw: string) => unknown): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(messages[i % messages.length]!);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

run(50_000, (raw) => normalizeRaw(logType, raw, ctx)); // warm up the JIT
const parseOnly = run(total, (raw) => JSON.parse(raw));
let ok = 0;
const normalize = run(total, (raw) => normalizeRaw(logType, raw, ctx).ok && ok++);
const bytes = messages.reduce((sum, m) => sum + m.length, 0) / messages.length;
console.log(`${messages.length} fixtures, avg ${bytes.toFixed(0)} chars, ${total.toLocaleString()} records (${ok} ok)`);
console.log(`JSON.parse only: ${Math.round(parseOnly).toLocaleString()} records/s`);
console.log(
  `normalizeRaw:    ${Math.round(normalize).toLocaleString()} records/s (${(1e6 / normalize).toFixed(2)} µs/record)`,
);
