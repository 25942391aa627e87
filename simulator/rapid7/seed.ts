/**
 * The default demo world. Deterministic from `seed` (and the end of the seeded window), so demos,
 * screenshots and tests see the same records every time.
 */
import { generateMessage } from "./records";
import { createRng, hashSeed, uuidFromRng } from "./rng";
import type { LogRecord, SimulatorState } from "./state";

export interface SeedOptions {
  /** Drives every generated id and record. Default 7. */
  seed?: number;
  /** How many days of history the audit logs get. Default 7. */
  seedDays?: number;
  /** Scales the per-log daily volumes (1 = about 280 audit records per day in total). */
  volume?: number;
  /** End of the seeded window (ms); defaults to the simulator clock at seeding time. */
  endMs?: number;
}

export const DEMO_US3_ADMIN_KEY = "demo-us3-admin-key";
export const DEMO_US3_READONLY_KEY = "demo-us3-readonly-key";
export const DEMO_EU_NO_AUDIT_KEY = "demo-eu-no-audit-key";

export const DEMO_ORG_NAME = "Acme Corp";
export const DEMO_QUIET_ORG_NAME = "Quiet Co";
export const DEMO_AUDIT_LOGSET = "Audit Logs";
export const DEMO_AUDIT_LOG_NAMES = ["Platform Audit", "InsightIDR Audit", "InsightVM Audit"] as const;
export const DEMO_FIREWALL_LOG_NAME = "Firewall Events";
export const DEMO_QUIET_LOG_NAME = "Edge Firewall";

export const DEFAULT_SEED = 7;
export const DEFAULT_SEED_DAYS = 7;

const DAY_MS = 86_400_000;

/** Records per day for each seeded log at volume 1. */
const DAILY_VOLUME: Record<string, number> = {
  "Platform Audit": 60,
  "InsightIDR Audit": 140,
  "InsightVM Audit": 80,
  [DEMO_FIREWALL_LOG_NAME]: 40,
  [DEMO_QUIET_LOG_NAME]: 20,
};

export function applyDefaultSeed(state: SimulatorState, options: SeedOptions, nowMs: number): void {
  const seed = options.seed ?? DEFAULT_SEED;
  const days = options.seedDays ?? DEFAULT_SEED_DAYS;
  const volume = options.volume ?? 1;
  const endMs = options.endMs ?? nowMs;

  // Ids depend on the seed so that two simulators with different seeds never share log ids.
  const acme = state.addOrg({
    id: uuidFromRng(createRng(hashSeed(seed, "org", DEMO_ORG_NAME))),
    name: DEMO_ORG_NAME,
    region: "us3",
    emailDomain: "acmecorp.example",
  });
  for (const name of DEMO_AUDIT_LOG_NAMES) {
    state.addLog(acme.id, { id: logId(seed, acme.id, name), name, logsetName: DEMO_AUDIT_LOGSET, audit: true });
  }
  state.addLog(acme.id, {
    id: logId(seed, acme.id, DEMO_FIREWALL_LOG_NAME),
    name: DEMO_FIREWALL_LOG_NAME,
    logsetName: "Network",
    audit: false,
  });
  state.addKey({ key: DEMO_US3_ADMIN_KEY, orgId: acme.id, admin: true });
  state.addKey({ key: DEMO_US3_READONLY_KEY, orgId: acme.id, admin: false });

  const quiet = state.addOrg({
    id: uuidFromRng(createRng(hashSeed(seed, "org", DEMO_QUIET_ORG_NAME))),
    name: DEMO_QUIET_ORG_NAME,
    region: "eu",
    emailDomain: "quietco.example",
  });
  state.addLog(quiet.id, {
    id: logId(seed, quiet.id, DEMO_QUIET_LOG_NAME),
    name: DEMO_QUIET_LOG_NAME,
    logsetName: "Network",
    audit: false,
  });
  state.addKey({ key: DEMO_EU_NO_AUDIT_KEY, orgId: quiet.id, admin: true });

  for (const org of [acme, quiet]) {
    for (const log of org.logs) {
      const count = Math.round((DAILY_VOLUME[log.name] ?? 0) * days * volume);
      seedHistory(state, log, count, endMs - days * DAY_MS, endMs, hashSeed(seed, "history", log.id));
    }
  }
}

function logId(seed: number, orgId: string, name: string): string {
  return uuidFromRng(createRng(hashSeed(seed, "log", orgId, name)));
}

function seedHistory(
  state: SimulatorState,
  log: LogRecord,
  count: number,
  fromMs: number,
  toMs: number,
  seed: number,
): void {
  const rng = createRng(seed);
  const envelopeTimes = Array.from({ length: count }, () => fromMs + Math.floor(rng.next() * (toMs - fromMs)));
  envelopeTimes.sort((a, b) => a - b);
  const context = state.requireOrg(log.orgId).context;
  for (const envelopeMs of envelopeTimes) {
    const generated = generateMessage(rng, log.profile, envelopeMs, uuidFromRng(rng), context);
    state.appendEntry(log, envelopeMs, generated.message, generated.auditId);
  }
}
