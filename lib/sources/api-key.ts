import { type RotationReport, resealEach } from "@/lib/crypto/rotate";
import { openSecret, sealSecret, secretFingerprint } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";

/** A source's API key is sealed bound to the source id: the ciphertext only opens on its own row. */
function context(sourceId: string): string {
  return `log_source:${sourceId}:api_key`;
}

export function sealSourceApiKey(sourceId: string, apiKey: string) {
  return { apiKeyEncrypted: sealSecret(apiKey, context(sourceId)), apiKeyFingerprint: secretFingerprint(apiKey) };
}

export function openSourceApiKey(source: { id: string; apiKeyEncrypted: string }): string {
  return openSecret(source.apiKeyEncrypted, context(source.id));
}

/** Key rotation: re-seals every active source's API key with the current encryption key. */
export async function resealSourceApiKeys(): Promise<RotationReport> {
  const sources = await db.logSource.findMany({
    where: { deletedAt: null },
    select: { id: true, name: true, apiKeyEncrypted: true },
  });
  return resealEach(
    sources,
    (source) => [source.apiKeyEncrypted],
    async (source) => {
      await db.logSource.update({
        where: { id: source.id },
        data: sealSourceApiKey(source.id, openSourceApiKey(source)),
      });
    },
  );
}
