import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir } from "@/lib/config/paths";
import { env } from "@/lib/env";

/**
 * Secrets Intake needs: the session-signing secret, the key that encrypts stored API
 * keys (and, during a rotation, the key being replaced), and the embedded PostgreSQL
 * password. They come from the environment; for the embedded single-machine default
 * they are generated once into .data/secrets.json, readable by the owner only, so a
 * restart keeps sessions and stored keys usable.
 */
export type Secrets = {
  authSecret: string;
  encryptionKey: Buffer;
  previousEncryptionKey: Buffer | null;
  embeddedPostgresPassword: string;
};

const base64Key = z.string().refine((v) => Buffer.from(v, "base64").length === 32);
const storedSecretsSchema = z.object({
  authSecret: z.string().min(32),
  encryptionKey: base64Key,
  previousEncryptionKey: base64Key.optional(),
  embeddedPostgresPassword: z.string().min(16),
});
type StoredSecrets = z.infer<typeof storedSecretsSchema>;

let cached: Secrets | undefined;

export function secrets(): Secrets {
  if (cached) return cached;
  const settings = env();
  const local = usesLocalSecrets() ? loadOrCreateLocalSecrets() : undefined;
  const authSecret = settings.NEXTAUTH_SECRET ?? local?.authSecret;
  const encryptionKey = settings.INTAKE_ENCRYPTION_KEY ?? local?.encryptionKey;
  if (!authSecret || !encryptionKey) {
    throw new Error("NEXTAUTH_SECRET and INTAKE_ENCRYPTION_KEY are required when DATABASE_URL is set.");
  }
  const previous =
    settings.INTAKE_PREVIOUS_ENCRYPTION_KEY ??
    (settings.INTAKE_ENCRYPTION_KEY ? undefined : local?.previousEncryptionKey);
  cached = {
    authSecret,
    encryptionKey: Buffer.from(encryptionKey, "base64"),
    previousEncryptionKey: previous ? Buffer.from(previous, "base64") : null,
    embeddedPostgresPassword: local?.embeddedPostgresPassword ?? "",
  };
  return cached;
}

export function resetSecretsCache(): void {
  cached = undefined;
}

/** Whether secrets (some or all) live in .data/secrets.json rather than the environment. */
export function usesLocalSecrets(): boolean {
  const settings = env();
  return !(settings.NEXTAUTH_SECRET && settings.INTAKE_ENCRYPTION_KEY && settings.DATABASE_URL);
}

function secretsFile(): string {
  return path.join(dataDir(), "secrets.json");
}

function loadOrCreateLocalSecrets(): StoredSecrets {
  const file = secretsFile();
  if (existsSync(file)) {
    const parsed = storedSecretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
      throw new Error(`${file} is damaged. Restore it from a backup; without it stored API keys cannot be decrypted.`);
    }
    return parsed.data;
  }
  const created: StoredSecrets = {
    authSecret: randomBytes(32).toString("base64"),
    encryptionKey: randomBytes(32).toString("base64"),
    embeddedPostgresPassword: randomBytes(24).toString("base64url"),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  // "wx" fails if another process created the file first; then we use theirs.
  try {
    writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateLocalSecrets();
    throw error;
  }
  chmodSync(file, 0o600);
  return created;
}

/**
 * Embedded installs: start a key rotation by making a new key current and keeping the
 * old one as previous, in one atomic file replace. If a rotation is already under way
 * (a previous key is present) it is resumed rather than started again.
 */
export function beginLocalKeyRotation(): { resumed: boolean } {
  const stored = loadOrCreateLocalSecrets();
  if (stored.previousEncryptionKey) return { resumed: true };
  writeLocalSecrets({
    ...stored,
    previousEncryptionKey: stored.encryptionKey,
    encryptionKey: randomBytes(32).toString("base64"),
  });
  resetSecretsCache();
  return { resumed: false };
}

export function finishLocalKeyRotation(): void {
  const { previousEncryptionKey: _dropped, ...rest } = loadOrCreateLocalSecrets();
  writeLocalSecrets(rest);
  resetSecretsCache();
}

function writeLocalSecrets(value: StoredSecrets): void {
  const file = secretsFile();
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2), { mode: 0o600 });
  renameSync(temporary, file);
}
