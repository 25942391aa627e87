import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { FAILURE_WINDOW_SECONDS, flushSignInFailureTallies } from "@/lib/audit/sign-in-failures";
import { pruneSignInThrottles, takeSignInAttempt } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";
import { SignInError, authenticate } from "@/lib/auth/sign-in";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";
import {
  buildOnce,
  type Launcher,
  launcherEnv,
  signInOverHttp,
  startWebServer,
  waitForHealthy,
} from "../helpers/launcher";

let url: string;
const servers: Launcher[] = [];
beforeAll(async () => {
  url = await useTestDatabase();
}, 60_000);
afterAll(() => {
  for (const server of servers) server.kill();
});

const seconds = (n: number) => n * 1000;
const later = (start: Date, ms: number) => new Date(start.getTime() + ms);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("sign-in throttling", () => {
  it("counts attempts atomically: 30 concurrent wrong guesses get at most 5 password checks", async () => {
    const victim = await createActor("ANALYST", { email: "burst@example.com", password: "burst victim's password" });
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => refusal(authenticate(victim.email, `guess ${i}`, "203.0.113.30"))),
    );
    // A SignInError means the password was checked (and was wrong); a RateLimitedError means it never was.
    const checked = outcomes.filter((error) => error instanceof SignInError);
    const refused = outcomes.filter((error) => error instanceof RateLimitedError);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length + refused.length).toBe(30);
  });

  it("makes an address wait 30 s after 5 attempts at an account, doubling up to 5 minutes, not counting refused attempts", async () => {
    const attempt = { email: "Backoff@Example.com ", address: "203.0.113.31" };
    const start = new Date("2026-01-01T00:00:00Z");
    for (let i = 0; i < 5; i += 1) await takeSignInAttempt(attempt, start);
    const first = (await refusal(takeSignInAttempt(attempt, start))) as RateLimitedError;
    expect(first).toBeInstanceOf(RateLimitedError);
    expect(first.retryAfterSeconds).toBe(30);
    expect(first.publicMessage).toBe(
      "Too many failed sign-in attempts from your address. Wait 30 seconds and try again; an admin can lift this under Settings > Users.",
    );
    // Hammering while waiting does not make the wait longer.
    for (let i = 0; i < 10; i += 1) await refusal(takeSignInAttempt(attempt, later(start, seconds(1))));
    await expect(takeSignInAttempt(attempt, later(start, seconds(30)))).resolves.toBeUndefined();
    const waits: number[] = [];
    let now = later(start, seconds(30));
    for (let i = 0; i < 8; i += 1) {
      const wait = ((await refusal(takeSignInAttempt(attempt, now))) as RateLimitedError).retryAfterSeconds;
      waits.push(wait);
      now = later(now, seconds(wait));
      await takeSignInAttempt(attempt, now);
    }
    expect(waits).toEqual([60, 120, 240, 300, 300, 300, 300, 300]);
    // Case and spacing of the email do not make another account.
    await expect(takeSignInAttempt({ ...attempt, email: "backoff@example.com" }, now)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it("never keeps the owner out: the right password from an address that is not itself waiting signs in", async () => {
    const owner = await createActor("ANALYST", { email: "owner@example.com", password: "the owner's own password" });
    for (let i = 0; i < 30; i += 1) await refusal(authenticate(owner.email, `attacker guess ${i}`, "198.51.100.66"));
    await expect(authenticate(owner.email, "the owner's own password", "198.51.100.66")).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await expect(authenticate(owner.email, "the owner's own password", "192.0.2.10")).resolves.toMatchObject({
      actor: { id: owner.id },
    });
  });

  it("while an account is guessed at from many addresses, gives each address one attempt at it", async () => {
    const owner = await createActor("ANALYST", { email: "spread@example.com", password: "spread owner's password" });
    for (let i = 1; i <= 21; i += 1) await refusal(authenticate(owner.email, "a botnet guess", `198.51.100.${i}`));
    await expect(authenticate(owner.email, "one more guess", "203.0.113.77")).rejects.toBeInstanceOf(SignInError);
    await expect(authenticate(owner.email, "and another", "203.0.113.77")).rejects.toBeInstanceOf(RateLimitedError);
    // The owner, from an address of their own, still gets in at the first try.
    await expect(authenticate(owner.email, "spread owner's password", "192.0.2.20")).resolves.toMatchObject({
      actor: { id: owner.id },
    });
  });

  it("gives a successful sign-in's attempt back, so an owner's own typos do not add up", async () => {
    const owner = await createActor("ANALYST", { email: "typos@example.com", password: "typo-prone password" });
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 4; i += 1)
        await expect(authenticate(owner.email, `typo ${i}`, "192.0.2.30")).rejects.toBeInstanceOf(SignInError);
      await expect(authenticate(owner.email, "typo-prone password", "192.0.2.30")).resolves.toMatchObject({
        actor: { id: owner.id },
      });
    }
  });

  it("makes an address that sprays many accounts wait, and no other address", async () => {
    const now = new Date("2026-01-04T00:00:00Z");
    for (let i = 0; i < 50; i += 1)
      await takeSignInAttempt({ email: `victim${i}@example.com`, address: "203.0.113.9" }, now);
    await expect(takeSignInAttempt({ email: "fresh@example.com", address: "203.0.113.9" }, now)).rejects.toMatchObject({
      scope: "address",
      retryAfterSeconds: 30,
    });
    await expect(
      takeSignInAttempt({ email: "fresh@example.com", address: "198.51.100.1" }, now),
    ).resolves.toBeUndefined();
  });

  it("prunes only counters whose window and wait have passed", async () => {
    const now = new Date("2026-02-01T00:00:00Z");
    const attempt = { email: "recent@example.com", address: "192.0.2.40" };
    for (let i = 0; i < 6; i += 1) await refusal(takeSignInAttempt(attempt, now));
    await pruneSignInThrottles(later(now, seconds(60)));
    await expect(takeSignInAttempt(attempt, later(now, seconds(20)))).rejects.toBeInstanceOf(RateLimitedError);
    expect(await pruneSignInThrottles(later(now, seconds(16 * 60)))).toBeGreaterThan(0);
    await expect(takeSignInAttempt(attempt, later(now, seconds(16 * 60)))).resolves.toBeUndefined();
  });
});

