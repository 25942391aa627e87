import { createHash } from "node:crypto";
import { limitText, OversizeText } from "./oversize";
import { type Rapid7Envelope, envelopeSchema, MAX_LOG_ID_CHARS } from "./schemas";

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

/** An entry whose message is larger than the record limit: only its prefix, size and hash were kept. */
export type OversizeEnvelope = { logId: string; sequence: string; timestamp: number; message: OversizeText };

export type EnvelopeLimits = { maxMessageBytes: number; prefixBytes: number };

export function readEnvelopes(
  entries: unknown[],
  limits: EnvelopeLimits,
): { events: Rapid7Envelope[]; unreadable: UnreadableEnvelope[]; oversize: OversizeEnvelope[] } {
  const events: Rapid7Envelope[] = [];
  const unreadable: UnreadableEnvelope[] = [];
  const oversize: OversizeEnvelope[] = [];
  for (const entry of entries) {
    const parsed = envelopeSchema.safeParse(entry);
    if (!parsed.success) {
      unreadable.push(describeUnreadable(entry, parsed.error.issues));
      continue;
    }
    const envelope = parsed.data;
    const message =
      typeof envelope.message === "string"
        ? limitText(envelope.message, limits.maxMessageBytes, limits.prefixBytes)
        : envelope.message;
    if (message instanceof OversizeText) {
      oversize.push({
        logId: envelope.log_id,
        sequence: envelope.sequence_number_str,
        timestamp: envelope.timestamp,
        message,
      });
    } else {
      events.push({ ...envelope, message });
    }
  }
  return { events, unreadable, oversize };
}

function describeUnreadable(entry: unknown, issues: { path: PropertyKey[]; message: string }[]): UnreadableEnvelope {
  const fields = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>) : {};
  const sequence =
    typeof fields.sequence_number_str === "string" && /^\d{1,32}$/.test(fields.sequence_number_str)
      ? fields.sequence_number_str
      : null;
  const logId =
    typeof fields.log_id === "string" && fields.log_id.length <= MAX_LOG_ID_CHARS ? fields.log_id : "unknown";
  const raw = entryJson(entry, fields);
  const problems = issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
  return {
    raw,
    logId,
    // Re-reading the same entry gives the same stand-in, so it is stored once however often it is pulled.
    sequence: sequence ?? `entry-${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`,
    timestamp: typeof fields.timestamp === "number" && Number.isFinite(fields.timestamp) ? fields.timestamp : null,
    problem: `Rapid7 sent a Log Search entry Intake cannot read (${problems.join("; ")}).`,
  };
}

/**
 * The entry as JSON. JSON.stringify recurses, so an entry nested thousands of levels
 * deep (JSON.parse takes it) would throw a RangeError and fail the whole page on every
 * pull; such an entry is described by its top-level fields instead.
 */
function entryJson(entry: unknown, fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry) ?? String(entry);
  } catch {
    const shallow = Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [
        key,
        value !== null && typeof value === "object"
          ? `[${Array.isArray(value) ? "an array" : "an object"} nested too deeply to show]`
          : value,
      ]),
    );
    return JSON.stringify(shallow);
  }
}
