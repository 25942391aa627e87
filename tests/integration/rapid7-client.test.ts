import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRapid7Client, parseRegion, Rapid7Error } from "@/lib/integrations/rapid7";
import {
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_US3_ADMIN_KEY,
  type Rapid7Simulator,
  startRapid7Simulator,
} from "@/simulator/rapid7";
import { freePort } from "../helpers/free-port";

let simulator: Rapid7Simulator;
beforeAll(async () => {
  simulator = await startRapid7Simulator({ seed: { seedDays: 1, volume: 1 } });
});
afterAll(() => simulator.close());

const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 };
const client = (
  apiKey = DEMO_US3_ADMIN_KEY,
  region: "us3" | "eu" = "us3",
  extra: Partial<Parameters<typeof createRapid7Client>[0]> = {},
) => createRapid7Client({ region, apiKey, baseUrlTemplate: simulator.baseUrlTemplate, retry: fastRetry, ...extra });

async function failure(promise: Promise<unknown>): Promise<Rapid7Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Rapid7Error);
  return error as Rapid7Error;
}

/** A scripted HTTP peer for the answers the simulator would never give. */
async function scriptedServer(handler: http.RequestListener): Promise<{ template: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/{region}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("regions", () => {
  it("understands codes and the names Rapid7's console shows", () => {
    expect(parseRegion("us3")).toBe("us3");
    expect(parseRegion(" US3 ")).toBe("us3");
    expect(parseRegion("United States - 3")).toBe("us3");
    expect(parseRegion("united states 1")).toBe("us");
    expect(parseRegion("Japan")).toBe("ap");
    expect(parseRegion("Europe")).toBe("eu");
    expect(parseRegion("us4")).toBeUndefined();
    expect(parseRegion("")).toBeUndefined();
  });
});

describe("Rapid7 client", () => {
  it("validates a key and finds the audit logs, leaving other logs out", async () => {
    await client().validate();
    const logs = await client().discoverAuditLogs();
    expect(logs.map((l) => l.name)).toEqual(["InsightIDR Audit", "InsightVM Audit", "Platform Audit"]);
    expect(logs.every((l) => l.logsetName === "Audit Logs")).toBe(true);
    expect(await client(DEMO_EU_NO_AUDIT_KEY, "eu").discoverAuditLogs()).toEqual([]);
  });

  it("classifies a bad key and a key used in the wrong region as credential problems, without retrying", async () => {
    const before = simulator.control.stats().totalRequests;
    expect((await failure(client("not-a-real-key-at-all").validate())).kind).toBe("credentials");
    expect((await failure(client(DEMO_US3_ADMIN_KEY, "eu").validate())).kind).toBe("credentials");
    expect(simulator.control.stats().totalRequests - before).toBe(2);
  });

  it("retries timeouts and gives up with a transient error", async () => {
    simulator.control.setKnobs({ latencyMs: 400 });
    try {
      const error = await failure(client(DEMO_US3_ADMIN_KEY, "us3", { timeoutMs: 100 }).validate());
      expect(error).toMatchObject({ kind: "transient", message: "Rapid7 did not answer in time." });
    } finally {
      simulator.control.resetKnobs();
    }
  });

  it("reports a host that refuses connections as unreachable", async () => {
    const port = await freePort();
    const error = await failure(
      createRapid7Client({
        region: "us3",
        apiKey: "x".repeat(20),
        baseUrlTemplate: `http://127.0.0.1:${port}/{region}`,
        retry: fastRetry,
      }).validate(),
    );
    expect(error.kind).toBe("unreachable");
  });

  it("never sends the key to a link on another host", async () => {
    const seen: string[] = [];
    const server = await scriptedServer((request, response) => {
      seen.push(`${request.url} ${request.headers["x-api-key"] ?? ""}`);
      response.writeHead(202, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ progress: 0, links: [{ rel: "Self", href: "http://evil.example.com/steal" }] }));
    });
    try {
      const pages = createRapid7Client({
        region: "us3",
        apiKey: "secret-key-123456",
        baseUrlTemplate: server.template,
        retry: fastRetry,
      }).queryPages({ logIds: ["a"], fromMs: 0, toMs: 1, perPage: 10 });
      const error = await failure(pages.next());
      expect(error.kind).toBe("invalid_response");
      expect(error.message).toContain("evil.example.com");
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("rejects an answer that does not match the documented shape, but only sets aside an entry it cannot read", async () => {
    let body: unknown = { events: "not a list" };
    const server = await scriptedServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    });
    try {
      const client = createRapid7Client({
        region: "us3",
        apiKey: "secret-key-123456",
        baseUrlTemplate: server.template,
        retry: fastRetry,
      });
      const query = () => client.queryPages({ logIds: ["a"], fromMs: 0, toMs: 1, perPage: 10 });
      expect(await failure(query().next())).toMatchObject({
        kind: "invalid_response",
        message: expect.stringContaining("events"),
      });

      const good = { timestamp: 1, sequence_number_str: "7", log_id: "a", message: "{}" };
      body = { events: [good, { timestamp: "yesterday", sequence_number_str: "8", log_id: "a", message: "{}" }] };
      const page = (await query().next()).value!;
      expect(page.events).toEqual([good]);
      expect(page.unreadable).toEqual([
        expect.objectContaining({
          logId: "a",
          sequence: "8",
          timestamp: null,
          problem: expect.stringContaining("timestamp"),
        }),
      ]);
    } finally {
      await server.close();
    }
  });

  it("waits X-RateLimit-Reset seconds when a 429 has no Retry-After, and reports what it saw", async () => {
    let calls = 0;
    const snapshots: number[] = [];
    const server = await scriptedServer((_request, response) => {
      calls += 1;
      if (calls === 1) {
        response.writeHead(429, {
          "Content-Type": "application/json",
          "X-RateLimit-Limit": "1500",
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": "1",
        });
        response.end(JSON.stringify({ message: "Too Many Requests" }));
        return;
      }
      response.writeHead(200, {
        "Content-Type": "application/json",
        "X-RateLimit-Limit": "1500",
        "X-RateLimit-Remaining": "1499",
        "X-RateLimit-Reset": "900",
      });
      response.end(JSON.stringify({ message: "Authorized" }));
    });
    try {
      const started = Date.now();
      await createRapid7Client({
        region: "us3",
        apiKey: "secret-key-123456",
        baseUrlTemplate: server.template,
        retry: fastRetry,
        onRateLimit: (snapshot) => snapshots.push(snapshot.remaining),
      }).validate();
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(snapshots).toEqual([0, 1499]);
    } finally {
      await server.close();
    }
  });
});
