import { createHash } from "node:crypto";
import { type Rapid7Envelope, envelopeSchema } from "./schemas";

/**
 * A Log Search entry that is not one Intake can read (no message text, no usable
 * position...). It is kept, with what could be made of it, so the pull can store it
 * as a classification failure and carry on with the rest of the page.
 */
export type UnreadableEnvelope = {
  /** The entry as Rapid7 sent it, as JSON. */
  raw: string;
  logId: string;
  /** Rapid7's sequence number when it has a usable one; otherwise a stable stand-in derived from the entry. */
  sequence: string;
  timestamp: number | null;
  problem: string;
};

export function readEnvelopes(entries: unknown[]): { events: Rapid7Envelope[]; unreadable: UnreadableEnvelope[] } {
  const events: Rapid7Envelope[] = [];
  const unreadable: UnreadableEnvelope[] = [];
  for (const entry of entries) {
    const parsed = envelopeSchema.safeParse(entry);
    if (parsed.success) events.push(parsed.data);
    else unreadable.push(describeUnreadable(entry, parsed.error.issues));
  }
  return { events, unreadable };
}

function describeUnreadable(entry: unknown, issues: { path: PropertyKey[]; message: string }[]): UnreadableEnvelope {
  const raw = JSON.stringify(entry) ?? String(entry);
  const fields = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : {};
  const sequence = typeof fields.sequence_number_str === "string" && /^\d+$/.test(fields.sequence_number_str) ? fields.sequence_number_str : null;
  const problems = issues.slice(0, 3).map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
  return {
    raw,
    logId: typeof fields.log_id === "string" ? fields.log_id : "unknown",
    // Re-reading the same entry gives the same stand-in, so it is stored once however often it is pulled.
    sequence: sequence ?? `entry-${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`,
    timestamp: typeof fields.timestamp === "number" && Number.isFinite(fields.timestamp) ? fields.timestamp : null,
    problem: `Rapid7 sent a Log Search entry Intake cannot read (${problems.join("; ")}).`,
  };
}