describe("failed sign-ins in the audit trail", () => {
  const failedEntries = (label: string) =>
    db.auditLogEntry.findMany({ where: { action: "auth.sign_in_failed", targetLabel: label }, orderBy: { id: "asc" } });
  const attemptsIn = (entries: { diff: unknown }[]) =>
    entries.reduce(
      (sum, entry) => sum + (((entry.diff as { after: { count?: number } }).after.count ?? 1) as number),
      0,
    );
  const afterTheWindow = () => new Date(Date.now() + (FAILURE_WINDOW_SECONDS + 60) * 1000);

  it("are aggregated per address and account, and every attempt is counted", async () => {
    const victim = await createActor("ANALYST", {
      email: "flooded@example.com",
      password: "flooded victim's password",
    });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => refusal(authenticate(victim.email, `flood ${i}`, "203.0.113.40"))),
    );
    // One entry per reason at once (the wrong passwords, and the attempts refused while waiting) …
    expect(
      (await failedEntries(victim.email))
        .map((entry) => (entry.diff as { after: { reason: string } }).after.reason)
        .sort(),
    ).toEqual(["throttled", "wrong_password"]);
    // … and the rest with their count once the window has closed.
    await flushSignInFailureTallies(afterTheWindow());
    const entries = await failedEntries(victim.email);
    expect(entries.length).toBeLessThanOrEqual(4);
    expect(attemptsIn(entries)).toBe(40);
    expect(entries.every((entry) => entry.clientIp === "203.0.113.40")).toBe(true);
  });

  it("stop at the per-address limit when one address sprays many accounts", async () => {
    const before = await db.auditLogEntry.count({ where: { action: "auth.sign_in_failed" } });
    for (let i = 0; i < 120; i += 1) await refusal(authenticate(`sprayed${i}@example.com`, "a guess", "203.0.113.41"));
    const written = (await db.auditLogEntry.count({ where: { action: "auth.sign_in_failed" } })) - before;
    expect(written).toBeLessThanOrEqual(51);
    await flushSignInFailureTallies(afterTheWindow());
    const entries = await db.auditLogEntry.findMany({
      where: { action: "auth.sign_in_failed", clientIp: "203.0.113.41" },
    });
    expect(attemptsIn(entries)).toBe(120);
    expect(await db.signInFailureTally.count()).toBe(0);
  });
});

