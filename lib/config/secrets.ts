import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir } from "@/lib/config/paths";
import { env } from "@/lib/env";

/**
 * Secrets Intake needs: the session-signing secret, the key that encrypts stored API
 * keys, and the embedded PostgreSQL password. They come from the environment; for the
 * embedded single-machine default they are generated once into .data/secrets.json,
 * readable by the owner only, so a restart keeps sessions and stored keys usable.
 */
export type Secrets = {
  authSecret: string;
  encryptionKey: Buffer;
  embeddedPostgresPassword: string;
};

const storedSecretsSchema = z.object({
  authSecret: z.string().min(32),
  encryptionKey: z.string().refine((v) => Buffer.from(v, "base64").length === 32),
  embeddedPostgresPassword: z.string().min(16),
});
type StoredSecrets = z.infer<typeof storedSecretsSchema>;

let cached: Secrets | undefined;

export function secrets(): Secrets {
  if (cached) return cached;
  const settings = env();
  const local = settings.NEXTAUTH_SECRET && settings.INTAKE_ENCRYPTION_KEY && settings.DATABASE_URL
    ? undefined
    : loadOrCreateLocalSecrets();
  const authSecret = settings.NEXTAUTH_SECRET ?? local?.authSecret;
  const encryptionKey = settings.INTAKE_ENCRYPTION_KEY ?? local?.encryptionKey;
  if (!authSecret || !encryptionKey) {
    throw new Error("NEXTAUTH_SECRET and INTAKE_ENCRYPTION_KEY are required when DATABASE_URL is set.");
  }
  cached = {
    authSecret,
    encryptionKey: Buffer.from(encryptionKey, "base64"),
    embeddedPostgresPassword: local?.embeddedPostgresPassword ?? "",
  };
  return cached;
}

function loadOrCreateLocalSecrets(): StoredSecrets {
  const file = path.join(dataDir(), "secrets.json");
  if (existsSync(file)) {
    const parsed = storedSecretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) {
      throw new Error(
        `${file} is damaged. Restore it from a backup; without it stored API keys cannot be decrypted.`,
      );
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
