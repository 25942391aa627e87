/**
 * The in-process control surface: scenario knobs, fault injection, data changes and read-back.
 * The HTTP control API (control-http.ts) validates with the same schemas and calls these methods,
 * so a separate process can drive the simulator exactly like a test in the same process.
 */
import { z } from "zod";
import type { ChaosOptions, FaultSpec } from "./faults";
import { type KnobsPatch, type SimulatorKnobs, defaultKnobs, knobsPatchSchema } from "./knobs";
import type { LiveFeed } from "./live-feed";
import { walkEntries } from "./paging";
import { type HostileShape, shapeMessage } from "./hostile-records";
import { generateAuditRecord, generateFirewallLine, generateMessage } from "./records";
import { RAPID7_REGIONS } from "./regions";
import { uuidFromRng } from "./rng";
import { END_OF_SEQUENCES } from "./sequence";
import type { SimulatorRuntime } from "./runtime";
import type { SeedOptions } from "./seed";
import type { KeySnapshot, LogRecord, LogSnapshot, OrgSnapshot } from "./state";
import type { SimulatorStats } from "./stats";

const region = z.enum(RAPID7_REGIONS);

const logSelectorShape = {
  region: region.optional(),
  orgId: z.string().min(1).optional(),
  logId: z.string().min(1).optional(),
  logName: z.string().min(1).optional(),
};

const eventsShape = {
  ...logSelectorShape,
  records: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
  messages: z.array(z.string()).min(1).optional(),
  /** Generate this many realistic events instead of giving records or messages. */
  count: z.number().int().min(1).max(100_000).optional(),
};

/**
 * Entries whose envelope `message` is not a string (`null`, `{"a":1}`...), as JSON
 * literals: broken entries, to test what a client does with a page holding one.
 */
const brokenMessageLiterals = z
  .array(
    z.string().refine((text) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    }, "must be a JSON literal"),
  )
  .min(1)
  .optional();

const oneEventSource = (input: {
  records?: unknown;
  messages?: unknown;
  count?: unknown;
  brokenMessages?: unknown;
  recordBytes?: unknown;
  nestingDepth?: unknown;
}) =>
  [input.records, input.messages, input.count, input.brokenMessages].filter((value) => value !== undefined).length ===
    1 &&
  (input.count !== undefined || (input.recordBytes === undefined && input.nestingDepth === undefined));
const oneEventSourceMessage = {
  message:
    "give exactly one of records, messages, count or brokenMessages (recordBytes and nestingDepth go with count)",
};

const appendEventsSchema = z
  .object({
    ...eventsShape,
    brokenMessages: brokenMessageLiterals,
    envelopeTimestampMs: z.number().int().min(0).optional(),
    /** With count: pad each generated record to about this many bytes (oversize records). */
    recordBytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1024 * 1024)
      .optional(),
    /** With count: nest each generated record's service_info.previousEntry this deep (over-deep records). */
    nestingDepth: z.number().int().min(2).max(1_000_000).optional(),
  })
  .strict()
  .refine(oneEventSource, oneEventSourceMessage);

const lateEventsSchema = z
  .object({
    ...eventsShape,
    /** How long ago the late entries were ingested (their envelope timestamp). */
    envelopeAgoMs: z.number().int().min(0).default(120_000),
    /** How much older than its envelope a generated record's `time` is (also fills a missing `time`). */
    recordAgeMs: z
      .number()
      .int()
      .min(0)
      .default(15 * 60_000),
  })
  .strict()
  .refine(oneEventSource, oneEventSourceMessage);

