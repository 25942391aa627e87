/**
 * A faithful local stand-in for Rapid7's Log Search API (audit logs), serving every region under a
 * path prefix: point clients at `baseUrlTemplate` instead of https://{region}.api.insight.rapid7.com.
 */
import type { AddressInfo } from "node:net";
import { type SimulatorControl, createControl } from "./control";
import { LiveFeed } from "./live-feed";
import { SimulatorRuntime } from "./runtime";
import type { SeedOptions } from "./seed";
import { createSimulatorServer } from "./server";

export type {
  AddKeyInput,
  AddOrgInput,
  AppendEventsInput,
  EntrySummary,
  LateEventsInput,
  ListEntriesInput,
  LogSelectorInput,
  SeedBulkInput,
  SeedBulkResult,
  SimulatorControl,
} from "./control";
export type { ChaosKind, ChaosOptions, FaultSpec } from "./faults";
export type { KnobsPatch, SimulatorKnobs } from "./knobs";
export { defaultKnobs } from "./knobs";
export { RAPID7_REGIONS, type Rapid7Region, isRapid7Region } from "./regions";
export type { RequestCount, SimulatorStats } from "./stats";
export type { KeySnapshot, LogSnapshot, OrgSnapshot } from "./state";
export type { AuditRecord } from "./records";
export {
  DEFAULT_SEED,
  DEFAULT_SEED_DAYS,
  DEMO_AUDIT_LOGSET,
  DEMO_AUDIT_LOG_NAMES,
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_FIREWALL_LOG_NAME,
  DEMO_ORG_NAME,
  DEMO_QUIET_LOG_NAME,
  DEMO_QUIET_ORG_NAME,
  DEMO_US3_ADMIN_KEY,
  DEMO_US3_READONLY_KEY,
  type SeedOptions,
} from "./seed";

export interface Rapid7SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The demo world (default), tuned, or `false` for an empty one. */
  seed?: SeedOptions | false;
  /** Keep appending realistic audit events (demo mode). Default 0. */
  liveEventsPerMinute?: number;
  /** Clock for envelope timestamps, time_range, rate-limit windows and link expiry. */
  now?: () => number;
}

export interface Rapid7Simulator {
  /** e.g. "http://127.0.0.1:4010/{region}"; the client substitutes its region. */
  baseUrlTemplate: string;
  /** e.g. "http://127.0.0.1:4010"; the control API lives under `${origin}/_control`. */
  origin: string;
  control: SimulatorControl;
  close(): Promise<void>;
}

export async function startRapid7Simulator(options: Rapid7SimulatorOptions = {}): Promise<Rapid7Simulator> {
  const host = options.host ?? "127.0.0.1";
  const seed = options.seed ?? {};
  const runtime = new SimulatorRuntime(options.now ?? Date.now);
  runtime.reset(seed);
  const liveFeed = new LiveFeed(runtime);
  const control = createControl(runtime, liveFeed, seed);
  const simulatorServer = createSimulatorServer(runtime, control);

  await new Promise<void>((resolve, reject) => {
    simulatorServer.server.once("error", reject);
    simulatorServer.server.listen(options.port ?? 0, host, () => {
      simulatorServer.server.off("error", reject);
      resolve();
    });
  });
  const { port } = simulatorServer.server.address() as AddressInfo;
  runtime.origin = `http://${originHost(host)}:${port}`;
  if (options.liveEventsPerMinute) liveFeed.setRate(options.liveEventsPerMinute);

  let closing: Promise<void> | null = null;
  return {
    baseUrlTemplate: `${runtime.origin}/{region}`,
    origin: runtime.origin,
    control,
    close: () => {
      closing ??= (async () => {
        liveFeed.stop();
        await simulatorServer.close();
      })();
      return closing;
    },
  };
}

/** Links must be reachable: a wildcard bind address is reached through loopback. */
function originHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
