import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticateApiRequest, LAST_USED_RESOLUTION_MS } from "@/lib/api-tokens/authenticate";
import { MAX_ACTIVE_TOKENS_PER_USER } from "@/lib/api-tokens/schemas";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/api-tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { changeUserRole, setUserDisabled } from "@/lib/users/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";

let admin: Actor;
let analyst: Actor;

beforeAll(async () => {
  await useTestDatabase();
  admin = await createActor("ADMIN");
  analyst = await createActor("ANALYST");
});

function request(authorization?: string): Request {
  return new Request("http://intake.test/api/v1/sources", {
    headers: authorization === undefined ? {} : { authorization },
  });
}

async function refusal(authorization?: string): Promise<string> {
  const error = await authenticateApiRequest(request(authorization)).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as UnauthenticatedError).publicMessage;
}

describe("creating a token", () => {
  it("returns the full token once and stores only its SHA-256 and a short prefix", async () => {
    const before = Date.now();
    const { token, summary } = await createApiToken(analyst, { name: "  SIEM export ", expiresIn: "30" });
    expect(token).toMatch(/^itk_[A-Za-z0-9_-]{43}$/);
    expect(summary).toMatchObject({
      name: "SIEM export",
      prefix: token.slice(0, 12),
      status: "active",
      lastUsedAt: null,
      revokedAt: null,
      owner: { id: analyst.id, email: analyst.email },
    });
    expect(summary.expiresAt!.getTime() - before).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    expect(summary.expiresAt!.getTime() - before).toBeLessThan(30 * 86_400_000 + 60_000);

    const { rows } = await pool().query("SELECT * FROM api_tokens WHERE id = $1", [summary.id]);
    expect(rows[0].token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token.slice(12));

    const listed = await listApiTokens({ ownerId: analyst.id });
    expect(listed.map((t) => t.id)).toContain(summary.id);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(token.slice(12));
    expect(text).not.toContain(rows[0].token_hash);
  });

  it("makes a different token every time", async () => {
    const tokens = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createApiToken(admin, { name: `batch ${i}`, expiresIn: "7" })),
    );
    expect(new Set(tokens.map((t) => t.token)).size).toBe(5);
    expect(new Set(tokens.map((t) => t.summary.prefix)).size).toBe(5);
  });

  it("validates the name and the expiry with the form's schema", async () => {
    await expect(createApiToken(analyst, { name: "   ", expiresIn: "30" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { name: expect.any(String) },
    });
    await expect(createApiToken(analyst, { name: "x", expiresIn: "12" as never })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { expiresIn: expect.any(String) },
    });
  });

  it("limits how many active tokens one person has", async () => {
    const person = await createActor("ANALYST");
    const made = [];
    for (let i = 0; i < MAX_ACTIVE_TOKENS_PER_USER; i += 1)
      made.push(await createApiToken(person, { name: `t${i}`, expiresIn: "never" }));
    await expect(createApiToken(person, { name: "one too many", expiresIn: "never" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await revokeApiToken(person, { tokenId: made[0]!.summary.id });
    await expect(createApiToken(person, { name: "now it fits", expiresIn: "never" })).resolves.toMatchObject({
      summary: { status: "active" },
    });
  });
});

describe("authenticating API requests", () => {
  it("accepts a Bearer token as its owner", async () => {
    const { token } = await createApiToken(analyst, { name: "reader", expiresIn: "never" });
    await expect(authenticateApiRequest(request(`Bearer ${token}`))).resolves.toEqual(analyst);
    await expect(authenticateApiRequest(request(`bearer   ${token}  `))).resolves.toEqual(analyst);
  });

  it("refuses requests without a token, with a malformed one, or with an unknown one", async () => {
    expect(await refusal()).toMatch(/Authorization: Bearer/);
    expect(await refusal("Basic YWRhOnBhc3N3b3Jk")).toMatch(/Bearer/);
    expect(await refusal("Bearer")).toMatch(/Bearer/);
    expect(await refusal("Bearer not-a-token")).toMatch(/not valid/);
    expect(await refusal(`Bearer itk_${"A".repeat(43)}`)).toMatch(/not valid/);
    const { token } = await createApiToken(analyst, { name: "almost", expiresIn: "never" });
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await refusal(`Bearer ${flipped}`)).toMatch(/not valid/);
  });

  it("refuses a revoked token from the moment it is revoked", async () => {
    const { token, summary } = await createApiToken(analyst, { name: "short-lived", expiresIn: "never" });
    await expect(authenticateApiRequest(request(`Bearer ${token}`))).resolves.toEqual(analyst);
    await revokeApiToken(analyst, { tokenId: summary.id });
    expect(await refusal(`Bearer ${token}`)).toMatch(/revoked/);
    expect((await listApiTokens({ ownerId: analyst.id })).find((t) => t.id === summary.id)).toMatchObject({
      status: "revoked",
      revokedAt: expect.any(Date),
    });
  });

  it("refuses an expired token", async () => {
    const { token, summary } = await createApiToken(analyst, { name: "expiring", expiresIn: "7" });
    await expect(authenticateApiRequest(request(`Bearer ${token}`))).resolves.toEqual(analyst);
    await db.apiToken.update({ where: { id: summary.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await refusal(`Bearer ${token}`)).toMatch(/expired/);
    expect((await listApiTokens({ ownerId: analyst.id })).find((t) => t.id === summary.id)?.status).toBe("expired");
    // Expiry is checked against the request time, not the database's view of "now".
    await db.apiToken.update({ where: { id: summary.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    await expect(authenticateApiRequest(request(`Bearer ${token}`))).resolves.toEqual(analyst);
    await expect(
      authenticateApiRequest(request(`Bearer ${token}`), new Date(Date.now() + 120_000)),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses tokens of disabled users, and accepts them again once re-enabled", async () => {
    const person = await createActor("ANALYST");
    const { token } = await createApiToken(person, { name: "theirs", expiresIn: "never" });
    await setUserDisabled(admin, { userId: person.id, disabled: true });
    expect(await refusal(`Bearer ${token}`)).toMatch(/disabled/);
    await setUserDisabled(admin, { userId: person.id, disabled: false });
    await expect(authenticateApiRequest(request(`Bearer ${token}`))).resolves.toEqual(person);
  });

  it("acts with the owner's current role", async () => {
    const person = await createActor("ANALYST");
    const { token } = await createApiToken(person, { name: "promoted later", expiresIn: "never" });
    expect((await authenticateApiRequest(request(`Bearer ${token}`))).role).toBe("ANALYST");
    await changeUserRole(admin, { userId: person.id, role: "ADMIN" });
    expect((await authenticateApiRequest(request(`Bearer ${token}`))).role).toBe("ADMIN");
  });

  it("records when a token was last used, at most once a minute", async () => {
    const { token, summary } = await createApiToken(analyst, { name: "busy", expiresIn: "never" });
    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt;
    const t0 = new Date();
    await authenticateApiRequest(request(`Bearer ${token}`), t0);
    expect(await lastUsed()).toEqual(t0);
    await authenticateApiRequest(request(`Bearer ${token}`), new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const t1 = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS);
    await authenticateApiRequest(request(`Bearer ${token}`), t1);
    expect(await lastUsed()).toEqual(t1);
    // Many requests at once still write once.
    const t2 = new Date(t1.getTime() + LAST_USED_RESOLUTION_MS + 5);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        authenticateApiRequest(request(`Bearer ${token}`), new Date(t2.getTime() + i)),
      ),
    );
    expect((await lastUsed())!.getTime()).toBeGreaterThanOrEqual(t2.getTime());
    expect((await lastUsed())!.getTime()).toBeLessThan(t2.getTime() + 8);
  });
});

describe("who manages which tokens", () => {
  // Everyone's tokens are listed on the settings page for admins only (tests/e2e/settings-audit-and-tokens.spec.ts).
  it("lists one person's tokens without anyone else's", async () => {
    const mine = await createApiToken(analyst, { name: "analyst's", expiresIn: "never" });
    const adminsToken = await createApiToken(admin, { name: "admin's", expiresIn: "never" });
    const own = await listApiTokens({ ownerId: analyst.id });
    expect(own.every((t) => t.owner.id === analyst.id)).toBe(true);
    expect(own.map((t) => t.id)).toContain(mine.summary.id);
    expect(own.map((t) => t.id)).not.toContain(adminsToken.summary.id);
  });

  it("refuses analysts revoking someone else's token", async () => {
    const adminsToken = await createApiToken(admin, { name: "not yours", expiresIn: "never" });
    await expect(revokeApiToken(analyst, { tokenId: adminsToken.summary.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(authenticateApiRequest(request(`Bearer ${adminsToken.token}`))).resolves.toEqual(admin);
  });

  it("lets admins see and revoke everyone's tokens", async () => {
    const analysts = await createApiToken(analyst, { name: "to be revoked by an admin", expiresIn: "never" });
    const all = await listApiTokens("everyone");
    expect(all.find((t) => t.id === analysts.summary.id)).toMatchObject({
      owner: { id: analyst.id, email: analyst.email },
    });
    expect(all.map((t) => t.owner.id)).toEqual(expect.arrayContaining([admin.id, analyst.id]));
    expect((await listApiTokens({ ownerId: admin.id })).every((t) => t.owner.id === admin.id)).toBe(true);

    await expect(revokeApiToken(admin, { tokenId: analysts.summary.id })).resolves.toMatchObject({ status: "revoked" });
    await expect(authenticateApiRequest(request(`Bearer ${analysts.token}`))).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it("reports unknown tokens and bad ids", async () => {
    await expect(revokeApiToken(admin, { tokenId: crypto.randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiToken(admin, { tokenId: "nope" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("deletes a user's tokens with the user", async () => {
    const person = await createActor("ANALYST");
    const { summary } = await createApiToken(person, { name: "orphan", expiresIn: "never" });
    await db.user.delete({ where: { id: person.id } });
    expect(await db.apiToken.findUnique({ where: { id: summary.id } })).toBeNull();
  });
});
