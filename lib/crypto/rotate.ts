import { isSealedWithCurrentKey } from "./secret-box";

/**
 * Re-sealing stored secrets with the current encryption key, for the key rotation. Each
 * domain that stores secrets re-seals its own (it knows its rows and how each value is
 * bound to its row) through here; the rotation command calls each of them. Values
 * already under the current key are left alone, so a rotation can be re-run after an
 * interruption.
 */
export type RotationReport = {
  resealed: number;
  alreadyCurrent: number;
  failed: { id: string; name: string; reason: string }[];
};

export async function resealEach<T extends { id: string; name: string }>(
  rows: T[],
  /** Every sealed value the row holds (null for an optional one not set): the row is current only when all are. */
  sealedValues: (row: T) => (string | null)[],
  reseal: (row: T) => Promise<void>,
): Promise<RotationReport> {
  const report: RotationReport = { resealed: 0, alreadyCurrent: 0, failed: [] };
  for (const row of rows) {
    if (sealedValues(row).every((value) => value === null || isSealedWithCurrentKey(value))) {
      report.alreadyCurrent += 1;
      continue;
    }
    try {
      await reseal(row);
      report.resealed += 1;
    } catch (error) {
      report.failed.push({
        id: row.id,
        name: row.name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return report;
}
