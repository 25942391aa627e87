import { beforeAll, describe, expect, it } from "vitest";
import { assertNotThrottled, clearFailedSignIns, pruneSignInThrottles, recordFailedSignIn, throttleKeys } from "@/lib/auth/throttle";
import { RateLimitedError } from "@/lib/errors";
import { useTestDatabase } from "../helpers/database";

beforeAll(async () => {
  await useTestDatabase();
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
