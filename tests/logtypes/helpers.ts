import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NormalizeContext, NormalizeResult, NormalizedEvent, ClassificationFailure } from "@/lib/logtypes";

export const FIXTURES = fileURLToPath(new URL("../fixtures/rapid7/", import.meta.url));

export function readFixture<T = unknown>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, relative), "utf8")) as T;
}

/** The fixture file's text, as the message string a Log Search envelope would carry. */
export function readMessage(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES, relative), "utf8");
}

export interface Envelope {
  timestamp: number;
  sequence_number_str: string;
  log_id: string;
  message: string;
}

export const ctx: NormalizeContext = {
  sourceId: "3f2b9a1c-0000-4000-8000-00000000501d",
  sourceLabel: "Rapid7 us3 audit",
  parseTime: new Date("2024-05-31T08:00:00.000Z"),
};

export function expectOk(result: NormalizeResult): NormalizedEvent {
  if (!result.ok) throw new Error(`expected ok, got failure: ${result.failure.reason}`);
  return result.event;
}

export function expectFailure(result: NormalizeResult): ClassificationFailure {
  if (result.ok) throw new Error(`expected a failure, got ok: ${JSON.stringify(result.event.record)}`);
  return result.failure;
}

export const ROW_ID = /^[0-9a-f]{32}$/;
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
