import { Gauge, Registry } from "prom-client";
import { type MetricsSnapshot, RECENT_PULLS_MINUTES } from "./collect";

/**
 * The snapshot in Prometheus' text exposition format. Gauges, not counters: each value is
 * read afresh from Postgres at scrape time (a recent window or a current state), so any
 * web instance gives the same answer and nothing is lost when one restarts.
 */
const SOURCE_LABELS = ["source_id", "source"] as const;

export async function exposition(snapshot: MetricsSnapshot): Promise<{ text: string; contentType: string }> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const bySource = (row: { sourceId: string; source: string }) => ({ source_id: row.sourceId, source: row.source });

  const pullRuns = gauge(
    "intake_pull_runs_recent",
    `Pull runs started in the last ${RECENT_PULLS_MINUTES} minutes, by outcome (running, succeeded, failed, interrupted).`,
    ["outcome"],
  );
  for (const row of snapshot.pullRuns) pullRuns.set({ outcome: row.outcome }, row.count);

  const eventsStored = gauge(
    "intake_source_events_stored_recent",
    `New events stored by pull runs started in the last ${RECENT_PULLS_MINUTES} minutes, per source.`,
    SOURCE_LABELS,
  );
  for (const row of snapshot.eventsStored) eventsStored.set(bySource(row), row.count);

  const sinceStored = gauge(
    "intake_source_seconds_since_last_event_stored",
    "Seconds since Intake last stored a new event for the source (pull lag as seen from the console).",
    SOURCE_LABELS,
  );
  for (const row of snapshot.secondsSinceLastStored) sinceStored.set(bySource(row), row.seconds);

  const newestLag = gauge(
    "intake_source_newest_event_lag_seconds",
    "For the source's newest stored event: seconds from Rapid7 receiving it to Intake storing it.",
    SOURCE_LABELS,
  );
  for (const row of snapshot.newestEventLag) newestLag.set(bySource(row), row.seconds);

  const queueJobs = gauge(
    "intake_queue_jobs",
    "Jobs waiting or running in the pg-boss queues, by queue (job name) and state (created, retry, active).",
    ["queue", "state"],
  );
  for (const row of snapshot.queueJobs) queueJobs.set({ queue: row.queue, state: row.state }, row.count);

  const remaining = gauge(
    "intake_rapid7_rate_limit_remaining",
    "Rapid7 requests left in the current rate-limit window for the source's API key, by API family (the last answer's headers; the whole limit once the window has reset).",
    [...SOURCE_LABELS, "family"],
  );
  const limit = gauge(
    "intake_rapid7_rate_limit_limit",
    "Rapid7 requests allowed per rate-limit window for the source's API key, by API family.",
    [...SOURCE_LABELS, "family"],
  );
  for (const row of snapshot.rateLimits) {
    remaining.set({ ...bySource(row), family: row.family }, row.remaining);
    limit.set({ ...bySource(row), family: row.family }, row.limit);
  }

  const deliveries = gauge(
    "intake_alert_deliveries",
    "Alert notifications by outcome (pending, delivered, failed, ...), all kept deliveries.",
    ["outcome"],
  );
  for (const row of snapshot.alertDeliveries) deliveries.set({ outcome: row.outcome }, row.count);

  return { text: await registry.metrics(), contentType: registry.contentType };
}
