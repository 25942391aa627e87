import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { secrets } from "@/lib/config/secrets";

/**
 * Encrypts secrets at rest (Rapid7 API keys) with AES-256-GCM. Each value records the
 * id of the key that sealed it, so after a rotation values sealed with the previous
 * key (INTAKE_PREVIOUS_ENCRYPTION_KEY) still open until `npm run keys:rotate` re-seals
 * them. The context (e.g. the source id) is bound as associated data, so a value copied
 * onto another row does not decrypt there.
 */
const VERSION = "v1";

export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnavailableError";
  }
}

function keyId(key: Buffer): string {
  return createHash("sha256").update("intake-key-id:").update(key).digest("hex").slice(0, 8);
}

function keyring(): Map<string, Buffer> {
  const { encryptionKey, previousEncryptionKey } = secrets();
  const keys = new Map<string, Buffer>([[keyId(encryptionKey), encryptionKey]]);
  if (previousEncryptionKey) keys.set(keyId(previousEncryptionKey), previousEncryptionKey);
  return keys;
}

export function sealSecret(plaintext: string, context: string): string {
  const key = secrets().encryptionKey;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    keyId(key),
    iv.toString("base64url"),
    ciphertext.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(":");
}

export function openSecret(sealed: string, context: string): string {
  const [version, id, iv, ciphertext, tag] = sealed.split(":");
  if (version !== VERSION || !id || !iv || !ciphertext || !tag)
    throw new SecretUnavailableError("The stored secret is not in a format this version of Intake reads.");
  const key = keyring().get(id);
  if (!key) {
    throw new SecretUnavailableError(
      "The stored API key was encrypted with a key this server does not have. Set INTAKE_ENCRYPTION_KEY (or INTAKE_PREVIOUS_ENCRYPTION_KEY during a rotation) to the key it was saved with, or replace the API key.",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnavailableError(
      "The stored API key could not be decrypted (it was altered or belongs to another record). Replace the API key.",
    );
  }
}

/** Whether a sealed value uses the current key (false: `npm run keys:rotate` should re-seal it). */
export function isSealedWithCurrentKey(sealed: string): boolean {
  return sealed.split(":")[1] === keyId(secrets().encryptionKey);
}

/** A stable, non-reversible identifier for a secret, to recognise the same API key on several sources. */
export function secretFingerprint(plaintext: string): string {
  return createHmac("sha256", secrets().encryptionKey).update(`fingerprint:${plaintext}`).digest("hex").slice(0, 32);
}
