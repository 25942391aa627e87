import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { postToDestination } from "@/lib/alerts/destinations/http";
import { raiseAlert, resolveAlertByKey } from "@/lib/alerts/service";
import type { ActionResult } from "@/lib/action-result";
import type { Actor } from "@/lib/auth/roles";
import { secrets } from "@/lib/config/secrets";
import { db, pool } from "@/lib/db";
import {
  createDestination,
  deleteDestination,
  listDeliveries,
  listDestinations,
  sendTestDelivery,
  updateDestination,
} from "@/lib/destinations/service";
import { alertDeliverJob } from "@/lib/queue/alert-deliver";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { DeliveryRetryError, alertDeliverHandler } from "@/lib/worker/handlers/alert-deliver.handler";
import { alertsEvaluateHandler } from "@/lib/worker/handlers/alerts-evaluate.handler";
import { jobRegistry } from "@/lib/worker/registry";
import { startWorkerRuntime, type WorkerRuntime } from "@/lib/worker/runtime";
import { createLogger } from "@/lib/logger";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";
import { freePort } from "../helpers/free-port";
import { insertSource, seedEvents } from "../helpers/seed-events";
import { Receiver } from "../helpers/webhook-receiver";

/**
 * Alert delivery end to end: a local HTTP receiver stands in for a webhook endpoint and
 * for Slack; deliveries go through pg-boss and a real worker runtime (retries included),
 * and the receiver checks signatures the way a real receiver would.
 */