describe("the client address a sign-in is counted against", () => {
  const peer = (address: string, more: Record<string, string> = {}) => ({ [PEER_ADDRESS_HEADER]: address, ...more });

  it("is the connection's own address unless that connection is a trusted proxy", () => {
    // No trusted proxies (the default): X-Forwarded-For and X-Real-IP are the client's word, ignored.
    expect(
      clientAddress(peer("203.0.113.9", { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" }), []),
    ).toBe("203.0.113.9");
    // A proxy listed, but this connection is not from it.
    expect(clientAddress(peer("203.0.113.9", { "x-forwarded-for": "198.51.100.1" }), ["10.0.0.0/8"])).toBe(
      "203.0.113.9",
    );
    // Without the web server's stamp the address is unknown, whatever the headers say.
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1" }, ["10.0.0.0/8"])).toBeUndefined();
  });

  it("behind trusted proxies, is the first untrusted hop from the right, so a client cannot prepend one", () => {
    const trusted = ["127.0.0.1", "10.0.0.0/8", "fd00::/8"];
    expect(clientAddress(peer("127.0.0.1", { "x-forwarded-for": "203.0.113.7" }), trusted)).toBe("203.0.113.7");
    expect(clientAddress(peer("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.9.8.7" }), trusted)).toBe(
      "203.0.113.7",
    );
    expect(clientAddress(peer("::ffff:127.0.0.1", { "x-forwarded-for": "2001:db8::1, fd00::5" }), trusted)).toBe(
      "2001:db8::1",
    );
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
  const ipKeys = async () =>
    (
      await db.rateLimit.findMany({
        where: { key: { startsWith: "sign-in:address:" } },
        select: { key: true, hits: true },
      })
    ).sort((a, b) => a.key.localeCompare(b.key));

  beforeAll(() => buildOnce(), 900_000);

  it(
    "a client that changes X-Forwarded-For on every attempt is still locked out by its own address",
    { timeout: 180_000 },
    async () => {
      await db.rateLimit.deleteMany();
      const server = await startServer({ INTAKE_TRUSTED_PROXIES: undefined });
      for (let attempt = 1; attempt <= 50; attempt += 1) {
        const result = await signInOverHttp(server.baseUrl, `sprayed-${attempt}@example.com`, "a wrong password", {
          "X-Forwarded-For": `198.51.100.${attempt}`,
          [PEER_ADDRESS_HEADER]: `192.0.2.${attempt}`,
        });
        expect(result).toEqual({ ok: false, error: "Incorrect email or password." });
      }
      expect(await ipKeys()).toEqual([{ key: "sign-in:address:127.0.0.1", hits: 50 }]);
      const next = await signInOverHttp(server.baseUrl, "fresh@example.com", "a wrong password", {
        "X-Forwarded-For": "198.51.100.200",
      });
      expect(next.ok ? "" : next.error).toMatch(/^Too many failed sign-in attempts/);
      // The audit log records where the attempts really came from.
      const recorded = await db.auditLogEntry.findMany({
        where: { action: "auth.sign_in_failed", targetLabel: { startsWith: "sprayed-" } },
        select: { clientIp: true },
        distinct: ["clientIp"],
      });
      expect(recorded).toEqual([{ clientIp: "127.0.0.1" }]);
      server.kill();
    },
  );

  it("behind a trusted proxy, counts the address the proxy forwarded", { timeout: 120_000 }, async () => {
    await db.rateLimit.deleteMany();
    const server = await startServer({ INTAKE_TRUSTED_PROXIES: "127.0.0.1" });
    await signInOverHttp(server.baseUrl, "behind-proxy@example.com", "a wrong password", {
      "X-Forwarded-For": "203.0.113.7",
    });
    // The client wrote 6.6.6.6; the proxy appended the address it saw.
    await signInOverHttp(server.baseUrl, "behind-proxy@example.com", "a wrong password", {
      "X-Forwarded-For": "6.6.6.6, 203.0.113.8",
    });
    expect(await ipKeys()).toEqual([
      { key: "sign-in:address:203.0.113.7", hits: 1 },
      { key: "sign-in:address:203.0.113.8", hits: 1 },
    ]);
    server.kill();
  });
});
