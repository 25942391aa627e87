import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beginLocalKeyRotation, finishLocalKeyRotation, resetSecretsCache, secrets } from "@/lib/config/secrets";
import { openSecret, sealSecret, SecretUnavailableError } from "@/lib/crypto/secret-box";
import {
  openDestinationSecret,
  openDestinationUrl,
  resealDestinationSecrets,
  sealDestinationSecret,
  sealDestinationUrl,
} from "@/lib/alerts/destinations/secrets";
import { resealSourceApiKeys } from "@/lib/sources/api-key";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { openSourceApiKey, sealSourceApiKey } from "@/lib/sources/api-key";
import { useTestDatabase } from "../helpers/database";

const originalKey = process.env.INTAKE_ENCRYPTION_KEY;
let url: string;

function useKeys(current: string, previous?: string) {
  process.env.INTAKE_ENCRYPTION_KEY = current;
  if (previous) process.env.INTAKE_PREVIOUS_ENCRYPTION_KEY = previous;
  else delete process.env.INTAKE_PREVIOUS_ENCRYPTION_KEY;
  resetEnvCache();
  resetSecretsCache();
}

beforeAll(async () => {
  url = await useTestDatabase();
});
afterEach(() => useKeys(originalKey!));

async function insertSource(id: string, apiKey: string) {
  await db.logSource.create({
    data: {
      id,
      name: `s-${id}`,
      nameKey: `s-${id}`,
      region: "us3",
      ...sealSourceApiKey(id, apiKey),
      apiKeyUpdatedAt: new Date(),
      auditLogs: [],
      state: { create: {} },
    },
  });
}

async function insertDestination(id: string, url: string, secret: string | null) {
  await db.alertDestination.create({
    data: {
      id,
      name: `d-${id}`,
      type: "webhook",
      urlEncrypted: sealDestinationUrl(id, url),
      urlHint: "https://siem.example.com",
      secretEncrypted: secret === null ? null : sealDestinationSecret(id, secret),
    },
  });
}

