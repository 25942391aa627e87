import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseAlert } from "@/lib/alerts/service";
import { db, pool } from "@/lib/db";
import { createDestination } from "@/lib/destinations/service";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";

/**
 * Errors stored before deliveries stopped quoting the receiver's answer still carried
 * it. The migration that ships with the change rewrites them to the status and Intake's
 * own reason, in the delivery log and in alert timelines, and leaves every other text alone.
 */
const MIGRATION = "prisma/migrations/20261206030100_delivery_errors_without_bodies/migration.sql";

beforeAll(async () => {
  allowDestinationHosts(["127.0.0.1"]);
  await useTestDatabase();
});
afterAll(async () => {
  await stopQueueSender();
});

describe("stored delivery errors", () => {
  it("lose the receiver's answer and keep the status and reason", async () => {
    const admin = await createActor("ADMIN");
    const hook = await createDestination(admin, {
      name: "Scrubbed hook",
      type: "webhook",
      url: "http://127.0.0.1:9/scrub",
      alertKinds: ["detection"],
    });
    const before: [string, string][] = [];
    for (const [index, [stored, expected]] of (
      [
        ["The destination answered HTTP 500: database is down at 10.0.0.7:5432.", "The destination answered HTTP 500."],
        [
          "The destination answered HTTP 404: <html>admin console</html>. Not retried: check the URL and the receiver.",
          "The destination answered HTTP 404. Not retried: check the URL and the receiver.",
        ],
        [
          "The destination answered HTTP 503: SSH-2.0-OpenSSH_9.2. Gave up after 5 attempts.",
          "The destination answered HTTP 503. Gave up after 5 attempts.",
        ],
        [
          "Could not reach the destination: connection refused (ECONNREFUSED).",
          "Could not reach the destination: connection refused (ECONNREFUSED).",
        ],
      ] as const
    ).entries()) {
      const { alertId } = await raiseAlert({
        kind: "detection",
        severity: "high",
        dedupKey: `scrub:${index}`,
        title: `Scrub ${index}`,
      });
      await db.alertDelivery.updateMany({
        where: { alertId, destinationId: hook.id },
        data: { status: "failed", lastError: stored },
      });
      await db.alertActivity.create({
        data: {
          alertId,
          at: new Date(),
          action: "notified",
          actorLabel: "Intake",
          message: `Could not send the alert to Scrubbed hook: ${stored}`,
        },
      });
      before.push([alertId, expected]);
    }

    await pool().query(readFileSync(MIGRATION, "utf8"));

    for (const [alertId, expected] of before) {
      expect(await db.alertDelivery.findFirstOrThrow({ where: { alertId, destinationId: hook.id } })).toMatchObject({
        lastError: expected,
      });
      const notified = await db.alertActivity.findFirstOrThrow({ where: { alertId, action: "notified" } });
      expect(notified.message).toMatch(/^Could not send the alert to Scrubbed hook: /);
      for (const leak of ["database is down", "admin console", "OpenSSH"]) expect(notified.message).not.toContain(leak);
    }
  });
});
