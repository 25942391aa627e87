import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { assertNotThrottled, clearFailedSignIns, pruneSignInThrottles, recordFailedSignIn, throttleKeys } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";
import { buildOnce, type Launcher, launcherEnv, signInOverHttp, startWebServer, waitForHealthy } from "../helpers/launcher";

let url: string;
const servers: Launcher[] = [];
beforeAll(async () => {
  url = await useTestDatabase();
}, 60_000);
afterAll(() => {
  for (const server of servers) server.kill();
});

const minutes = (n: number) => n * 60_000;

describe("sign-in throttling", () => {
  it("allows five failures, then locks the email for a minute, doubling with each further failure", async () => {
    const keys = throttleKeys("Someone@Example.com", undefined);
    const start = new Date("2026-01-01T00:00:00Z");
    for (let i = 0; i < 4; i += 1) await recordFailedSignIn(keys, start);
    await expect(assertNotThrottled(keys, start)).resolves.toBeUndefined();

    await recordFailedSignIn(keys, start);
    const locked = await assertNotThrottled(keys, start).catch((error: unknown) => error);
    expect(locked).toBeInstanceOf(RateLimitedError);
    expect((locked as RateLimitedError).retryAfterSeconds).toBe(60);
    expect((locked as RateLimitedError).publicMessage).toBe(
      "Too many failed sign-in attempts. Try again in 1 minute, or ask an admin to reset your password.",
    );
    await expect(assertNotThrottled(keys, new Date(start.getTime() + minutes(1) + 1))).resolves.toBeUndefined();

    await recordFailedSignIn(keys, new Date(start.getTime() + minutes(2)));
    const longer = (await assertNotThrottled(keys, new Date(start.getTime() + minutes(2))).catch((e: unknown) => e)) as RateLimitedError;
    expect(longer.retryAfterSeconds).toBe(120);
  });

  it("treats email case and spacing as the same account", async () => {
    const start = new Date("2026-01-02T00:00:00Z");
    for (let i = 0; i < 5; i += 1) await recordFailedSignIn(throttleKeys(i % 2 ? " BOB@example.com" : "bob@example.com", undefined), start);
    await expect(assertNotThrottled(throttleKeys("Bob@Example.com", undefined), start)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("starts counting afresh after the 15-minute window", async () => {
    const keys = throttleKeys("window@example.com", undefined);
    const start = new Date("2026-01-03T00:00:00Z");
    for (let i = 0; i < 4; i += 1) await recordFailedSignIn(keys, start);
    const later = new Date(start.getTime() + minutes(16));
    await recordFailedSignIn(keys, later);
    await expect(assertNotThrottled(keys, later)).resolves.toBeUndefined();
  });

  it("a successful sign-in clears the email's failures", async () => {
    const keys = throttleKeys("cleared@example.com", undefined);
    const now = new Date();
    for (let i = 0; i < 4; i += 1) await recordFailedSignIn(keys, now);
    await clearFailedSignIns("cleared@example.com");
    await recordFailedSignIn(keys, now);
    await expect(assertNotThrottled(keys, now)).resolves.toBeUndefined();
  });

  it("locks a client address that sprays many accounts", async () => {
    const now = new Date("2026-01-04T00:00:00Z");
    for (let i = 0; i < 50; i += 1) await recordFailedSignIn(throttleKeys(`victim${i}@example.com`, "203.0.113.9"), now);
    await expect(assertNotThrottled(throttleKeys("fresh@example.com", "203.0.113.9"), now)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(assertNotThrottled(throttleKeys("fresh@example.com", "198.51.100.1"), now)).resolves.toBeUndefined();
  });

  it("prunes only entries whose window and lock have passed", async () => {
    const now = new Date("2026-02-01T00:00:00Z");
    await recordFailedSignIn(throttleKeys("recent@example.com", undefined), now);
    const pruned = await pruneSignInThrottles(now);
    expect(pruned).toBeGreaterThan(0);
    await recordFailedSignIn(throttleKeys("recent@example.com", undefined), now);
    for (let i = 0; i < 4; i += 1) await recordFailedSignIn(throttleKeys("recent@example.com", undefined), now);
    await pruneSignInThrottles(now);
    await expect(assertNotThrottled(throttleKeys("recent@example.com", undefined), now)).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe("the client address a sign-in is counted against", () => {
  const peer = (address: string, more: Record<string, string> = {}) => ({ [PEER_ADDRESS_HEADER]: address, ...more });

  it("is the connection's own address unless that connection is a trusted proxy", () => {
    // No trusted proxies (the default): X-Forwarded-For and X-Real-IP are the client's word, ignored.
    expect(clientAddress(peer("203.0.113.9", { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" }), [])).toBe("203.0.113.9");
    // A proxy listed, but this connection is not from it.
    expect(clientAddress(peer("203.0.113.9", { "x-forwarded-for": "198.51.100.1" }), ["10.0.0.0/8"])).toBe("203.0.113.9");
    // Without the web server's stamp the address is unknown, whatever the headers say.
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1" }, ["10.0.0.0/8"])).toBeUndefined();
  });

  it("behind trusted proxies, is the first untrusted hop from the right, so a client cannot prepend one", () => {
    const trusted = ["127.0.0.1", "10.0.0.0/8", "fd00::/8"];
    expect(clientAddress(peer("127.0.0.1", { "x-forwarded-for": "203.0.113.7" }), trusted)).toBe("203.0.113.7");
    expect(clientAddress(peer("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.9.8.7" }), trusted)).toBe("203.0.113.7");
    expect(clientAddress(peer("::ffff:127.0.0.1", { "x-forwarded-for": "2001:db8::1, fd00::5" }), trusted)).toBe("2001:db8::1");
    expect(clientAddress(peer("127.0.0.1", { "x-real-ip": "203.0.113.8" }), trusted)).toBe("203.0.113.8");
    // A malformed hop behind trusted ones: the last address a trusted proxy vouched for.
    expect(clientAddress(peer("127.0.0.1", { "x-forwarded-for": "not-an-ip, 10.1.1.1" }), trusted)).toBe("10.1.1.1");
  });
});

describe("sign-in over HTTP through the real web server", () => {
  const startServer = async (settings: Record<string, string | undefined>) => {
    const server = startWebServer(launcherEnv({ DATABASE_URL: url, PORT: String(await freePort()), ...settings }));
    servers.push(server);
    await waitForHealthy(server, 90_000, { worker: false });
    return server;
  };
  const ipKeys = async () => (await db.signInThrottle.findMany({ where: { key: { startsWith: "ip:" } }, select: { key: true, failures: true } })).sort((a, b) => a.key.localeCompare(b.key));

  beforeAll(() => buildOnce(), 900_000);

  it("a client that changes X-Forwarded-For on every attempt is still locked out by its own address", { timeout: 180_000 }, async () => {
    await db.signInThrottle.deleteMany();
    const server = await startServer({ INTAKE_TRUSTED_PROXIES: undefined });
    for (let attempt = 1; attempt <= 50; attempt += 1) {
      const result = await signInOverHttp(server.baseUrl, `sprayed-${attempt}@example.com`, "a wrong password", { "X-Forwarded-For": `198.51.100.${attempt}`, [PEER_ADDRESS_HEADER]: `192.0.2.${attempt}` });
      expect(result).toEqual({ ok: false, error: "Incorrect email or password." });
    }
    expect(await ipKeys()).toEqual([{ key: "ip:127.0.0.1", failures: 50 }]);
    const next = await signInOverHttp(server.baseUrl, "fresh@example.com", "a wrong password", { "X-Forwarded-For": "198.51.100.200" });
    expect(next.ok ? "" : next.error).toMatch(/^Too many failed sign-in attempts/);
    // The audit log records where the attempts really came from.
    const recorded = await db.auditLogEntry.findMany({ where: { action: "auth.sign_in_failed" }, select: { clientIp: true }, distinct: ["clientIp"] });
    expect(recorded).toEqual([{ clientIp: "127.0.0.1" }]);
    server.kill();
  });

  it("behind a trusted proxy, counts the address the proxy forwarded", { timeout: 120_000 }, async () => {
    await db.signInThrottle.deleteMany();
    const server = await startServer({ INTAKE_TRUSTED_PROXIES: "127.0.0.1" });
    await signInOverHttp(server.baseUrl, "behind-proxy@example.com", "a wrong password", { "X-Forwarded-For": "203.0.113.7" });
    // The client wrote 6.6.6.6; the proxy appended the address it saw.
    await signInOverHttp(server.baseUrl, "behind-proxy@example.com", "a wrong password", { "X-Forwarded-For": "6.6.6.6, 203.0.113.8" });
    expect(await ipKeys()).toEqual([
      { key: "ip:203.0.113.7", failures: 1 },
      { key: "ip:203.0.113.8", failures: 1 },
    ]);
    server.kill();
  });
});
