import { createHash } from "node:crypto";
import { latestAuditAnchor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { type CoverageView, coverageOf } from "./view";

/**
 * A coverage report for a period: the source, each window with both counts and its
 * state, and the anchor that ties it to Intake's audit trail: the newest audit entry's
 * hash when the report was generated, and a SHA-256 of the report's windows. Anyone
 * holding the report can later check that the trail still contains that entry (Settings >
 * Audit log verifies the chain) and that the windows were not edited.
 */
export type CoverageReport = {
  generatedAt: string;
  source: { id: string; name: string; logType: string; region: string };
  coverage: CoverageView;
  /** SHA-256 over the windows as listed (JSON), so an edited copy no longer matches. */
  windowsSha256: string;
  auditAnchor: { entryId: string; at: string; hash: string };
};

/** The coverage of a source's period; NotFoundError for an unknown source. */
export async function sourceCoverage(sourceId: string, from: Date, to: Date): Promise<CoverageView> {
  await requireSource(sourceId);
  return coverageOf(sourceId, from, to);
}

export async function coverageReport(
  sourceId: string,
  from: Date,
  to: Date,
  now = new Date(),
): Promise<CoverageReport> {
  const source = await requireSource(sourceId);
  const [coverage, anchor] = await Promise.all([coverageOf(sourceId, from, to), latestAuditAnchor()]);
  return {
    generatedAt: now.toISOString(),
    source,
    coverage,
    windowsSha256: createHash("sha256").update(JSON.stringify(coverage.windows)).digest("hex"),
    auditAnchor: { entryId: anchor.entryId, at: anchor.at.toISOString(), hash: anchor.hash },
  };
}

async function requireSource(sourceId: string) {
  const source = await db.logSource.findUnique({
    where: { id: sourceId },
    select: { id: true, name: true, logType: true, region: true },
  });
  if (!source) throw new NotFoundError("This source does not exist (it may have been deleted).");
  return source;
}
