import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import { GENESIS_HASH, entryHash, recordAudit } from "@/lib/audit/record";
import { listAuditEntries } from "@/lib/audit/service";
import { brokenEntryId, checkAuditChainOnLoad, verifyAuditChainStep } from "@/lib/audit/chain";
import { CHAIN_VERIFIED_ACTION } from "@/lib/audit/checkpoints";
import { auditVerifyHandler } from "@/lib/worker/handlers/audit-verify.handler";
import { createLogger } from "@/lib/logger";
import { CONTINUATION_MAX_AGE_MS, openContinuation } from "@/lib/audit/continuation";
import { type AuditChainStatus, verifyAuditChain } from "@/lib/audit/verify";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";
import { changeUserRole, createFirstAdmin, createUser, setUserDisabled } from "@/lib/users/service";
import { authenticate } from "@/lib/auth/sign-in";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";

const IP = "203.0.113.7";
const FIRST = {
  name: "First Admin",
  email: "first@example.com",
  password: "keystone admin passphrase",
  confirmPassword: "keystone admin passphrase",
};

beforeAll(async () => {
  await useTestDatabase();
});

async function entries(action: string) {
  return db.auditLogEntry.findMany({ where: { action }, orderBy: { id: "asc" } });
}

async function lastEntry(action: string) {
  const found = await entries(action);
  const last = found.at(-1);
  if (!last) throw new Error(`no ${action} entry was recorded`);
  return last;
}

/** Everything an entry stores, as text, to look for secrets in. */
async function everythingStored(): Promise<string> {
  const { rows } = await pool().query("SELECT * FROM audit_log_entries ORDER BY id");
  return JSON.stringify(rows);
}

async function passwordHashes(): Promise<string[]> {
  return (await db.user.findMany({ select: { passwordHash: true } })).map((u) => u.passwordHash);
}

