/** Scenario knobs: how the simulated API behaves, changeable at run time (in-process or over HTTP). */
import { z } from "zod";

export interface SimulatorKnobs {
  /** Number of 202 answers before a query completes (0 = the first call answers 200). */
  pendingPolls: number;
  /** How much `progress` rises per poll while pending (capped at 99). */
  progressStep: number;
  maxPerPage: number;
  /** What a per_page above maxPerPage gets: silently clamped, or a 400. */
  perPageOverflow: "clamp" | "reject";
  rateLimit: { limit: number; windowSec: number };
  /** Self links older than this answer 404; null = only consumed links expire. */
  expireContinuationAfterSec: number | null;
  /** Answer for a key used on another region's prefix (demisto reads 500 as "wrong region"). */
  wrongRegionStatus: 401 | 500;
  /** Added before every API response, to exercise client timeouts. */
  latencyMs: number;
  /** Completed pages carry "progress":100, and the final one also a Next link. */
  quirkProgressOnFinalPage: boolean;
  /** 202 answers carry a Next link next to Self. */
  quirkBothLinks: boolean;
  /** rel values in lowercase (self/next/context), as the docs write them. */
  lowercaseRel: boolean;
  /** "legacy" emits Next hrefs without the /log_search prefix, as the real API sometimes does. */
  nextLinkStyle: "log_search" | "legacy";
}

export function defaultKnobs(): SimulatorKnobs {
  return {
    pendingPolls: 1,
    progressStep: 50,
    maxPerPage: 500,
    perPageOverflow: "clamp",
    rateLimit: { limit: 1500, windowSec: 900 },
    expireContinuationAfterSec: null,
    wrongRegionStatus: 401,
    latencyMs: 0,
    quirkProgressOnFinalPage: false,
    quirkBothLinks: false,
    lowercaseRel: false,
    nextLinkStyle: "log_search",
  };
}

const count = z.number().int().min(0);

export const knobsPatchSchema = z
  .object({
    pendingPolls: count.max(1000),
    progressStep: z.number().int().min(1).max(99),
    maxPerPage: z.number().int().min(1).max(100_000),
    perPageOverflow: z.enum(["clamp", "reject"]),
    rateLimit: z.object({ limit: z.number().int().min(1), windowSec: z.number().int().min(1) }).strict(),
    expireContinuationAfterSec: z.number().min(0).nullable(),
    wrongRegionStatus: z.union([z.literal(401), z.literal(500)]),
    latencyMs: count.max(600_000),
    quirkProgressOnFinalPage: z.boolean(),
    quirkBothLinks: z.boolean(),
    lowercaseRel: z.boolean(),
    nextLinkStyle: z.enum(["log_search", "legacy"]),
  })
  .strict()
  .partial();

export type KnobsPatch = z.infer<typeof knobsPatchSchema>;
