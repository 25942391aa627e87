import { z } from "zod";

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

export const logsetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    logs_info: z.array(z.object({ id: z.string(), name: z.string() }).passthrough()).nullish(),
  })
  .passthrough();
export const logsetsResponseSchema = z.object({ logsets: z.array(logsetSchema) });

/** One Log Search entry. `sequence_number` exceeds 2^53 and arrives rounded; only `sequence_number_str` is trusted. */
export const envelopeSchema = z
  .object({
    timestamp: z.number(),
    sequence_number_str: z.string().regex(/^\d+$/),
    log_id: z.string(),
    message: z.string(),
    labels: z.array(z.unknown()).nullish(),
  })
  .passthrough();
export type Rapid7Envelope = z.infer<typeof envelopeSchema>;

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
export type QueryResponse = z.infer<typeof queryResponseSchema>;
