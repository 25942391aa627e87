import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAlertsRoute } from "@/app/api/v1/alerts/route";
import { createApiToken } from "@/lib/api-tokens/service";
import { raiseAlert, getAlert, listAlerts, reopenAlert, resolveAlert, resolveAlertByKey } from "@/lib/alerts/service";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { createDestination } from "@/lib/destinations/service";
import { ConflictError } from "@/lib/errors";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";
import { insertSource, seedEvents, type SeedSource } from "../helpers/seed-events";

/**
 * The alert core on a real PostgreSQL: one open alert per dedup key however many
 * raises race for it, resolve and reopen by admins with who and when recorded, listing
 * with filters and keyset pages, and notifications queued only when an alert opens,
 * resolves or reopens.
 */
let admin: Actor;
let analyst: Actor;
let source: SeedSource;
const run = Math.random().toString(36).slice(2, 8);
const key = (name: string) => `test:${run}:${name}`;

beforeAll(async () => {
  allowDestinationHosts(["127.0.0.1"]);
  await useTestDatabase();
  admin = await createActor("ADMIN");
  analyst = await createActor("ANALYST");
  source = await insertSource(pool(), { name: `Alerts source ${run}` });
});
afterAll(async () => {
  await stopQueueSender();
});

async function eventIds(count: number, action = "LOG_UPDATED"): Promise<bigint[]> {
  const seeded = await seedEvents(
    pool(),
    source,
    Array.from({ length: count }, (_, i) => ({
      time: new Date(Date.now() - (i + 1) * 60_000),
      action,
      description: `alert test event ${i}`,
    })),
  );
  const rows = await db.event.findMany({
    where: { sourceId: source.id, auditId: { in: seeded.map((s) => s.auditId) } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

async function queuedDeliveryJobs(deliveryIds: string[]): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    "SELECT id::text FROM pgboss.job WHERE name = 'alerts.deliver' AND id = ANY($1::uuid[])",
    [deliveryIds],
  );
  return rows.map((row) => row.id).sort();
}

describe("raising alerts", () => {
  it("opens an alert once per dedup key; raising it again updates the same alert", async () => {
    const [e1, e2, e3] = await eventIds(3);
    const first = await raiseAlert({
      kind: "detection",
      severity: "high",
      dedupKey: key("dedup"),
      title: "Admin deleted a honeypot",
      description: "first match",
      sourceId: source.id,
      ruleId: "rapid7.honeypot-deleted",
      eventIds: [e1!, e2!],
      context: { rule: "honeypot" },
      at: new Date("2026-01-01T10:00:00Z"),
    });
    expect(first.created).toBe(true);
    const again = await raiseAlert({
      kind: "detection",
      severity: "high",
      dedupKey: key("dedup"),
      title: "Admin deleted a honeypot",
      sourceId: source.id,
      // e2 is already linked: only e3 is new.
      eventIds: [e2!, e3!],
      at: new Date("2026-01-01T10:05:00Z"),
    });
    expect(again).toEqual({ alertId: first.alertId, created: false });

    const alerts = await db.alert.findMany({ where: { dedupKey: key("dedup") } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: "open",
      openKey: key("dedup"),
      eventCount: 3,
      sourceId: source.id,
      sourceName: source.name,
      ruleId: "rapid7.honeypot-deleted",
      firstSeenAt: new Date("2026-01-01T10:00:00Z"),
      lastSeenAt: new Date("2026-01-01T10:05:00Z"),
      context: { rule: "honeypot" },
    });
    expect(await db.alertEvent.count({ where: { alertId: first.alertId } })).toBe(3);
    const activities = await db.alertActivity.findMany({ where: { alertId: first.alertId }, orderBy: { id: "asc" } });
    expect(activities.map((a) => [a.action, a.actorLabel, a.message])).toEqual([
      ["opened", "Intake", "first match"],
      ["updated", "Intake", "Seen again: 1 more matching event."],
    ]);
  });

  it("two raises racing for one key from separate connections make one alert", async () => {
    const dedupKey = key("race");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        raiseAlert({ kind: "pull_failing", severity: "high", dedupKey, title: `Racing raise ${i}` }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.alertId)).size).toBe(1);
    expect(await db.alert.count({ where: { dedupKey } })).toBe(1);
    const activities = await db.alertActivity.groupBy({
      by: ["action"],
      where: { alertId: results[0]!.alertId },
      _count: { _all: true },
    });
    expect(Object.fromEntries(activities.map((a) => [a.action, a._count._all]))).toEqual({ opened: 1, updated: 5 });
  });

  it("after the alert for a key resolves, the next raise opens a new alert", async () => {
    const dedupKey = key("reraise");
    const first = await raiseAlert({
      kind: "credentials",
      severity: "critical",
      dedupKey,
      title: "Key rejected",
      sourceId: source.id,
    });
    expect(await resolveAlertByKey(dedupKey, "The key works again.", new Date("2026-02-01T00:00:00Z"))).toBe(true);
    expect(await resolveAlertByKey(dedupKey, "Nothing open.")).toBe(false);
    const resolved = await db.alert.findUniqueOrThrow({ where: { id: first.alertId } });
    expect(resolved).toMatchObject({
      status: "resolved",
      openKey: null,
      resolvedById: null,
      resolution: "The key works again.",
      resolvedAt: new Date("2026-02-01T00:00:00Z"),
    });

    const second = await raiseAlert({
      kind: "credentials",
      severity: "critical",
      dedupKey,
      title: "Key rejected",
      sourceId: source.id,
    });
    expect(second.created).toBe(true);
    expect(second.alertId).not.toBe(first.alertId);
  });

  it("rejects malformed input", async () => {
    await expect(
      raiseAlert({ kind: "nope" as never, severity: "high", dedupKey: key("bad"), title: "x" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      raiseAlert({ kind: "detection", severity: "urgent" as never, dedupKey: key("bad"), title: "x" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(raiseAlert({ kind: "detection", severity: "high", dedupKey: " ", title: "x" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});

describe("resolving and reopening", () => {
  it("an admin resolves with a note; who and when are recorded on the alert, its timeline and the audit trail", async () => {
    const { alertId } = await raiseAlert({
      kind: "no_events",
      severity: "critical",
      dedupKey: key("manual"),
      title: "No events from X",
      sourceId: source.id,
    });
    const before = Date.now();
    const resolved = await resolveAlert(admin, alertId, "  Vendor maintenance window  ");
    expect(resolved).toMatchObject({ id: alertId, status: "resolved" });

    const row = await db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(row).toMatchObject({
      status: "resolved",
      openKey: null,
      resolvedById: admin.id,
      resolution: "Vendor maintenance window",
    });
    expect(row.resolvedAt!.getTime()).toBeGreaterThanOrEqual(before);
    const detail = await getAlert(alertId);
    expect(detail.resolvedBy).toEqual({ id: admin.id, name: admin.name, email: admin.email });
    expect(detail.activities.at(-1)).toMatchObject({
      action: "resolved",
      actorId: admin.id,
      actorLabel: admin.name,
      message: "Vendor maintenance window",
    });
    const audit = await db.auditLogEntry.findFirstOrThrow({ where: { action: "alert.resolved", targetId: alertId } });
    expect(audit).toMatchObject({
      actorId: admin.id,
      actorLabel: admin.email,
      targetType: "alert",
      targetLabel: "No events from X",
    });

    await expect(resolveAlert(admin, alertId)).rejects.toBeInstanceOf(ConflictError);
  });

  it("an admin reopens a resolved alert; refused while a newer alert for the same key is open", async () => {
    const dedupKey = key("reopen");
    const { alertId } = await raiseAlert({ kind: "pull_failing", severity: "high", dedupKey, title: "Pulls failing" });
    await resolveAlert(admin, alertId);
    const reopened = await reopenAlert(admin, alertId);
    expect(reopened.status).toBe("open");
    expect(await db.alert.findUniqueOrThrow({ where: { id: alertId } })).toMatchObject({
      status: "open",
      openKey: dedupKey,
      resolvedAt: null,
      resolvedById: null,
      resolution: null,
    });
    const detail = await getAlert(alertId);
    expect(detail.activities.map((a) => [a.action, a.actorLabel])).toEqual([
      ["opened", "Intake"],
      ["resolved", admin.name],
      ["reopened", admin.name],
    ]);
    expect(
      await db.auditLogEntry.count({ where: { action: "alert.reopened", targetId: alertId, actorId: admin.id } }),
    ).toBe(1);
    await expect(reopenAlert(admin, alertId)).rejects.toBeInstanceOf(ConflictError);

    // Raises while it is open update it, not a new alert.
    expect(await raiseAlert({ kind: "pull_failing", severity: "high", dedupKey, title: "Pulls failing" })).toEqual({
      alertId,
      created: false,
    });

    await resolveAlertByKey(dedupKey, "A pull succeeded.");
    const newer = await raiseAlert({ kind: "pull_failing", severity: "high", dedupKey, title: "Pulls failing" });
    expect(newer.created).toBe(true);
    await expect(reopenAlert(admin, alertId)).rejects.toMatchObject({
      code: "CONFLICT",
      publicMessage: expect.stringContaining("newer alert"),
    });
  });

  // Only admins may resolve or reopen: the server actions refuse analysts (server-action-roles.test.ts).
  it("reads one alert by id; an unknown or malformed id is not found", async () => {
    const { alertId } = await raiseAlert({
      kind: "detection",
      severity: "low",
      dedupKey: key("analyst"),
      title: "Analyst cannot touch",
    });
    await resolveAlert(admin, alertId);
    expect((await getAlert(alertId)).status).toBe("resolved");
    await expect(getAlert(crypto.randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getAlert("not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("listing alerts", () => {
  it("filters by status, kind, severity and source, most recently seen first, in keyset pages", async () => {
    const other = await insertSource(pool(), { name: `Other source ${run}` });
    const base = Date.parse("2030-05-01T00:00:00Z");
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { alertId } = await raiseAlert({
        kind: i % 2 === 0 ? "no_events" : "detection",
        severity: i < 2 ? "critical" : "medium",
        dedupKey: key(`list-${i}`),
        title: `List ${i}`,
        sourceId: i === 4 ? other.id : source.id,
        at: new Date(base + i * 60_000),
      });
      made.push(alertId);
    }
    await resolveAlertByKey(key("list-1"), "done");

    const mine = (page: { alerts: { id: string }[] }) => page.alerts.map((a) => a.id).filter((id) => made.includes(id));
    expect(mine(await listAlerts({}))).toEqual([made[4], made[3], made[2], made[1], made[0]]);
    expect(mine(await listAlerts({ status: "open" }))).toEqual([made[4], made[3], made[2], made[0]]);
    expect(mine(await listAlerts({ status: "resolved" }))).toEqual([made[1]]);
    expect(mine(await listAlerts({ kind: "detection" }))).toEqual([made[3], made[1]]);
    expect(mine(await listAlerts({ severity: "critical" }))).toEqual([made[1], made[0]]);
    expect(mine(await listAlerts({ sourceId: other.id }))).toEqual([made[4]]);
    expect(
      mine(await listAlerts({ status: "open", kind: "no_events", severity: "medium", sourceId: source.id })),
    ).toEqual([made[2]]);

    const summary = (await listAlerts({ sourceId: other.id })).alerts[0]!;
    expect(summary).toMatchObject({
      title: "List 4",
      kind: "no_events",
      severity: "medium",
      status: "open",
      sourceName: other.name,
      sourceDeleted: false,
      eventCount: 0,
    });

    // Page through everything two at a time: every alert exactly once, in order.
    const all = (await listAlerts({}, { pageSize: 500 })).alerts.map((a) => a.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAlerts>> = await listAlerts({ cursor }, { pageSize: 2 });
      paged.push(...page.alerts.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);

    await expect(listAlerts({ cursor: "broken!" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(listAlerts({ kind: "bogus" as never })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("keeps the source's name on its alerts after the source is deleted", async () => {
    const doomed = await insertSource(pool(), { name: `Doomed ${run}` });
    const { alertId } = await raiseAlert({
      kind: "no_events",
      severity: "critical",
      dedupKey: key("doomed"),
      title: "Doomed",
      sourceId: doomed.id,
    });
    await db.logSource.delete({ where: { id: doomed.id } });
    const detail = await getAlert(alertId);
    expect(detail).toMatchObject({ sourceId: null, sourceName: doomed.name, sourceDeleted: true });
  });

  it("shows an alert's matching events, newest first, with the time range they span", async () => {
    const ids = await eventIds(3, "DELETE_HONEYPOT");
    const { alertId } = await raiseAlert({
      kind: "detection",
      severity: "high",
      dedupKey: key("events"),
      title: "Honeypots deleted",
      sourceId: source.id,
      eventIds: ids,
    });
    const detail = await getAlert(alertId);
    expect(detail.eventCount).toBe(3);
    expect(detail.events).toHaveLength(3);
    expect(detail.events.map((e) => e.action)).toEqual(["DELETE_HONEYPOT", "DELETE_HONEYPOT", "DELETE_HONEYPOT"]);
    const times = detail.events.map((e) => e.eventTime.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(detail.eventTimeRange).toEqual({ from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) });
    expect(detail.events[0]).toMatchObject({
      sourceId: source.id,
      description: expect.stringMatching(/^alert test event/),
    });
  });
});

describe("notifications", () => {
  it("queues one delivery per interested destination when an alert opens, resolves or reopens, and none for a plain update", async () => {
    const critical = await createDestination(admin, {
      name: `Critical only ${run}`,
      type: "webhook",
      url: "http://127.0.0.1:9/critical",
      minSeverity: "critical",
    });
    const detections = await createDestination(admin, {
      name: `Detections ${run}`,
      type: "webhook",
      url: "http://127.0.0.1:9/detections",
      alertKinds: ["detection"],
      minSeverity: "info",
    });
    const off = await createDestination(admin, {
      name: `Off ${run}`,
      type: "slack",
      url: "https://hooks.slack.example/services/T/B/x",
      enabled: false,
    });
    const ours = [critical.id, detections.id, off.id];
    const deliveriesOf = async (alertId: string) =>
      db.alertDelivery.findMany({
        where: { alertId, destinationId: { in: ours } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });

    const high = await raiseAlert({
      kind: "detection",
      severity: "high",
      dedupKey: key("notify-high"),
      title: "High detection",
    });
    expect((await deliveriesOf(high.alertId)).map((d) => [d.destinationId, d.trigger])).toEqual([
      [detections.id, "opened"],
    ]);

    const crit = await raiseAlert({
      kind: "no_events",
      severity: "critical",
      dedupKey: key("notify-crit"),
      title: "Critical silence",
    });
    await raiseAlert({
      kind: "no_events",
      severity: "critical",
      dedupKey: key("notify-crit"),
      title: "Critical silence",
    });
    let deliveries = await deliveriesOf(crit.alertId);
    expect(deliveries.map((d) => [d.destinationId, d.trigger, d.status, d.attempts])).toEqual([
      [critical.id, "opened", "pending", 0],
    ]);
    expect(deliveries[0]!.payload).toMatchObject({
      type: "alert.opened",
      alert: {
        id: crit.alertId,
        kind: "no_events",
        severity: "critical",
        status: "open",
        title: "Critical silence",
        eventCount: 0,
        url: expect.stringMatching(new RegExp(`/alerts/${crit.alertId}$`)),
      },
    });
    // The job id is the delivery id: one job per delivery.
    expect(await queuedDeliveryJobs(deliveries.map((d) => d.id))).toEqual(deliveries.map((d) => d.id).sort());

    await resolveAlertByKey(key("notify-crit"), "Events are flowing again.");
    await reopenAlert(admin, crit.alertId);
    deliveries = await deliveriesOf(crit.alertId);
    expect(deliveries.map((d) => d.trigger)).toEqual(["opened", "resolved", "reopened"]);
    expect(deliveries.map((d) => (d.payload as { type: string }).type)).toEqual([
      "alert.opened",
      "alert.resolved",
      "alert.reopened",
    ]);
    expect(deliveries[1]!.payload).toMatchObject({
      alert: { status: "resolved", resolution: "Events are flowing again." },
    });
    expect(await queuedDeliveryJobs(deliveries.map((d) => d.id))).toHaveLength(3);
  });
});

type AlertsAnswer = {
  data: { alerts: ({ id: string } & Record<string, unknown>)[]; nextCursor: string | null };
  error?: Record<string, unknown>;
};

describe("GET /api/v1/alerts", () => {
  async function get(query: string, token?: string) {
    const response = await getAlertsRoute(
      new Request(`http://intake.test/api/v1/alerts${query}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
      {
        params: Promise.resolve({}),
      },
    );
    return { status: response.status, body: (await response.json()) as AlertsAnswer };
  }

  it("lists alerts for an API token with the same filters as the console, in pages", async () => {
    const { token } = await createApiToken(analyst, { name: `alerts api ${run}`, expiresIn: "never" });
    const apiSource = await insertSource(pool(), { name: `API source ${run}` });
    const open = await raiseAlert({
      kind: "pull_failing",
      severity: "high",
      dedupKey: key("api-open"),
      title: "API open",
      sourceId: apiSource.id,
      at: new Date("2031-01-01T00:00:00Z"),
    });
    const closed = await raiseAlert({
      kind: "no_events",
      severity: "critical",
      dedupKey: key("api-closed"),
      title: "API closed",
      sourceId: apiSource.id,
      at: new Date("2031-01-01T00:01:00Z"),
    });
    await resolveAlertByKey(key("api-closed"), "Back.", new Date("2031-01-01T00:02:00Z"));

    const all = await get(`?sourceId=${apiSource.id}`, token);
    expect(all.status).toBe(200);
    expect(all.body.data.alerts.map((a) => a.id)).toEqual([closed.alertId, open.alertId]);
    expect(all.body.data.alerts[1]).toEqual({
      id: open.alertId,
      kind: "pull_failing",
      severity: "high",
      status: "open",
      title: "API open",
      source: { id: apiSource.id, name: apiSource.name },
      ruleId: null,
      firstSeenAt: "2031-01-01T00:00:00.000Z",
      lastSeenAt: "2031-01-01T00:00:00.000Z",
      eventCount: 0,
      resolvedAt: null,
      url: `http://localhost:3000/alerts/${open.alertId}`,
    });
    expect((await get(`?sourceId=${apiSource.id}&status=open`, token)).body.data.alerts.map((a) => a.id)).toEqual([
      open.alertId,
    ]);
    expect(
      (
        await get(`?sourceId=${apiSource.id}&status=resolved&kind=no_events&severity=critical`, token)
      ).body.data.alerts.map((a) => a.id),
    ).toEqual([closed.alertId]);

    const first = await get(`?sourceId=${apiSource.id}&limit=1`, token);
    expect(first.body.data.alerts).toHaveLength(1);
    const second = await get(`?sourceId=${apiSource.id}&limit=1&cursor=${first.body.data.nextCursor}`, token);
    expect(second.body.data).toMatchObject({ alerts: [{ id: open.alertId }], nextCursor: null });

    expect(await get(`?severity=urgent`, token)).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION", fieldErrors: { severity: expect.any(String) } } },
    });
    expect(await get(`?limit=0`, token)).toMatchObject({ status: 400 });
    expect(await get("")).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
  });
});
