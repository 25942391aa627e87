import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/metrics/route";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { runPull } from "@/lib/sources/pull/pull";
import { requestPull } from "@/lib/sources/service";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * GET /metrics through its real route handler, over pulls run by the real pipeline against
 * the Rapid7 simulator, a job queued through pg-boss and alert deliveries as the delivery
 * log stores them. The answer is parsed as Prometheus text exposition.
 */
const TOKEN = "metrics-test-token-0123456789abcdef0123";
const log = createLogger({ test: "metrics" });
let simulator: Rapid7Simulator;
let admin: Actor;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  delete process.env.INTAKE_METRICS_TOKEN;
  resetEnvCache();
  await stopQueueSender();
  await simulator.close();
});

function useMetricsToken(token: string | undefined) {
  if (token === undefined) delete process.env.INTAKE_METRICS_TOKEN;
  else process.env.INTAKE_METRICS_TOKEN = token;
  resetEnvCache();
}

const scrape = (headers: Record<string, string> = {}) => GET(new Request("http://intake.test/metrics", { headers }));

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Samples of the text exposition format: `name{label="value",...} number`, comments skipped. */
function parseExposition(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!match) throw new Error(`Not an exposition line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, raw] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[name!] = raw!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    ?.value;

describe("GET /metrics", () => {
  it("answers 404 while INTAKE_METRICS_TOKEN is unset, even to a caller who sends a token", async () => {
    useMetricsToken(undefined);
    expect((await scrape()).status).toBe(404);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  });

  it("refuses a scraper without the token, or with another one", async () => {
    useMetricsToken(TOKEN);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-token" },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const answer = await scrape(headers);
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await answer.text()).not.toContain("intake_");
    }
  });

  it("reports pull runs, events stored, lag, queue depth, rate-limit headroom and alert deliveries for the fleet", async () => {
    useMetricsToken(TOKEN);
    const source = await createTestSource(admin, { name: 'Metrics "quoted" \\ source', initialLookbackHours: 24 });
    const pulled = await runPull(source.id, { trigger: "manual", log, settings: { delayMs: 0 } });
    expect(pulled.status).toBe("succeeded");
    simulator.control.injectFaults([{ kind: "status", status: 404, count: 1_000 }]);
    expect((await runPull(source.id, { trigger: "manual", log, settings: { delayMs: 0 } })).status).toBe("failed");
    simulator.control.clearFaults();
    await requestPull(source.id);
    const stored = await db.event.count({ where: { sourceId: source.id } });
    expect(stored).toBeGreaterThan(0);

    const destination = await db.alertDestination.create({
      data: { name: "metrics", type: "webhook", urlEncrypted: "sealed", urlHint: "https://siem.example.com" },
    });
    for (const status of ["delivered", "delivered", "failed", "pending"])
      await db.alertDelivery.create({
        data: { destinationId: destination.id, trigger: "opened", status, payload: {} },
      });

    const answer = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    const samples = parseExposition(text);
    const bySource = { source_id: source.id, source: source.name };

    expect(valueOf(samples, "intake_pull_runs_recent", { outcome: "succeeded" })).toBe(1);
    expect(valueOf(samples, "intake_pull_runs_recent", { outcome: "failed" })).toBe(1);
    expect(valueOf(samples, "intake_source_events_stored_recent", bySource)).toBe(stored);
    const sinceStored = valueOf(samples, "intake_source_seconds_since_last_event_stored", bySource);
    expect(sinceStored).toBeGreaterThanOrEqual(0);
    const newest = await db.event.findFirstOrThrow({ where: { sourceId: source.id }, orderBy: { id: "desc" } });
    expect(valueOf(samples, "intake_source_newest_event_lag_seconds", bySource)).toBeCloseTo(
      (newest.storedAt.getTime() - newest.receivedAt.getTime()) / 1000,
      3,
    );
    // Creating the source queued its first pull, and requestPull another.
    const [queued] = await pool()
      .query<{ count: number }>(
        `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'pull.source' AND state = 'created'`,
      )
      .then((result) => result.rows);
    expect(queued!.count).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, "intake_queue_jobs", { queue: "pull.source", state: "created" })).toBe(queued!.count);
    const headroom = await db.rateLimitState.findMany();
    expect(headroom.length).toBeGreaterThan(0);
    for (const state of headroom) {
      const labels = { ...bySource, family: state.family };
      expect(valueOf(samples, "intake_rapid7_rate_limit_limit", labels)).toBe(state.limit);
      expect(valueOf(samples, "intake_rapid7_rate_limit_remaining", labels)).toBe(
        state.resetAt > new Date() ? state.remaining : state.limit,
      );
    }
    expect(valueOf(samples, "intake_alert_deliveries", { outcome: "delivered" })).toBe(2);
    expect(valueOf(samples, "intake_alert_deliveries", { outcome: "failed" })).toBe(1);
    expect(valueOf(samples, "intake_alert_deliveries", { outcome: "pending" })).toBe(1);
    expect(text).not.toContain(TOKEN);
  });
});
