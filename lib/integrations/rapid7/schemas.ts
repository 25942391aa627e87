import { z } from "zod";
import { OversizeText } from "./oversize";

/** Zod schemas for every Rapid7 response Intake reads. Unknown fields are tolerated; missing ones are errors. */

export const linkSchema = z.object({ rel: z.string(), href: z.string() });
export type Rapid7Link = z.infer<typeof linkSchema>;

export const messageBodySchema = z.object({ message: z.string() }).passthrough();

export const logsetInfoSchema = z.object({ id: z.string(), name: z.string() }).passthrough();

export const logSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    source_type: z.string().nullish(),
    logsets_info: z.array(logsetInfoSchema).nullish(),
  })
  .passthrough();
export type Rapid7Log = z.infer<typeof logSchema>;

export const logsResponseSchema = z.object({ logs: z.array(logSchema) });

/**
 * Log ids are UUIDs; a sequence number is a 64-bit integer. Both become part of a failed
 * record's unique key, and an index entry has a size limit: anything longer is not a
 * position Intake can store, so the entry is kept as unreadable instead.
 */
export const MAX_LOG_ID_CHARS = 256;

/** One Log Search entry. `sequence_number` exceeds 2^53 and arrives rounded; only `sequence_number_str` is trusted. */
export const envelopeSchema = z
  .object({
    timestamp: z.number(),
    sequence_number_str: z.string().regex(/^\d{1,32}$/),
    log_id: z.string().max(MAX_LOG_ID_CHARS),
    // Text, or what stood in for text too large to keep (a streamed page's OversizeText).
    message: z.union([z.string(), z.instanceof(OversizeText)]),
    labels: z.array(z.unknown()).nullish(),
  })
  .passthrough();
/** An entry as the pull gets it: its message is text within the record limit (larger ones are set apart). */
export type Rapid7Envelope = z.infer<typeof envelopeSchema> & { message: string };

export const queryResponseSchema = z
  .object({
    // Entries are checked one by one (readEnvelope): one unreadable entry must not cost the page.
    events: z.array(z.unknown()).nullish(),
    statistics: z.unknown().optional(),
    links: z.array(linkSchema).nullish(),
    progress: z.number().nullish(),
    id: z.string().nullish(),
  })
  .passthrough();