const requestCookies = vi.hoisted(() => ({ value: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    getAll: () => requestCookies.value,
    get: (name: string) => requestCookies.value.find((c) => c.name === name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

/** What a receiver does with X-Intake-Signature: recompute the HMAC over "<timestamp>.<raw body>", compare in constant time, refuse stale timestamps. */
function verifySignature(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  nowSeconds = Date.now() / 1000,
): boolean {
  const timestamp = headers["x-intake-timestamp"];
  const signature = headers["x-intake-signature"];
  if (typeof timestamp !== "string" || typeof signature !== "string") return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let databaseUrl: string;
let admin: Actor;
let analyst: Actor;
let receiver: Receiver;
let worker: WorkerRuntime | undefined;
const log = createLogger({ test: "alert-delivery" });
const run = Math.random().toString(36).slice(2, 8);
let counter = 0;
const unique = (name: string) => `${name} ${run}-${++counter}`;

beforeAll(async () => {
  // The receiver listens on loopback, which destinations may reach only when the operator allows it.
  allowDestinationHosts(["127.0.0.1"]);
  databaseUrl = await useTestDatabase();
  admin = await createActor("ADMIN");
  analyst = await createActor("ANALYST");
  receiver = new Receiver();
  await receiver.start();
});
afterAll(async () => {
  await worker?.stop();
  await stopQueueSender();
  await receiver.stop();
});

/**
 * Runs the body with a worker processing alerts.deliver. Tests that call the job handler
 * directly (to play pg-boss's retries without waiting for them) run without one, so the
 * two never attempt the same delivery at once.
 */
async function withWorker(body: () => Promise<void>): Promise<void> {
  worker = await startWorkerRuntime({
    connectionString: databaseUrl,
    jobs: jobRegistry.filter((job) => job.contract === alertDeliverJob),
    heartbeatSeconds: 5,
    version: "test",
    log,
    gracePeriodMs: 2_000,
  });
  try {
    await body();
  } finally {
    await worker.stop();
    worker = undefined;
  }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function onlyDeliveryFor(destinationId: string, alertId: string) {
  const rows = await db.alertDelivery.findMany({ where: { destinationId, alertId } });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function jobOf(deliveryId: string) {
  const { rows } = await pool().query<{
    state: string;
    retry_count: number;
    retry_limit: number;
    retry_delay: number;
    retry_backoff: boolean;
    start_after: Date;
  }>(
    "SELECT state::text, retry_count, retry_limit, retry_delay, retry_backoff, start_after FROM pgboss.job WHERE name = 'alerts.deliver' AND id = $1::uuid",
    [deliveryId],
  );
  return rows[0];
}

const context = () => ({ jobId: "test", workerId: "test", retryCount: 0, log, signal: new AbortController().signal });

/** Destinations only receive alerts whose kind they ask for: each test uses its own kind filter and key. */
async function raiseDetection(name: string, severity: "critical" | "high" = "high") {
  return raiseAlert({
    kind: "detection",
    severity,
    dedupKey: `delivery-test:${run}:${name}`,
    title: `Detection ${name}`,
    description: `Matched rule for ${name}`,
    ruleId: "test.rule",
  });
}

describe("generic webhook", () => {
  it("delivers the documented payload through the job engine, signed so a receiver can verify it", () =>
    withWorker(async () => {
      const secret = "whsec-0123456789abcdef-signing";
      const url = receiver.script("/hooks/signed", []);
      const destination = await createDestination(admin, {
        name: unique("Signed webhook"),
        type: "webhook",
        url,
        secret,
        alertKinds: ["detection"],
        minSeverity: "high",
      });
      const { alertId } = await raiseDetection("signed");

      const delivery = await until(
        () => onlyDeliveryFor(destination.id, alertId),
        (d) => d.status !== "pending",
      );
      expect(delivery).toMatchObject({
        status: "delivered",
        attempts: 1,
        responseStatus: 200,
        lastError: null,
        trigger: "opened",
      });
      expect(delivery.deliveredAt).toBeInstanceOf(Date);

      const [request, ...others] = receiver.to("/hooks/signed");
      expect(others).toHaveLength(0);
      expect(request!.headers).toMatchObject({
        "content-type": "application/json",
        "x-intake-event": "alert.opened",
        "x-intake-delivery": delivery.id,
        "x-intake-signature": expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
        "x-intake-timestamp": expect.stringMatching(/^\d{10}$/),
      });
      expect(request!.headers["user-agent"]).toMatch(/^Intake\//);
      expect(verifySignature(secret, request!.headers, request!.body)).toBe(true);
      // Any change to the body, the timestamp or the secret breaks the signature.
      expect(verifySignature(secret, request!.headers, request!.body.replace("signed", "s1gned"))).toBe(false);
      expect(verifySignature("another-secret-of-some-length", request!.headers, request!.body)).toBe(false);
      expect(
        verifySignature(
          secret,
          { ...request!.headers, "x-intake-timestamp": String(Number(request!.headers["x-intake-timestamp"]) + 1) },
          request!.body,
        ),
      ).toBe(false);
      expect(verifySignature(secret, request!.headers, request!.body, Date.now() / 1000 + 3600)).toBe(false);

      const body = JSON.parse(request!.body) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["alert", "sentAt", "type"]);
      expect(body).toEqual({
        type: "alert.opened",
        sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        alert: {
          id: alertId,
          kind: "detection",
          severity: "high",
          status: "open",
          title: "Detection signed",
          description: "Matched rule for signed",
          source: null,
          ruleId: "test.rule",
          firstSeenAt: expect.any(String),
          lastSeenAt: expect.any(String),
          eventCount: 0,
          resolvedAt: null,
          resolution: null,
          url: `http://localhost:3000/alerts/${alertId}`,
        },
      });

      const activity = await db.alertActivity.findFirstOrThrow({ where: { alertId, action: "notified" } });
      expect(activity.message).toBe(`Sent the alert to ${destination.name}.`);

      // Resolving notifies again, with the resolution.
      await resolveAlertByKey(`delivery-test:${run}:signed`, "Rule no longer matches.");
      await until(
        async () => receiver.to("/hooks/signed").length,
        (n) => n === 2,
      );
      const resolved = receiver.to("/hooks/signed")[1]!;
      expect(resolved.headers["x-intake-event"]).toBe("alert.resolved");
      expect(verifySignature(secret, resolved.headers, resolved.body)).toBe(true);
      expect(JSON.parse(resolved.body)).toMatchObject({
        type: "alert.resolved",
        alert: { id: alertId, status: "resolved", resolution: "Rule no longer matches." },
      });
    }));

  it("sends no signature headers when the destination has no secret", async () => {
    const url = receiver.script("/hooks/unsigned", []);
    const destination = await createDestination(admin, {
      name: unique("Unsigned"),
      type: "webhook",
      url,
      alertKinds: ["detection"],
      minSeverity: "high",
    });
    const { alertId } = await raiseDetection("unsigned");
    const delivery = await onlyDeliveryFor(destination.id, alertId);
    await alertDeliverHandler({ deliveryId: delivery.id }, context());
    const [request] = receiver.to("/hooks/unsigned");
    expect(request!.headers["x-intake-delivery"]).toBe(delivery.id);
    expect(request!.headers).not.toHaveProperty("x-intake-signature");
    expect(request!.headers).not.toHaveProperty("x-intake-timestamp");
  });

  it("retries a 500 with backoff on the job engine, and the retry succeeds with the same delivery id", () =>
    withWorker(async () => {
      const url = receiver.script("/hooks/flaky", [{ status: 500, body: "database is down" }]);
      const destination = await createDestination(admin, {
        name: unique("Flaky"),
        type: "webhook",
        url,
        alertKinds: ["detection"],
        minSeverity: "high",
      });
      const { alertId } = await raiseDetection("flaky");
      const { id } = await onlyDeliveryFor(destination.id, alertId);

      // First attempt: 500, recorded, and pg-boss schedules a retry 30-60 s out.
      const job = await until(
        () => jobOf(id),
        (j) => j?.state === "retry",
      );
      // retry_count counts fetches, so it is 0 until the retry is picked up; the first delay is 30 × 2^1 / 2 × (1 + random) s.
      expect(job).toMatchObject({ retry_count: 0, retry_limit: 4, retry_delay: 30, retry_backoff: true });
      expect(job!.start_after.getTime()).toBeGreaterThan(Date.now() + 20_000);
      expect(await db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "pending",
        attempts: 1,
        responseStatus: 500,
        // The answer's body ("database is down") is never shown: only the status.
        lastError: "The destination answered HTTP 500.",
      });

      // Let the backoff elapse, and the retry goes through.
      await pool().query("UPDATE pgboss.job SET start_after = now() WHERE name = 'alerts.deliver' AND id = $1::uuid", [
        id,
      ]);
      const delivered = await until(
        () => db.alertDelivery.findUniqueOrThrow({ where: { id } }),
        (d) => d.status !== "pending",
      );
      expect(delivered).toMatchObject({ status: "delivered", attempts: 2, responseStatus: 200, lastError: null });
      const requests = receiver.to("/hooks/flaky");
      expect(requests.map((r) => r.headers["x-intake-delivery"])).toEqual([id, id]);
      expect(
        await until(
          () => jobOf(id),
          (j) => j?.state === "completed",
        ),
      ).toBeDefined();
    }));

  it("stops at once on a permanent 4xx; 408 and 429 are retried", async () => {
    const url = receiver.script("/hooks/gone", [{ status: 404, body: "no such hook" }]);
    const destination = await createDestination(admin, {
      name: unique("Gone"),
      type: "webhook",
      url,
      alertKinds: ["detection"],
      minSeverity: "high",
    });
    const { alertId } = await raiseDetection("gone");
    const { id } = await onlyDeliveryFor(destination.id, alertId);
    // Handler returns normally: the job completes, pg-boss does not retry.
    await alertDeliverHandler({ deliveryId: id }, context());
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: 404,
      lastError: "The destination answered HTTP 404. Not retried: check the URL and the receiver.",
    });
    expect(await db.alertActivity.findFirst({ where: { alertId, action: "notified" } })).toMatchObject({
      message: expect.stringMatching(/^Could not send the alert to .*HTTP 404/),
    });
    // Running the job again (a duplicate) does nothing.
    await alertDeliverHandler({ deliveryId: id }, context());
    expect(receiver.to("/hooks/gone")).toHaveLength(1);

    for (const status of [408, 429]) {
      const path = `/hooks/busy-${status}`;
      const busy = await createDestination(admin, {
        name: unique(`Busy ${status}`),
        type: "webhook",
        url: receiver.script(path, [{ status }]),
        alertKinds: ["detection"],
        minSeverity: "high",
      });
      const raised = await raiseDetection(`busy-${status}`);
      const delivery = await onlyDeliveryFor(busy.id, raised.alertId);
      await expect(alertDeliverHandler({ deliveryId: delivery.id }, context())).rejects.toBeInstanceOf(
        DeliveryRetryError,
      );
      expect(await db.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
        status: "pending",
        attempts: 1,
        responseStatus: status,
      });
    }
  });

  it("gives up after 5 attempts, recording each one", async () => {
    const url = receiver.script(
      "/hooks/down",
      Array.from({ length: 5 }, () => ({ status: 503 })),
    );
    const destination = await createDestination(admin, {
      name: unique("Down"),
      type: "webhook",
      url,
      alertKinds: ["detection"],
      minSeverity: "high",
    });
    const { alertId } = await raiseDetection("down");
    const { id } = await onlyDeliveryFor(destination.id, alertId);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(alertDeliverHandler({ deliveryId: id }, { ...context(), retryCount: attempt - 1 })).rejects.toThrow(
        `Attempt ${attempt} of 5 failed`,
      );
      expect(await db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "pending",
        attempts: attempt,
        responseStatus: 503,
      });
    }
    await alertDeliverHandler({ deliveryId: id }, { ...context(), retryCount: 4 });
    const failed = await db.alertDelivery.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 5,
      responseStatus: 503,
      lastError: "The destination answered HTTP 503. Gave up after 5 attempts.",
    });
    expect(receiver.to("/hooks/down")).toHaveLength(5);
  });

  it("does not follow redirects", async () => {
    const target = receiver.script("/hooks/elsewhere", []);
    const url = receiver.script("/hooks/moved", [{ status: 302, headers: { location: target } }]);
    const destination = await createDestination(admin, {
      name: unique("Moved"),
      type: "webhook",
      url,
      alertKinds: ["detection"],
      minSeverity: "high",
    });
    const { alertId } = await raiseDetection("moved");
    const { id } = await onlyDeliveryFor(destination.id, alertId);
    await alertDeliverHandler({ deliveryId: id }, context());
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      responseStatus: 302,
      lastError: expect.stringContaining("does not follow redirects"),
    });
    expect(receiver.to("/hooks/elsewhere")).toHaveLength(0);
  });

  it("gives up on a receiver that does not answer within the timeout, and on refused connections, as retryable errors", async () => {
    const url = receiver.script("/hooks/hang", [{ status: 200, hang: true }]);
    // The receiver never answers: only the 0.3 s timeout can end this call.
    expect(await postToDestination(url, { body: "{}", headers: {} }, { timeoutMs: 300 })).toEqual({
      ok: false,
      status: null,
      error: "No answer within 0.3 s.",
      permanent: false,
    });
    const closed = await freePort();
    expect(await postToDestination(`http://127.0.0.1:${closed}/closed`, { body: "{}", headers: {} })).toMatchObject({
      ok: false,
      status: null,
      permanent: false,
      error: expect.stringContaining("ECONNREFUSED"),
    });
  });
});

