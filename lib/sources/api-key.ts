import { openSecret, sealSecret, secretFingerprint } from "@/lib/crypto/secret-box";

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