const seedBulkSchema = z
  .object({
    ...logSelectorShape,
    count: z.number().int().min(1).max(20_000_000),
    fromMs: z.number().int().min(0).optional(),
    toMs: z.number().int().min(1).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const listEntriesSchema = z
  .object({
    ...logSelectorShape,
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).optional(),
  })
  .strict();

const logSelectorSchema = z.object(logSelectorShape).strict();

const addKeySchema = z
  .object({
    key: z.string().min(1),
    region: region.optional(),
    orgId: z.string().min(1).optional(),
    admin: z.boolean(),
  })
  .strict();

const addOrgSchema = z
  .object({
    name: z.string().min(1),
    region,
    id: z.string().min(1).optional(),
    emailDomain: z.string().min(1).optional(),
    logs: z
      .array(
        z
          .object({
            name: z.string().min(1),
            logsetName: z.string().min(1),
            id: z.string().min(1).optional(),
            sourceType: z.string().min(1).optional(),
            audit: z.boolean().optional(),
            profile: z.enum(["platform", "idr", "ivm", "firewall"]).optional(),
          })
          .strict(),
      )
      .optional(),
    keys: z.array(z.object({ key: z.string().min(1), admin: z.boolean() }).strict()).optional(),
  })
  .strict();

const seedOptionsSchema = z
  .object({
    seed: z.number().int().optional(),
    seedDays: z.number().min(0).max(366).optional(),
    volume: z.number().min(0).max(100).optional(),
    endMs: z.number().int().min(0).optional(),
  })
  .strict();

export type AppendEventsInput = z.input<typeof appendEventsSchema>;
export type LateEventsInput = z.input<typeof lateEventsSchema>;
export type SeedBulkInput = z.input<typeof seedBulkSchema>;
export type ListEntriesInput = z.input<typeof listEntriesSchema>;
export type LogSelectorInput = z.input<typeof logSelectorSchema>;
export type AddKeyInput = z.input<typeof addKeySchema>;
export type AddOrgInput = z.input<typeof addOrgSchema>;

/** One entry as read back for assertions; `seq` is a decimal string (it exceeds 2^53). */
export interface EntrySummary {
  logId: string;
  audit_id: string | null;
  seq: string;
  timestampMs: number;
}

export interface SeedBulkResult {
  logId: string;
  count: number;
  fromMs: number;
  toMs: number;
  firstSeq: string;
  lastSeq: string;
}

export interface SimulatorControl {
  getKnobs(): SimulatorKnobs;
  /** Changes only the given knobs; a new rateLimit also starts fresh windows. */
  setKnobs(patch: KnobsPatch): SimulatorKnobs;
  resetKnobs(): SimulatorKnobs;
  /** Queued faults are consumed in order by the requests they match. */
  injectFaults(faults: FaultSpec[]): void;
  /** Drops queued faults and turns chaos off. */
  clearFaults(): void;
  setChaos(options: ChaosOptions | null): void;
  appendEvents(input: AppendEventsInput): EntrySummary[];
  addLateEvents(input: LateEventsInput): EntrySummary[];
  seedBulk(input: SeedBulkInput): SeedBulkResult;
  listEntries(input: ListEntriesInput): EntrySummary[];
  describe(): { orgs: OrgSnapshot[]; keys: KeySnapshot[] };
  findLog(selector: LogSelectorInput): LogSnapshot;
  stats(): SimulatorStats;
  /** Fresh world: the start-up seed by default, another seed, or `false` for an empty one. */
  reset(seed?: SeedOptions | false): void;
  addKey(input: AddKeyInput): KeySnapshot;
  revokeKey(key: string): boolean;
  /** Reduces (admin: false) or restores a key's rights: audit log queries then answer 403. */
  setKeyAdmin(key: string, admin: boolean): KeySnapshot;
  /** Removes a log from the world (audit logging turned off): gone from the log list, 404 on query. */
  removeLog(selector: LogSelectorInput): boolean;
  addOrg(input: AddOrgInput): OrgSnapshot;
  setLiveEventsPerMinute(eventsPerMinute: number): void;
}

const WEEK_MS = 7 * 86_400_000;

export function createControl(
  runtime: SimulatorRuntime,
  liveFeed: LiveFeed,
  startSeed: SeedOptions | false,
): SimulatorControl {
  const summarize = (
    logId: string,
    entry: { seq: bigint; timestampMs: number; auditId(): string | undefined },
  ): EntrySummary => ({
    logId,
    audit_id: entry.auditId() ?? null,
    seq: entry.seq.toString(),
    timestampMs: entry.timestampMs,
  });

  const insertAll = (log: LogRecord, envelopeMs: number, messages: readonly string[]): EntrySummary[] =>
    messages.map((message) =>
      summarize(log.id, runtime.state.appendEntry(log, envelopeMs, message, auditIdOf(message))),
    );

  const generated = (log: LogRecord, envelopeMs: number, count: number, shape: HostileShape = {}): string[] => {
    const context = runtime.state.requireOrg(log.orgId).context;
    return Array.from({ length: count }, () => {
      const message = generateMessage(
        runtime.eventRng,
        log.profile,
        envelopeMs,
        uuidFromRng(runtime.eventRng),
        context,
      ).message;
      return log.profile === "firewall" ? message : shapeMessage(message, shape);
    });
  };

  return {
    getKnobs: () => structuredClone(runtime.knobs),

    setKnobs(patch) {
      const parsed = knobsPatchSchema.parse(patch);
      if (parsed.rateLimit) runtime.rateLimiter.clear();
      runtime.knobs = { ...runtime.knobs, ...parsed };
      return structuredClone(runtime.knobs);
    },

    resetKnobs() {
      runtime.knobs = defaultKnobs();
      runtime.rateLimiter.clear();
      return structuredClone(runtime.knobs);
    },

    injectFaults: (faults) => runtime.faults.enqueue(faults),
    clearFaults: () => runtime.faults.clear(),
    setChaos: (options) => runtime.faults.setChaos(options),

    appendEvents(input) {
      const parsed = appendEventsSchema.parse(input);
      const log = runtime.state.findLog(parsed);
      const envelopeMs = parsed.envelopeTimestampMs ?? runtime.now();
      if (parsed.brokenMessages) {
        return parsed.brokenMessages.map((literal) =>
          summarize(log.id, runtime.state.appendEntry(log, envelopeMs, literal, undefined, literal)),
        );
      }
      const messages =
        parsed.messages ??
        parsed.records?.map((record) => JSON.stringify(record)) ??
        generated(log, envelopeMs, parsed.count ?? 0, {
          recordBytes: parsed.recordBytes,
          nestingDepth: parsed.nestingDepth,
        });
      return insertAll(log, envelopeMs, messages);
    },

    addLateEvents(input) {
      const parsed = lateEventsSchema.parse(input);
      const log = runtime.state.findLog(parsed);
      const envelopeMs = runtime.now() - parsed.envelopeAgoMs;
      const recordTimeMs = envelopeMs - parsed.recordAgeMs;
      const context = runtime.state.requireOrg(log.orgId).context;
      const rng = runtime.eventRng;
      const messages =
        parsed.messages ??
        parsed.records?.map((record) => JSON.stringify({ time: new Date(recordTimeMs).toISOString(), ...record })) ??
        Array.from({ length: parsed.count ?? 0 }, () =>
          log.profile === "firewall"
            ? generateFirewallLine(rng, recordTimeMs)
            : JSON.stringify(generateAuditRecord(rng, log.profile, recordTimeMs, uuidFromRng(rng), context)),
        );
      return insertAll(log, envelopeMs, messages);
    },

    seedBulk(input) {
      const parsed = seedBulkSchema.parse(input);
      const log = runtime.state.findLog(parsed);
      const toMs = parsed.toMs ?? runtime.now();
      const fromMs = parsed.fromMs ?? toMs - WEEK_MS;
      const segment = runtime.state.addBulkSegment(log, {
        fromMs,
        toMs,
        count: parsed.count,
        seed: parsed.seed ?? runtime.eventRng.uint32(),
      });
      return {
        logId: log.id,
        count: segment.size,
        fromMs,
        toMs,
        firstSeq: segment.seqAt(0).toString(),
        lastSeq: segment.seqAt(segment.size - 1).toString(),
      };
    },

    listEntries(input) {
      const parsed = listEntriesSchema.parse(input);
      const log = runtime.state.findLog(parsed);
      const offset = parsed.offset ?? 0;
      const limit = parsed.limit ?? Number.POSITIVE_INFINITY;
      const out: EntrySummary[] = [];
      let index = 0;
      for (const item of walkEntries([log], { low: 0n, high: END_OF_SEQUENCES, descending: false })) {
        if (index++ < offset) continue;
        if (out.length >= limit) break;
        out.push(summarize(item.logId, item.entry));
      }
      return out;
    },

    describe: () => runtime.state.describe(),
    findLog: (selector) => runtime.state.snapshotLog(runtime.state.findLog(logSelectorSchema.parse(selector))),

    stats: () => ({
      totalRequests: runtime.stats.totalRequests(),
      requests: runtime.stats.requests(),
      queryJobsCreated: runtime.jobs.created,
      activeQueryJobs: runtime.jobs.size,
      faultsInjected: runtime.faults.injectedCount(),
      pendingFaults: runtime.faults.pending(),
    }),

    reset(seed) {
      runtime.reset(seed === undefined ? startSeed : seed === false ? false : seedOptionsSchema.parse(seed));
    },

    addKey(input) {
      const parsed = addKeySchema.parse(input);
      const record = runtime.state.addKey(parsed);
      return {
        key: record.key,
        orgId: record.orgId,
        region: runtime.state.requireOrg(record.orgId).region,
        admin: record.admin,
      };
    },

    revokeKey: (key) => runtime.state.revokeKey(key),

    setKeyAdmin(key, admin) {
      const record = runtime.state.setKeyAdmin(key, z.boolean().parse(admin));
      return { key: record.key, orgId: record.orgId, region: runtime.state.requireOrg(record.orgId).region, admin };
    },

    removeLog: (selector) => runtime.state.removeLog(runtime.state.findLog(logSelectorSchema.parse(selector)).id),

    addOrg(input) {
      return runtime.state.snapshotOrg(runtime.state.addOrg(addOrgSchema.parse(input)));
    },

    setLiveEventsPerMinute: (eventsPerMinute) => liveFeed.setRate(eventsPerMinute),
  };
}

/** Audit ids are read from the message itself, so read-back works for hand-written records too. */
function auditIdOf(message: string): string | undefined {
  if (!message.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    const auditId =
      parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>).audit_id : undefined;
    return typeof auditId === "string" ? auditId : undefined;
  } catch {
    return undefined;
  }
}