describe("updates of an open alert", () => {
  /** Stored events of a fresh source, oldest first: alerts link real events. */
  async function storedEvents(count: number): Promise<{ sourceId: string; ids: bigint[] }> {
    const source = await insertSource(pool(), { name: unique("Update source") });
    const seeded = await seedEvents(
      pool(),
      source,
      Array.from({ length: count }, (_, i) => ({
        time: new Date(Date.now() - (count - i) * 1_000),
        action: "SAVE_POLICY",
        result: "FAILURE",
        email: "mallory@example.com",
      })),
    );
    const rows = await db.event.findMany({
      where: { sourceId: source.id, auditId: { in: seeded.map((e) => e.auditId) } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    return { sourceId: source.id, ids: rows.map((row) => row.id) };
  }

  it(
    "notifies when the alert escalates or its event count reaches 10, 100, …; other updates stay quiet",
    () =>
      withWorker(async () => {
        const secret = "updates-secret-0123456789";
        const all = await createDestination(admin, {
          name: unique("Updates"),
          type: "webhook",
          url: receiver.script("/hooks/updates", []),
          secret,
          alertKinds: ["detection"],
          minSeverity: "medium",
        });
        const highOnly = await createDestination(admin, {
          name: unique("Updates, high"),
          type: "webhook",
          url: receiver.script("/hooks/updates-high", []),
          alertKinds: ["detection"],
          minSeverity: "high",
        });
        const { sourceId, ids } = await storedEvents(105);
        const dedupKey = `delivery-test:${run}:updates`;
        const raise = (severity: "low" | "medium" | "high", from: number, to: number) =>
          raiseAlert({
            kind: "detection",
            severity,
            dedupKey,
            title: "Burst of failed actions: mallory@example.com",
            sourceId,
            ruleId: "test.rule",
            eventIds: ids.slice(from, to),
          });
        const triggers = async (destinationId: string) =>
          (
            await db.alertDelivery.findMany({
              where: { destinationId, alertId },
              orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            })
          ).map((d) => d.trigger);

        const { alertId } = await raise("medium", 0, 3); // opened with 3 events
        await raise("medium", 3, 8); // 8 events: seen again
        await raise("medium", 3, 8); // the same events again: nothing new
        await raise("low", 8, 9); // 9 events; a lower severity never lowers the alert's
        expect(await triggers(all.id)).toEqual(["opened"]);

        await raise("medium", 9, 12); // 12 events: reached 10
        await raise("medium", 12, 14); // 14: seen again
        await raise("high", 14, 14); // escalated
        await raise("high", 14, 20); // 20: seen again
        await raise("high", 20, 105); // 105: reached 100
        expect(await triggers(all.id)).toEqual(["opened", "updated", "updated", "updated"]);
        // A destination for high alerts hears of this one first when it escalates.
        expect(await triggers(highOnly.id)).toEqual(["updated", "updated"]);

        // Each delivery is its own job, so they may arrive in any order: put them in the order they were queued.
        const queued = (
          await db.alertDelivery.findMany({
            where: { destinationId: all.id, alertId },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          })
        ).map((d) => d.id);
        const arrived = await until(
          async () => receiver.to("/hooks/updates"),
          (requests) => requests.length === 4,
        );
        const received = [...arrived].sort(
          (a, b) =>
            queued.indexOf(String(a.headers["x-intake-delivery"])) -
            queued.indexOf(String(b.headers["x-intake-delivery"])),
        );
        expect(received.map((r) => r.headers["x-intake-delivery"])).toEqual(queued);
        expect(received.map((r) => r.headers["x-intake-event"])).toEqual([
          "alert.opened",
          "alert.updated",
          "alert.updated",
          "alert.updated",
        ]);
        for (const request of received) expect(verifySignature(secret, request.headers, request.body)).toBe(true);
        const bodies = received.map(
          (r) =>
            JSON.parse(r.body) as {
              type: string;
              alert: { id: string; severity: string; eventCount: number; status: string };
              change?: unknown;
            },
        );
        expect(bodies[0]).not.toHaveProperty("change");
        expect(bodies.slice(1)).toEqual([
          {
            type: "alert.updated",
            sentAt: expect.any(String),
            alert: expect.objectContaining({ id: alertId, status: "open", severity: "medium", eventCount: 12 }),
            change: {
              reasons: ["event_count_milestone"],
              previousSeverity: "medium",
              previousEventCount: 9,
              eventCountMilestone: 10,
            },
          },
          {
            type: "alert.updated",
            sentAt: expect.any(String),
            alert: expect.objectContaining({ id: alertId, severity: "high", eventCount: 14 }),
            change: {
              reasons: ["severity_escalated"],
              previousSeverity: "medium",
              previousEventCount: 14,
              eventCountMilestone: null,
            },
          },
          {
            type: "alert.updated",
            sentAt: expect.any(String),
            alert: expect.objectContaining({ id: alertId, severity: "high", eventCount: 105 }),
            change: {
              reasons: ["event_count_milestone"],
              previousSeverity: "high",
              previousEventCount: 20,
              eventCountMilestone: 100,
            },
          },
        ]);
        const high = await until(
          async () => receiver.to("/hooks/updates-high"),
          (requests) => requests.length === 2,
        );
        expect(
          high.map((r) => (JSON.parse(r.body) as { change: { reasons: string[] } }).change.reasons).sort(),
        ).toEqual([["event_count_milestone"], ["severity_escalated"]]);

        // The alert's timeline says what was sent, and why the alert changed.
        const activities = await db.alertActivity.findMany({
          where: { alertId },
          orderBy: [{ at: "asc" }, { id: "asc" }],
        });
        expect(activities.filter((a) => a.action === "updated").map((a) => a.message)).toContain(
          "Seen again. Severity raised from medium to high.",
        );
        // (Destinations of the tests above want high detections too, so they hear of this one as well.)
        const sentUpdates = () =>
          db.alertActivity.count({
            where: {
              alertId,
              action: "notified",
              message: { in: [`Sent the update to ${all.name}.`, `Sent the update to ${highOnly.name}.`] },
            },
          });
        await until(sentUpdates, (n) => n === 5);
      }),
    60_000,
  );

  it("tells Slack what changed", async () => {
    const url = receiver.script("/services/T000/B000/UPDATES", []);
    const destination = await createDestination(admin, {
      name: unique("Slack updates"),
      type: "slack",
      url,
      alertKinds: ["detection"],
      minSeverity: "critical",
    });
    const dedupKey = `delivery-test:${run}:slack-updates`;
    await raiseAlert({ kind: "detection", severity: "high", dedupKey, title: "Honeypots deleted" });
    const { alertId } = await raiseAlert({
      kind: "detection",
      severity: "critical",
      dedupKey,
      title: "Honeypots deleted",
    });
    const { id } = await onlyDeliveryFor(destination.id, alertId);
    await alertDeliverHandler({ deliveryId: id }, context());
    const [request] = receiver.to("/services/T000/B000/UPDATES");
    const message = JSON.parse(request!.body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(message.text).toBe("[Critical] Honeypots deleted");
    expect(message.blocks[0]!.text!.text).toMatch(/^:arrow_up: Updated · \*Critical\* · Detection\n/);
    expect(message.blocks).toContainEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*What changed:* Severity raised from High to Critical." },
    });
  });
});

describe("recovery", () => {
  it("the every-minute evaluation re-queues a delivery whose job was lost before its first attempt, once", async () => {
    const url = receiver.script("/hooks/lost", []);
    const destination = await createDestination(admin, {
      name: unique("Lost job"),
      type: "webhook",
      url,
      alertKinds: ["detection"],
      minSeverity: "high",
    });
    const { alertId } = await raiseDetection("lost");
    const { id } = await onlyDeliveryFor(destination.id, alertId);
    // As if the process died between committing the alert and queueing its job.
    await pool().query("DELETE FROM pgboss.job WHERE name = 'alerts.deliver' AND id = $1::uuid", [id]);
    const run = () => alertsEvaluateHandler({}, context());

    await run();
    expect(await jobOf(id)).toBeUndefined();
    await db.alertDelivery.update({ where: { id }, data: { createdAt: new Date(Date.now() - 3 * 60_000) } });
    await run();
    await run();
    expect(await jobOf(id)).toMatchObject({ state: "created" });
    const { rows } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'alerts.deliver' AND id = $1::uuid",
      [id],
    );
    expect(rows[0]!.n).toBe(1);
    await alertDeliverHandler({ deliveryId: id }, context());
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "delivered",
      attempts: 1,
    });
  });
});

