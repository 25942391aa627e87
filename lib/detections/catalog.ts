import { DETECTION_PACKS } from "./packs";

/**
 * The detection packs this version of Intake ships. A pack is a set of rules written as
 * code over normalized events; enabling it on a source runs its rules on every event the
 * source ingests from then on.
 */
export type DetectionPackSummary = {
  id: string;
  name: string;
  description: string;
  logTypes: string[];
  ruleCount: number;
};

const PACKS: DetectionPackSummary[] = DETECTION_PACKS.map((pack) => ({
  id: pack.id,
  name: pack.name,
  description: pack.description,
  logTypes: [...pack.logTypes],
  ruleCount: pack.rules.length,
}));

export function listDetectionPacks(logType?: string): DetectionPackSummary[] {
  return PACKS.filter((pack) => !logType || pack.logTypes.includes(logType));
}

export function isKnownPack(id: string): boolean {
  return PACKS.some((pack) => pack.id === id);
}
