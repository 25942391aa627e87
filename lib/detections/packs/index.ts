import type { DetectionPack, DetectionRule } from "../rule";
import { rapid7AuditLogPack } from "./rapid7-audit-log";

/** Every pack this version ships. Adding a pack means adding it here. */
export const DETECTION_PACKS: readonly DetectionPack[] = [rapid7AuditLogPack];

/** A rule with the pack it runs for (a rule in two enabled packs runs once, for the first). */
export type EnabledRule = { pack: DetectionPack; rule: DetectionRule };

/**
 * The rules to run for a source: its enabled packs' rules that read its log type, looked
 * up in `packs` (the shipped ones unless a caller passes its own). Unknown pack ids are
 * ignored.
 */
export function enabledRules(
  packIds: readonly string[],
  logType: string,
  packs: readonly DetectionPack[] = DETECTION_PACKS,
): EnabledRule[] {
  const seen = new Set<string>();
  const out: EnabledRule[] = [];
  for (const id of packIds) {
    const pack = packs.find((candidate) => candidate.id === id);
    if (!pack) continue;
    for (const rule of pack.rules) {
      if (seen.has(rule.id) || !rule.logTypes.includes(logType)) continue;
      seen.add(rule.id);
      out.push({ pack, rule });
    }
  }
  return out;
}