describe("Slack", () => {
  it("posts Slack's { text, blocks } message, unsigned", async () => {
    const url = receiver.script("/services/T000/B000/XXXX", []);
    const destination = await createDestination(admin, {
      name: unique("Slack"),
      type: "slack",
      url,
      alertKinds: ["detection"],
      minSeverity: "critical",
    });
    const { alertId } = await raiseAlert({
      kind: "detection",
      severity: "critical",
      dedupKey: `delivery-test:${run}:slack`,
      title: "Honeypot <deleted> & gone",
      description: "An admin deleted 3 honeypots",
    });
    const { id } = await onlyDeliveryFor(destination.id, alertId);
    await alertDeliverHandler({ deliveryId: id }, context());
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "delivered",
      attempts: 1,
    });

    const [request] = receiver.to("/services/T000/B000/XXXX");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers).not.toHaveProperty("x-intake-signature");
    const message = JSON.parse(request!.body) as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string }; elements?: { text: string }[] }[];
    };
    expect(Object.keys(message).sort()).toEqual(["blocks", "text"]);
    expect(message.text).toBe("[Critical] Honeypot &lt;deleted&gt; &amp; gone");
    expect(message.blocks[0]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `:red_circle: New alert · *Critical* · Detection\n*<http://localhost:3000/alerts/${alertId}|Honeypot &lt;deleted&gt; &amp; gone>*`,
      },
    });
    expect(message.blocks[1]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "An admin deleted 3 honeypots" },
    });
    expect(message.blocks.at(-1)).toMatchObject({
      type: "context",
      elements: [
        { type: "mrkdwn", text: expect.stringMatching(/^First seen \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · Last seen/) },
      ],
    });
  });
});

