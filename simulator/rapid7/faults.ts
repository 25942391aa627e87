/**
 * Fault injection: a queue of scripted faults consumed in order by matching requests, plus a
 * seeded "chaos" mode that hits a fraction of requests. Both only touch API routes, and both act
 * before the request reaches any handler, so a faulted query creation never changes data.
 */
import { z } from "zod";
import { type Rng, createRng } from "./rng";

const pathPattern = z.union([z.string().min(1), z.instanceof(RegExp)]).optional();
const faultCount = z.number().int().min(1).default(1);
/**
 * Only requests made with this API key: a test's faults then cannot be consumed by another
 * caller of the shared simulator (the worker's periodic key re-checks hit the same paths).
 */
const faultApiKey = z.string().min(1).optional();

const faultSpecSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("status"),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(404), z.literal(429)]),
      count: faultCount,
      pathPattern,
      apiKey: faultApiKey,
      retryAfterSec: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ kind: z.literal("reset"), count: faultCount, pathPattern, apiKey: faultApiKey }).strict(),
  z
    .object({
      kind: z.literal("delay"),
      ms: z.number().int().min(0).max(600_000),
      count: faultCount,
      pathPattern,
      apiKey: faultApiKey,
    })
    .strict(),
  z.object({ kind: z.literal("expireContinuation"), count: faultCount, pathPattern, apiKey: faultApiKey }).strict(),
]);

export type FaultSpec = z.input<typeof faultSpecSchema>;
type QueuedFault = z.output<typeof faultSpecSchema>;

export const CHAOS_KINDS = ["5xx", "429", "reset", "delay", "expireContinuation"] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

const chaosOptionsSchema = z
  .object({
    rate: z.number().min(0).max(1),
    kinds: z.array(z.enum(CHAOS_KINDS)).min(1).optional(),
    seed: z.number().int().optional(),
    maxRetryAfterSec: z.number().int().min(0).max(3600).optional(),
    maxDelayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();

export type ChaosOptions = z.input<typeof chaosOptionsSchema>;

export type FaultAction =
  | { kind: "status"; status: number; retryAfterSec: number }
  | { kind: "reset" }
  | { kind: "delay"; ms: number }
  | { kind: "expireContinuation" };

export interface FaultTarget {
  /** Path plus query string, as the client sent it. */
  path: string;
  /** A Self (job) poll or a Next link (query carrying sequence_number). */
  continuation: boolean;
  /** The X-Api-Key the request carried ("" when none). */
  apiKey: string;
}

interface ChaosState {
  rate: number;
  kinds: readonly ChaosKind[];
  rng: Rng;
  maxRetryAfterSec: number;
  maxDelayMs: number;
}

export class FaultInjector {
  private queue: QueuedFault[] = [];
  private chaos: ChaosState | null = null;
  private injected = 0;

  enqueue(specs: readonly FaultSpec[]): void {
    this.queue.push(...specs.map((spec) => faultSpecSchema.parse(spec)));
  }

  clear(): void {
    this.queue = [];
    this.chaos = null;
  }

  pending(): number {
    return this.queue.reduce((sum, fault) => sum + fault.count, 0);
  }

  injectedCount(): number {
    return this.injected;
  }

  setChaos(options: ChaosOptions | null): void {
    if (!options) {
      this.chaos = null;
      return;
    }
    const parsed = chaosOptionsSchema.parse(options);
    this.chaos = {
      rate: parsed.rate,
      kinds: parsed.kinds ?? CHAOS_KINDS,
      rng: createRng(parsed.seed ?? 1),
      maxRetryAfterSec: parsed.maxRetryAfterSec ?? 2,
      maxDelayMs: parsed.maxDelayMs ?? 1500,
    };
  }

  next(target: FaultTarget): FaultAction | null {
    const action = this.fromQueue(target) ?? this.fromChaos(target);
    if (action) this.injected++;
    return action;
  }

  private fromQueue(target: FaultTarget): FaultAction | null {
    const index = this.queue.findIndex((fault) => applies(fault, target));
    const fault = this.queue[index];
    if (!fault) return null;
    fault.count--;
    if (fault.count <= 0) this.queue.splice(index, 1);
    switch (fault.kind) {
      case "status":
        return { kind: "status", status: fault.status, retryAfterSec: fault.retryAfterSec ?? 1 };
      case "delay":
        return { kind: "delay", ms: fault.ms };
      default:
        return { kind: fault.kind };
    }
  }

  private fromChaos(target: FaultTarget): FaultAction | null {
    const chaos = this.chaos;
    if (!chaos) return null;
    // Always draw the same number of values per request so a seed replays the same fault sequence.
    const hit = chaos.rng.next();
    const kindRoll = chaos.rng.next();
    const detail = chaos.rng.next();
    if (hit >= chaos.rate) return null;
    const kinds = chaos.kinds.filter((kind) => kind !== "expireContinuation" || target.continuation);
    const kind = kinds[Math.floor(kindRoll * kinds.length)];
    switch (kind) {
      case undefined:
        return null;
      case "5xx":
        return { kind: "status", status: [500, 502, 503][Math.floor(detail * 3)] ?? 503, retryAfterSec: 0 };
      case "429":
        return { kind: "status", status: 429, retryAfterSec: Math.round(detail * chaos.maxRetryAfterSec) };
      case "delay":
        return { kind: "delay", ms: Math.round(detail * chaos.maxDelayMs) };
      case "reset":
        return { kind: "reset" };
      case "expireContinuation":
        return { kind: "expireContinuation" };
    }
    return null;
  }
}

function applies(fault: QueuedFault, target: FaultTarget): boolean {
  if (fault.kind === "expireContinuation" && !target.continuation) return false;
  if (fault.apiKey !== undefined && fault.apiKey !== target.apiKey) return false;
  if (fault.pathPattern === undefined) return true;
  const pattern = typeof fault.pathPattern === "string" ? new RegExp(fault.pathPattern) : fault.pathPattern;
  return pattern.test(target.path);
}