describe("what the audit trail records", () => {
  let first: Actor;
  let created: { id: string; email: string };

  it("records the first admin as created by themselves, without the password", async () => {
    const admin = await createFirstAdmin(FIRST);
    first = { id: admin.id, email: admin.email, name: admin.name, role: admin.role };
    const entry = await lastEntry("user.created");
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorLabel: "first@example.com",
      targetType: "user",
      targetId: admin.id,
      targetLabel: "first@example.com",
      diff: {
        before: null,
        after: { email: "first@example.com", name: "First Admin", role: "ADMIN", firstAdmin: true },
      },
      prevHash: GENESIS_HASH,
    });
  });

  it("records users created by an admin, and nothing for a refused creation", async () => {
    const user = await createUser(first, {
      name: "Bea",
      email: "bea@example.com",
      role: "ANALYST",
      password: "bea's long password",
    });
    created = user;
    const entry = await lastEntry("user.created");
    expect(entry).toMatchObject({
      actorId: first.id,
      actorLabel: first.email,
      targetId: user.id,
      targetLabel: "bea@example.com",
      diff: { before: null, after: { email: "bea@example.com", name: "Bea", role: "ANALYST" } },
    });

    const count = await db.auditLogEntry.count();
    await expect(
      createUser(first, { name: "Again", email: "bea@example.com", role: "ANALYST", password: "another password 1" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditLogEntry.count()).toBe(count);
  });

  it("records role changes with before and after, and nothing when the role stays", async () => {
    await changeUserRole(first, { userId: created.id, role: "ADMIN" });
    expect(await lastEntry("user.role_changed")).toMatchObject({
      actorId: first.id,
      targetId: created.id,
      targetLabel: "bea@example.com",
      diff: { before: { role: "ANALYST" }, after: { role: "ADMIN" } },
    });
    await changeUserRole(first, { userId: created.id, role: "ADMIN" });
    expect(await entries("user.role_changed")).toHaveLength(1);
    await changeUserRole(first, { userId: created.id, role: "ANALYST" });
    expect(await lastEntry("user.role_changed")).toMatchObject({
      diff: { before: { role: "ADMIN" }, after: { role: "ANALYST" } },
    });
  });

  it("records disabling and enabling", async () => {
    await setUserDisabled(first, { userId: created.id, disabled: true });
    expect(await lastEntry("user.disabled")).toMatchObject({
      actorId: first.id,
      targetId: created.id,
      targetLabel: "bea@example.com",
      diff: { before: { disabled: false }, after: { disabled: true } },
    });
    await setUserDisabled(first, { userId: created.id, disabled: true });
    expect(await entries("user.disabled")).toHaveLength(1);
    await setUserDisabled(first, { userId: created.id, disabled: false });
    expect(await lastEntry("user.enabled")).toMatchObject({
      actorId: first.id,
      diff: { before: { disabled: true }, after: { disabled: false } },
    });
  });

  it("records successful sign-ins by the user, with the client address", async () => {
    await authenticate(" Bea@Example.com ", "bea's long password", IP);
    expect(await lastEntry("auth.sign_in")).toMatchObject({
      actorId: created.id,
      actorLabel: "bea@example.com",
      targetType: "user",
      targetId: created.id,
      targetLabel: "bea@example.com",
      clientIp: IP,
      diff: { before: null, after: null },
    });
  });

  it("records every kind of failed sign-in by anonymous, with the email tried and the address", async () => {
    await expect(authenticate("bea@example.com", "not her password", IP)).rejects.toThrow(
      "Incorrect email or password.",
    );
    expect(await lastEntry("auth.sign_in_failed")).toMatchObject({
      actorId: null,
      actorLabel: "anonymous",
      targetType: "user",
      targetId: created.id,
      targetLabel: "bea@example.com",
      clientIp: IP,
      diff: { before: null, after: { reason: "wrong_password" } },
    });

    await expect(authenticate("nobody@example.com", "whatever it is", IP)).rejects.toThrow(
      "Incorrect email or password.",
    );
    expect(await lastEntry("auth.sign_in_failed")).toMatchObject({
      targetId: null,
      targetLabel: "nobody@example.com",
      diff: { after: { reason: "unknown_account" } },
    });

    await setUserDisabled(first, { userId: created.id, disabled: true });
    await expect(authenticate("bea@example.com", "bea's long password", IP)).rejects.toThrow(/disabled/);
    expect(await lastEntry("auth.sign_in_failed")).toMatchObject({
      targetId: created.id,
      diff: { after: { reason: "account_disabled" } },
    });
    await setUserDisabled(first, { userId: created.id, disabled: false });
  });

  it("records throttled sign-in attempts too", async () => {
    const victim = await createActor("ANALYST", { email: "victim@example.com", password: "victim's password" });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(authenticate(victim.email, `wrong ${attempt}`, "198.51.100.9")).rejects.toThrow(
        "Incorrect email or password.",
      );
    }
    await expect(authenticate(victim.email, "victim's password", "198.51.100.9")).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect(await lastEntry("auth.sign_in_failed")).toMatchObject({
      actorLabel: "anonymous",
      targetLabel: "victim@example.com",
      clientIp: "198.51.100.9",
      diff: { after: { reason: "throttled" } },
    });
    expect(await entries("auth.sign_in")).toHaveLength(1);
  });

  it("records API tokens created and revoked, never the token", async () => {
    const { token, summary } = await createApiToken(first, { name: "SIEM export", expiresIn: "never" });
    const createdEntry = await lastEntry("api_token.created");
    expect(createdEntry).toMatchObject({
      actorId: first.id,
      targetType: "api_token",
      targetId: summary.id,
      targetLabel: `SIEM export (${summary.prefix}…, ${first.email})`,
      diff: { before: null, after: { name: "SIEM export", prefix: summary.prefix, expiresAt: null } },
    });

    await revokeApiToken(first, { tokenId: summary.id });
    await revokeApiToken(first, { tokenId: summary.id });
    const revoked = await entries("api_token.revoked");
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({
      actorId: first.id,
      targetId: summary.id,
      diff: { before: { revokedAt: null }, after: { revokedAt: expect.any(String) } },
    });

    const stored = await everythingStored();
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(12));
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(stored).not.toContain(row.tokenHash);
  });

  it("never stores a password or a password hash", async () => {
    const stored = await everythingStored();
    for (const secret of [
      "keystone admin passphrase",
      "bea's long password",
      "victim's password",
      "$argon2",
      ...(await passwordHashes()),
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).not.toMatch(/passwordHash|password_hash/);
  });

  it("lists entries newest first with filters and keyset pages", async () => {
    const all = await listAuditEntries({}, { pageSize: 1000 });
    expect(all.entries.length).toBe(await db.auditLogEntry.count());
    expect(all.entries.map((e) => BigInt(e.id))).toEqual(
      [...all.entries.map((e) => BigInt(e.id))].sort((a, b) => (a > b ? -1 : 1)),
    );

    const failed = await listAuditEntries({ action: "auth.sign_in_failed" });
    expect(failed.entries.length).toBe((await entries("auth.sign_in_failed")).length);
    expect(new Set(failed.entries.map((e) => e.action))).toEqual(new Set(["auth.sign_in_failed"]));

    expect((await listAuditEntries({ actor: "ANONYM" })).entries.every((e) => e.actorLabel === "anonymous")).toBe(true);
    expect((await listAuditEntries({ actor: "%" })).entries).toEqual([]);
    expect((await listAuditEntries({ actor: "first_example" })).entries).toEqual([]);
    expect((await listAuditEntries({ actor: "first@example" })).entries.length).toBeGreaterThan(0);
    expect(new Set((await listAuditEntries({ targetType: "api_token" })).entries.map((e) => e.action))).toEqual(
      new Set(["api_token.created", "api_token.revoked"]),
    );

    const future = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    expect((await listAuditEntries({ from: future })).entries).toEqual([]);
    expect((await listAuditEntries({ to: future })).entries.length).toBe(all.entries.length);
    await expect(listAuditEntries({ from: future, to: "2020-01-01T00:00" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { to: expect.any(String) },
    });
    await expect(listAuditEntries({ from: "yesterday" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { from: expect.any(String) },
    });

    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listAuditEntries({ before }, { pageSize: 4 });
      seen.push(...page.entries.map((e) => e.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual(all.entries.map((e) => e.id));
  });
});

describe("verifying the chain", () => {
  async function ids(): Promise<string[]> {
    return (await db.auditLogEntry.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) =>
      row.id.toString(),
    );
  }

  it("verifies the trail recorded above, in one batch or many", async () => {
    const count = await db.auditLogEntry.count();
    expect(count).toBeGreaterThan(10);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: count });
    expect(await verifyAuditChain({ batchSize: 3 })).toMatchObject({ ok: true, checked: count });
  });

  it("detects an entry whose diff was edited, at that entry", async () => {
    const all = await ids();
    const target = all[4]!;
    const { rows } = await pool().query<{ diff: unknown }>("SELECT diff FROM audit_log_entries WHERE id = $1", [
      target,
    ]);
    const original = rows[0]!.diff;
    await pool().query(
      `UPDATE audit_log_entries SET diff = '{"before":{"role":"ANALYST"},"after":{"role":"ANALYST"}}' WHERE id = $1`,
      [target],
    );
    try {
      for (const batchSize of [1000, 3]) {
        expect(await verifyAuditChain({ batchSize })).toMatchObject({
          ok: false,
          firstBrokenId: target,
          kind: "edited",
          checked: 4,
          reason: expect.stringContaining(`#${target}`),
        });
      }
    } finally {
      await pool().query("UPDATE audit_log_entries SET diff = $2 WHERE id = $1", [target, JSON.stringify(original)]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("detects an edit even when the editor re-computed that entry's hash, at the next entry", async () => {
    const all = await ids();
    const target = all[5]!;
    const next = all[6]!;
    const row = await db.auditLogEntry.findUniqueOrThrow({ where: { id: BigInt(target) } });
    const { at, actorId, action, targetType, targetId, targetLabel, diff, clientIp } = row;
    const forged = entryHash(row.prevHash, {
      at,
      actorId,
      actorLabel: "someone-else@example.com",
      action,
      targetType,
      targetId,
      targetLabel,
      diff,
      clientIp,
    });
    await pool().query(
      "UPDATE audit_log_entries SET actor_label = 'someone-else@example.com', hash = $2 WHERE id = $1",
      [target, forged],
    );
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBrokenId: next, kind: "missing" });
    } finally {
      await pool().query("UPDATE audit_log_entries SET actor_label = $2, hash = $3 WHERE id = $1", [
        target,
        row.actorLabel,
        row.hash,
      ]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("detects a deleted entry, at the entry after it", async () => {
    const all = await ids();
    const deleted = all[3]!;
    const after = all[4]!;
    const { rows } = await pool().query<Record<string, unknown>>(
      "DELETE FROM audit_log_entries WHERE id = $1 RETURNING *",
      [deleted],
    );
    try {
      expect(await verifyAuditChain()).toMatchObject({
        ok: false,
        firstBrokenId: after,
        kind: "missing",
        checked: 3,
        reason: expect.stringContaining("missing"),
      });
    } finally {
      const row = rows[0]!;
      const columns = Object.keys(row);
      await pool().query(
        `INSERT INTO audit_log_entries (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        columns.map((column) => (column === "diff" ? JSON.stringify(row[column]) : row[column])),
      );
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("detects deleting the first entry", async () => {
    const first = (await ids())[0]!;
    const second = (await ids())[1]!;
    const { rows } = await pool().query<Record<string, unknown>>(
      "DELETE FROM audit_log_entries WHERE id = $1 RETURNING *",
      [first],
    );
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBrokenId: second, kind: "missing", checked: 0 });
    } finally {
      const row = rows[0]!;
      const columns = Object.keys(row);
      await pool().query(
        `INSERT INTO audit_log_entries (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        columns.map((column) => (column === "diff" ? JSON.stringify(row[column]) : row[column])),
      );
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("detects two swapped entries, at the earlier position", async () => {
    const all = await ids();
    const a = all[6]!;
    const b = all[9]!;
    const swap = async () => {
      await pool().query("UPDATE audit_log_entries SET id = -1 WHERE id = $1", [a]);
      await pool().query("UPDATE audit_log_entries SET id = $1 WHERE id = $2", [a, b]);
      await pool().query("UPDATE audit_log_entries SET id = $1 WHERE id = -1", [b]);
    };
    await swap();
    try {
      for (const batchSize of [1000, 2]) {
        expect(await verifyAuditChain({ batchSize })).toMatchObject({
          ok: false,
          firstBrokenId: a,
          kind: "reordered",
          checked: 6,
        });
      }
    } finally {
      await swap();
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("detects two adjacent entries swapped", async () => {
    const all = await ids();
    const a = all[2]!;
    const b = all[3]!;
    const swap = async () => {
      await pool().query("UPDATE audit_log_entries SET id = -1 WHERE id = $1", [a]);
      await pool().query("UPDATE audit_log_entries SET id = $1 WHERE id = $2", [a, b]);
      await pool().query("UPDATE audit_log_entries SET id = $1 WHERE id = -1", [b]);
    };
    await swap();
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBrokenId: a, kind: "reordered" });
    } finally {
      await swap();
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("keeps verifying as entries are appended concurrently", async () => {
    const system = { system: "test" };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        recordAudit({
          actor: system,
          action: "test.concurrent",
          target: { type: "test", id: String(i) },
          after: { i },
        }),
      ),
    );
    expect(await entries("test.concurrent")).toHaveLength(10);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: await db.auditLogEntry.count() });
  });
});

describe("checking the chain without re-reading all of it", () => {
  let admin: Actor;
  const system = { system: "test" };

  beforeAll(async () => {
    admin = await createActor("ADMIN");
  });

  async function verifyInSteps(stepEntries: number): Promise<{ steps: number; result: AuditChainStatus }> {
    let continuation: string | undefined;
    for (let steps = 1; ; steps += 1) {
      const step = await verifyAuditChainStep(admin, { continuation }, { stepEntries, batchSize: 3 });
      if (step.done) return { steps, result: step.result };
      expect(step.checked).toBe(stepEntries * steps);
      continuation = step.continuation;
    }
  }

  async function newestId(): Promise<bigint> {
    return (await db.auditLogEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
  }

  it("without a full verification yet, a page load walks from the first entry, as far as its limit", async () => {
    const count = await db.auditLogEntry.count();
    const all = await checkAuditChainOnLoad();
    expect(all).toMatchObject({
      from: "start",
      checkpoint: null,
      latest: null,
      walk: { ok: true, reachedEnd: true, position: { checked: count } },
    });
    expect(await checkAuditChainOnLoad({ limit: 5 })).toMatchObject({
      walk: { ok: true, reachedEnd: false, position: { checked: 5 } },
    });
  });

  it("verifies the whole chain in steps (an admin's action), and records the outcome as a checkpoint in the trail", async () => {
    const count = await db.auditLogEntry.count();
    const last = await newestId();
    const { steps, result } = await verifyInSteps(7);
    expect(result).toMatchObject({ ok: true, checked: count });
    expect(steps).toBe(Math.ceil(count / 7));

    const recorded = await lastEntry(CHAIN_VERIFIED_ACTION);
    expect(recorded).toMatchObject({
      actorId: admin.id,
      targetType: "audit_log",
      diff: { before: null, after: { result: "intact", checked: count, throughId: last.toString() } },
    });
    const through = await db.auditLogEntry.findUniqueOrThrow({ where: { id: last } });
    expect((recorded.diff as { after: { throughHash: string } }).after.throughHash).toBe(through.hash);
    // The record is part of the chain like any other entry.
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: count + 1 });
  });

  it("refuses a made-up or stale continuation, so no step can skip entries", async () => {
    const first = await verifyAuditChainStep(admin, {}, { stepEntries: 2 });
    if (first.done) throw new Error("expected more than one step");
    const [body, signature] = first.continuation.split(".");
    const skipAhead = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body!, "base64url").toString()),
        afterId: (await newestId()).toString(),
      }),
    ).toString("base64url");
    for (const continuation of [`${skipAhead}.${signature}`, `${body}.${"A".repeat(43)}`, "garbage", `${body}`]) {
      await expect(verifyAuditChainStep(admin, { continuation })).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(() => openContinuation(first.continuation, Date.now() + CONTINUATION_MAX_AGE_MS + 1_000)).toThrow(
      /Start it again/,
    );
    expect(openContinuation(first.continuation)).toEqual({
      afterId: expect.any(BigInt),
      expectedPrev: expect.stringMatching(/^[0-9a-f]{64}$/),
      checked: 2,
    });
  });

  it("after a checkpoint, a page load walks only the entries written since", async () => {
    const checkpoint = (await checkAuditChainOnLoad()).checkpoint!;
    expect(checkpoint).toMatchObject({ result: "intact", actorLabel: admin.email });
    await Promise.all(
      [0, 1, 2].map((i) =>
        recordAudit({ actor: system, action: "test.after_checkpoint", target: { type: "test", id: String(i) } }),
      ),
    );
    const newer = await db.auditLogEntry.count({ where: { id: { gt: BigInt(checkpoint.throughId!) } } });
    // A limit of exactly the newer entries is enough: nothing before the checkpoint is read again.
    const check = await checkAuditChainOnLoad({ limit: newer });
    expect(check).toMatchObject({
      from: "checkpoint",
      walk: {
        ok: true,
        reachedEnd: true,
        position: { checked: checkpoint.checked + newer, afterId: await newestId() },
      },
    });
    expect(await checkAuditChainOnLoad({ limit: newer - 1 })).toMatchObject({
      walk: { ok: true, reachedEnd: false },
    });
  });

  it("a page load detects an edited entry written after the checkpoint, and an edited checkpoint entry", async () => {
    const checkpoint = (await checkAuditChainOnLoad()).checkpoint!;
    const [after] = await entries("test.after_checkpoint");
    for (const target of [after!.id.toString(), checkpoint.throughId!]) {
      const { rows } = await pool().query<{ diff: unknown }>("SELECT diff FROM audit_log_entries WHERE id = $1", [
        target,
      ]);
      await pool().query(
        `UPDATE audit_log_entries SET diff = '{"before":null,"after":{"edited":true}}' WHERE id = $1`,
        [target],
      );
      try {
        expect((await checkAuditChainOnLoad()).walk).toMatchObject({
          ok: false,
          firstBrokenId: target,
          kind: "edited",
        });
      } finally {
        await pool().query("UPDATE audit_log_entries SET diff = $2 WHERE id = $1", [
          target,
          JSON.stringify(rows[0]!.diff),
        ]);
      }
    }
    expect((await checkAuditChainOnLoad()).walk).toMatchObject({ ok: true });
  });

  it("an edit older than the checkpoint is found by the next full verification, which every page load then shows", async () => {
    const target = (
      await db.auditLogEntry.findFirstOrThrow({ where: { action: "user.role_changed" }, orderBy: { id: "asc" } })
    ).id.toString();
    const { rows } = await pool().query<{ diff: unknown }>("SELECT diff FROM audit_log_entries WHERE id = $1", [
      target,
    ]);
    await pool().query(
      `UPDATE audit_log_entries SET diff = '{"before":{"role":"ANALYST"},"after":{"role":"ANALYST"}}' WHERE id = $1`,
      [target],
    );
    try {
      // What a page load cannot see on its own ...
      expect((await checkAuditChainOnLoad()).walk).toMatchObject({ ok: true });
      // ... the full verification finds, and records.
      expect((await verifyInSteps(1000)).result).toMatchObject({ ok: false, firstBrokenId: target, kind: "edited" });
      expect(await lastEntry(CHAIN_VERIFIED_ACTION)).toMatchObject({
        diff: { after: { result: "broken", firstBrokenId: target, kind: "edited" } },
      });
      const check = await checkAuditChainOnLoad();
      expect(check.latest).toMatchObject({ result: "broken", firstBrokenId: target, actorLabel: admin.email });
      expect(brokenEntryId(check)).toBe(target);
    } finally {
      await pool().query("UPDATE audit_log_entries SET diff = $2 WHERE id = $1", [
        target,
        JSON.stringify(rows[0]!.diff),
      ]);
    }
    expect((await verifyInSteps(1000)).result).toMatchObject({
      ok: true,
      checked: (await db.auditLogEntry.count()) - 1,
    });
    expect(brokenEntryId(await checkAuditChainOnLoad())).toBeNull();
  });
  it("the worker's daily verification finds an edit older than the checkpoint too, and records it as Intake's", async () => {
    const target = (
      await db.auditLogEntry.findFirstOrThrow({ where: { action: "user.disabled" }, orderBy: { id: "asc" } })
    ).id.toString();
    const { rows } = await pool().query<{ diff: unknown }>("SELECT diff FROM audit_log_entries WHERE id = $1", [
      target,
    ]);
    const daily = () =>
      auditVerifyHandler(
        {},
        {
          jobId: "t",
          workerId: "t",
          retryCount: 0,
          log: createLogger({ test: "audit" }),
          signal: new AbortController().signal,
        },
      );
    await pool().query(`UPDATE audit_log_entries SET diff = '{"before":null,"after":{"edited":true}}' WHERE id = $1`, [
      target,
    ]);
    try {
      expect((await checkAuditChainOnLoad()).walk).toMatchObject({ ok: true });
      await daily();
      expect(await lastEntry(CHAIN_VERIFIED_ACTION)).toMatchObject({
        actorId: null,
        actorLabel: "Intake (daily check)",
        diff: { after: { result: "broken", firstBrokenId: target, kind: "edited" } },
      });
      expect(brokenEntryId(await checkAuditChainOnLoad())).toBe(target);
    } finally {
      await pool().query("UPDATE audit_log_entries SET diff = $2 WHERE id = $1", [
        target,
        JSON.stringify(rows[0]!.diff),
      ]);
    }
    await daily();
    expect(await lastEntry(CHAIN_VERIFIED_ACTION)).toMatchObject({ diff: { after: { result: "intact" } } });
    expect(brokenEntryId(await checkAuditChainOnLoad())).toBeNull();
  });
});