describe("send test", () => {
  it(
    "sends a test payload through the same queue and shows the outcome in the delivery log",
    () =>
      withWorker(async () => {
        const secret = "test-send-secret-0123456789";
        const url = receiver.script("/hooks/test-send", []);
        const destination = await createDestination(admin, {
          name: unique("Testable"),
          type: "webhook",
          url,
          secret,
          enabled: false,
        });
        const { deliveryId } = await sendTestDelivery(admin, { destinationId: destination.id });

        const log = await until(
          () => listDeliveries(destination.id),
          (rows) => rows[0]?.status === "delivered",
        );
        expect(log).toEqual([
          expect.objectContaining({
            id: deliveryId,
            trigger: "test",
            status: "delivered",
            attempts: 1,
            responseStatus: 200,
            lastError: null,
            alert: null,
          }),
        ]);
        const [request] = receiver.to("/hooks/test-send");
        expect(request!.headers["x-intake-event"]).toBe("test");
        expect(verifySignature(secret, request!.headers, request!.body)).toBe(true);
        expect(JSON.parse(request!.body)).toMatchObject({
          type: "test",
          alert: { id: "00000000-0000-0000-0000-000000000000", title: "Test notification from Intake" },
        });
        expect(
          await db.auditLogEntry.count({
            where: { action: "destination.test_sent", targetId: destination.id, actorId: admin.id },
          }),
        ).toBe(1);
      }),
    // The worker first works through the jobs earlier tests left queued (each slot polls once a second).
    60_000,
  );
});