describe("secret box", () => {
  it("seals with AES-256-GCM: fresh ciphertext each time, opens only in its own context", () => {
    const a = sealSecret("r7-api-key-123", "log_source:1:api_key");
    const b = sealSecret("r7-api-key-123", "log_source:1:api_key");
    expect(a).not.toBe(b);
    expect(a).not.toContain("r7-api-key-123");
    expect(openSecret(a, "log_source:1:api_key")).toBe("r7-api-key-123");
    expect(() => openSecret(a, "log_source:2:api_key")).toThrow(SecretUnavailableError);
  });

  it("detects tampering", () => {
    const sealed = sealSecret("r7-api-key-123", "ctx").split(":");
    const ciphertext = Buffer.from(sealed[3]!, "base64url");
    ciphertext[0] = ciphertext[0]! ^ 1;
    sealed[3] = ciphertext.toString("base64url");
    expect(() => openSecret(sealed.join(":"), "ctx")).toThrow("could not be decrypted");
  });

  it("says which key is missing when a value was sealed with a key this server lacks", () => {
    const sealed = sealSecret("r7-api-key-123", "ctx");
    useKeys(randomBytes(32).toString("base64"));
    expect(() => openSecret(sealed, "ctx")).toThrow(/INTAKE_PREVIOUS_ENCRYPTION_KEY/);
  });

  it("rotates: values sealed with the previous key still open, and re-sealing moves them all to the new key", async () => {
    const oldKey = process.env.INTAKE_ENCRYPTION_KEY!;
    const id = crypto.randomUUID();
    await insertSource(id, "the-real-rapid7-key");
    const newKey = randomBytes(32).toString("base64");
    useKeys(newKey, oldKey);
    expect(openSourceApiKey(await db.logSource.findUniqueOrThrow({ where: { id } }))).toBe("the-real-rapid7-key");

    const report = await resealSourceApiKeys();
    expect(report.failed).toEqual([]);
    expect(report.resealed).toBeGreaterThanOrEqual(1);
    useKeys(newKey);
    expect(openSourceApiKey(await db.logSource.findUniqueOrThrow({ where: { id } }))).toBe("the-real-rapid7-key");
    expect((await resealSourceApiKeys()).resealed).toBe(0);
  });

  it("`npm run keys:rotate`'s command re-encrypts through the real entry point", async () => {
    url = await useTestDatabase();
    const oldKey = process.env.INTAKE_ENCRYPTION_KEY!;
    const id = crypto.randomUUID();
    await insertSource(id, "another-rapid7-key");
    const signed = crypto.randomUUID();
    const unsigned = crypto.randomUUID();
    await insertDestination(signed, "https://siem.example.com/in?token=webhook-token", "signing-secret-1");
    await insertDestination(unsigned, "https://hooks.slack.com/services/T0/B0/slack-token", null);
    const newKey = randomBytes(32).toString("base64");
    const result = spawnSync(process.execPath, ["--import", "tsx", "bin/rotate-keys.ts"], {
      env: { ...process.env, DATABASE_URL: url, INTAKE_ENCRYPTION_KEY: newKey, INTAKE_PREVIOUS_ENCRYPTION_KEY: oldKey },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/Re-encrypted [1-9]\d* API key\(s\)/);
    expect(result.stdout).toMatch(/Re-encrypted [2-9]\d* alert destination\(s\)/);
    expect(result.status).toBe(0);
    // Only the new key from here on: whatever was not re-sealed would no longer open.
    useKeys(newKey);
    expect(openSourceApiKey(await db.logSource.findUniqueOrThrow({ where: { id } }))).toBe("another-rapid7-key");
    const signedRow = await db.alertDestination.findUniqueOrThrow({ where: { id: signed } });
    expect(openDestinationUrl(signedRow)).toBe("https://siem.example.com/in?token=webhook-token");
    expect(openDestinationSecret(signedRow)).toBe("signing-secret-1");
    const unsignedRow = await db.alertDestination.findUniqueOrThrow({ where: { id: unsigned } });
    expect(openDestinationUrl(unsignedRow)).toBe("https://hooks.slack.com/services/T0/B0/slack-token");
    expect(openDestinationSecret(unsignedRow)).toBeNull();
    expect((await resealDestinationSecrets()).resealed).toBe(0);
  });

  it("embedded installs rotate the key kept in .data/secrets.json, and an interrupted rotation resumes", async () => {
    await useTestDatabase();
    const saved = { dir: process.env.INTAKE_DATA_DIR, key: process.env.INTAKE_ENCRYPTION_KEY };
    const dir = mkdtempSync(path.join(tmpdir(), "intake-rotation-"));
    process.env.INTAKE_DATA_DIR = dir;
    delete process.env.INTAKE_ENCRYPTION_KEY;
    resetEnvCache();
    resetSecretsCache();
    try {
      const original = secrets().encryptionKey;
      expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
      const id = crypto.randomUUID();
      await insertSource(id, "embedded-rapid7-key");

      expect(beginLocalKeyRotation()).toEqual({ resumed: false });
      expect(secrets().encryptionKey.equals(original)).toBe(false);
      expect(secrets().previousEncryptionKey?.equals(original)).toBe(true);
      // Interrupted here, then run again: the same new key is kept.
      const rotated = secrets().encryptionKey;
      expect(beginLocalKeyRotation()).toEqual({ resumed: true });
      expect(secrets().encryptionKey.equals(rotated)).toBe(true);

      expect(await resealSourceApiKeys()).toMatchObject({ resealed: 1, failed: [] });
      finishLocalKeyRotation();
      expect(secrets().previousEncryptionKey).toBeNull();
      expect(openSourceApiKey(await db.logSource.findUniqueOrThrow({ where: { id } }))).toBe("embedded-rapid7-key");
      expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    } finally {
      process.env.INTAKE_DATA_DIR = saved.dir;
      process.env.INTAKE_ENCRYPTION_KEY = saved.key;
      resetEnvCache();
      resetSecretsCache();
    }
  });
});
