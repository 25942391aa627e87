import { db } from "@/lib/db";
import { isSealedWithCurrentKey } from "@/lib/crypto/secret-box";
import { openSourceApiKey, sealSourceApiKey } from "@/lib/sources/api-key";

/**
 * Re-seals every stored API key with the current encryption key. Values already under
 * the current key are left alone, so the rotation can be re-run after an interruption.
 */
export type RotationReport = {
  resealed: number;
  alreadyCurrent: number;
  failed: { sourceId: string; name: string; reason: string }[];
};

export async function resealStoredSecrets(): Promise<RotationReport> {
  const report: RotationReport = { resealed: 0, alreadyCurrent: 0, failed: [] };
  const sources = await db.logSource.findMany({
    where: { deletedAt: null },
    select: { id: true, name: true, apiKeyEncrypted: true },
  });
  for (const source of sources) {
    if (isSealedWithCurrentKey(source.apiKeyEncrypted)) {
      report.alreadyCurrent += 1;
      continue;
    }
    try {
      const apiKey = openSourceApiKey(source);
      await db.logSource.update({ where: { id: source.id }, data: sealSourceApiKey(source.id, apiKey) });
      report.resealed += 1;
    } catch (error) {
      report.failed.push({
        sourceId: source.id,
        name: source.name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return report;
}
