/**
 * Continuous new audit events for demos: appends generated records to the audit logs at a steady
 * rate, stamped with the simulator clock, as if Rapid7 were ingesting live activity.
 */
import { generateMessage } from "./records";
import { uuidFromRng } from "./rng";
import type { SimulatorRuntime } from "./runtime";

const MIN_TICK_MS = 50;
const MAX_TICK_MS = 1_000;

export class LiveFeed {
  private timer: NodeJS.Timeout | null = null;
  private perMinute = 0;
  private owed = 0;
  private lastTickMs = 0;

  constructor(private readonly runtime: SimulatorRuntime) {}

  setRate(eventsPerMinute: number): void {
    if (!Number.isFinite(eventsPerMinute) || eventsPerMinute < 0)
      throw new RangeError("events per minute must be >= 0");
    this.stop();
    this.perMinute = eventsPerMinute;
    if (eventsPerMinute === 0) return;
    const tickMs = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(60_000 / eventsPerMinute)));
    this.lastTickMs = Date.now();
    this.timer = setInterval(() => this.tick(), tickMs);
    // A demo feed alone must not keep a test process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.owed = 0;
  }

  private tick(): void {
    // Wall time paces the feed; the simulator clock stamps the events.
    const elapsedMs = Date.now() - this.lastTickMs;
    this.lastTickMs += elapsedMs;
    this.owed += (this.perMinute * elapsedMs) / 60_000;
    const due = Math.floor(this.owed);
    this.owed -= due;
    const { state, eventRng } = this.runtime;
    const auditLogs = [...state.allLogs()].filter((log) => log.audit);
    if (auditLogs.length === 0) return;
    const envelopeMs = this.runtime.now();
    for (let i = 0; i < due; i++) {
      const log = eventRng.pick(auditLogs);
      const context = state.requireOrg(log.orgId).context;
      const generated = generateMessage(eventRng, log.profile, envelopeMs, uuidFromRng(eventRng), context);
      state.appendEntry(log, envelopeMs, generated.message, generated.auditId);
    }
  }
}