describe("destinations", () => {
  it("keeps the URL and secret write-only: sealed in the database, only scheme and host shown, never in the audit trail", async () => {
    const url = "https://hooks.slack.com/services/T0SECRET/B0SECRET/verysecrettoken";
    // Disabled, like every destination here that is not on loopback: nothing is ever sent off this machine.
    const created = await createDestination(admin, { name: unique("Sealed"), type: "slack", url, enabled: false });
    expect(created).toMatchObject({
      type: "slack",
      urlHint: "https://hooks.slack.com",
      hasSecret: false,
      alertKinds: [],
      minSeverity: "low",
      enabled: false,
    });
    const webhook = await createDestination(admin, {
      name: unique("Sealed hook"),
      type: "webhook",
      url: "https://siem.example.com/in?token=querysecret",
      secret: "my-signing-secret-123",
      enabled: false,
    });
    expect(webhook).toMatchObject({ urlHint: "https://siem.example.com", hasSecret: true });

    const listed = JSON.stringify(await listDestinations());
    for (const secret of ["verysecrettoken", "T0SECRET", "querysecret", "my-signing-secret-123"])
      expect(listed).not.toContain(secret);
    const row = await db.alertDestination.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.urlEncrypted).toMatch(/^v1:/);
    expect(row.urlEncrypted).not.toContain("querysecret");
    expect(row.secretEncrypted).not.toContain("my-signing-secret-123");
    // Sealed to its own row and column: the URL does not open as another destination's.
    expect(row.urlEncrypted).not.toBe(row.secretEncrypted);

    await updateDestination(admin, {
      destinationId: webhook.id,
      name: webhook.name,
      url: "https://siem.example.com/in?token=rotated",
      secret: "",
      enabled: false,
    });
    await updateDestination(admin, {
      destinationId: webhook.id,
      name: `${webhook.name} renamed`,
      clearSecret: true,
      enabled: false,
    });
    const after = await db.alertDestination.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(after).toMatchObject({
      name: `${webhook.name} renamed`,
      secretEncrypted: null,
      urlHint: "https://siem.example.com",
    });
    await deleteDestination(admin, { destinationId: webhook.id });

    const audit = await db.auditLogEntry.findMany({
      where: { targetId: { in: [created.id, webhook.id] } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "destination.created",
      "destination.created",
      "destination.updated",
      "destination.updated",
      "destination.deleted",
    ]);
    const trail = JSON.stringify(audit.map(({ id: _id, ...entry }) => entry));
    for (const secret of ["verysecrettoken", "querysecret", "rotated", "my-signing-secret-123"])
      expect(trail).not.toContain(secret);
    expect(audit[2]!.diff).toEqual({ before: { url: "[changed]" }, after: { url: "[changed]" } });
    expect(audit[3]!.diff).toEqual({
      before: { name: webhook.name, signingSecret: "[changed]" },
      after: { name: `${webhook.name} renamed`, signingSecret: "[changed]" },
    });
  });

  it("accepts https to public hosts, and plain http only for hosts the operator allows", async () => {
    const attempt = (url: string) =>
      createDestination(admin, { name: unique("Policy"), type: "webhook", url, enabled: false });
    await expect(attempt("http://siem.example.com/hook")).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { url: expect.stringContaining("Use https://") },
    });
    await expect(attempt("http://10.0.0.5/hook")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(attempt("http://localhost:8080/hook")).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { url: expect.stringContaining("INTAKE_DESTINATION_ALLOWED_HOSTS") },
    });
    await expect(attempt("ftp://example.com/x")).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { url: "Use an https:// URL." },
    });
    await expect(attempt("https://user:pw@example.com/x")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(attempt("not a url")).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(attempt("https://example.com/hook")).resolves.toMatchObject({ urlHint: "https://example.com" });
    await expect(attempt("http://127.0.0.1:8080/hook")).resolves.toMatchObject({ urlHint: "http://127.0.0.1:8080" });
    await expect(
      createDestination(admin, {
        name: unique("Slack signed"),
        type: "slack",
        url: "https://hooks.slack.com/services/x",
        secret: "a-secret-for-slack-0000",
        enabled: false,
      }),
    ).rejects.toMatchObject({
      fieldErrors: { secret: expect.stringContaining("Slack webhooks are not signed") },
    });
    const name = unique("Taken");
    await createDestination(admin, { name, type: "webhook", url: "https://example.com/a", enabled: false });
    await expect(
      createDestination(admin, {
        name: name.toUpperCase(),
        type: "webhook",
        url: "https://example.com/b",
        enabled: false,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("roles", () => {
  async function signInAs(userId: string | null) {
    requestCookies.value = userId
      ? [
          {
            name: "next-auth.session-token",
            value: await encode({ token: { sub: userId }, secret: secrets().authSecret }),
          },
        ]
      : [];
  }

  it("refuses analysts and anonymous callers on every destination and alert action, and changes nothing", async () => {
    const destination = await createDestination(admin, {
      name: unique("Guarded"),
      type: "webhook",
      url: receiver.script("/hooks/guarded", []),
      alertKinds: ["credentials"],
    });
    const { alertId } = await raiseDetection("guarded");
    const before = await db.alertDestination.findUniqueOrThrow({ where: { id: destination.id } });

    const calls: [string, () => Promise<ActionResult<unknown>>][] = [
      [
        "create",
        async () =>
          (await import("@/lib/destinations/actions/create-destination")).createDestinationAction({
            name: "Nope",
            type: "webhook",
            url: "https://example.com/x",
          }),
      ],
      [
        "update",
        async () =>
          (await import("@/lib/destinations/actions/update-destination")).updateDestinationAction({
            destinationId: destination.id,
            name: "Nope",
          }),
      ],
      [
        "delete",
        async () =>
          (await import("@/lib/destinations/actions/delete-destination")).deleteDestinationAction({
            destinationId: destination.id,
          }),
      ],
      [
        "send test",
        async () =>
          (await import("@/lib/destinations/actions/send-test")).sendTestDeliveryAction({
            destinationId: destination.id,
          }),
      ],
      ["resolve", async () => (await import("@/lib/alerts/actions/resolve-alert")).resolveAlertAction({ alertId })],
      ["reopen", async () => (await import("@/lib/alerts/actions/reopen-alert")).reopenAlertAction({ alertId })],
    ];
    for (const [name, call] of calls) {
      await signInAs(analyst.id);
      expect(await call(), `${name} as analyst`).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      await signInAs(null);
      expect(await call(), `${name} anonymous`).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    }
    expect(await db.alertDestination.findUniqueOrThrow({ where: { id: destination.id } })).toEqual(before);
    expect(await db.alertDelivery.count({ where: { destinationId: destination.id, trigger: "test" } })).toBe(0);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alertId } })).toMatchObject({ status: "open" });

    // The same actions work for an admin, so the refusals above are real.
    await signInAs(admin.id);
    expect(await calls[4]![1]()).toMatchObject({ ok: true, data: { id: alertId, status: "resolved" } });
    expect(await calls[5]![1]()).toMatchObject({ ok: true, data: { id: alertId, status: "open" } });
    expect(await calls[3]![1]()).toMatchObject({ ok: true, data: { deliveryId: expect.any(String) } });
    expect(await calls[2]![1]()).toMatchObject({ ok: true, data: { id: destination.id } });
  });
});
