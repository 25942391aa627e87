import type { CoverageReport } from "@/lib/sources/coverage/report";
import { COVERAGE_STATES } from "@/lib/sources/coverage/windows";
import { COVERAGE_LOOK } from "./coverage-legend";
import { CoverageTable } from "./coverage-table";
import { UntrustedText } from "@/components/ui/untrusted-text";

/**
 * The printable coverage report: what was checked, the outcome per state, every window
 * with its counts, and the audit-trail anchor that dates it. Laid out to print on white.
 */
export function CoverageReportView({ report }: { report: CoverageReport }) {
  const { coverage, source, auditAnchor } = report;
  return (
    <article className="space-y-6 print:bg-white print:text-black" data-testid="coverage-report">
      <header>
        <p className="text-xs uppercase tracking-wide text-muted">Coverage report</p>
        <h1 className="text-2xl font-semibold text-white print:text-black">
          <UntrustedText text={source.name} />
        </h1>
        <p className="text-sm text-slate-300 print:text-black">
          {source.logType} · region {source.region} · {coverage.from} to {coverage.to} (UTC), in{" "}
          {coverage.windowMinutes}-minute windows of Rapid7 receive time. Generated {report.generatedAt}. Print it with
          your browser (Ctrl+P or ⌘P).
        </p>
      </header>
      <section>
        <h2 className="mb-2 font-semibold text-white print:text-black">Outcome</h2>
        <ul className="grid grid-cols-2 gap-1 text-sm sm:grid-cols-3">
          {COVERAGE_STATES.map((state) => (
            <li key={state}>
              <span className="font-medium">{COVERAGE_LOOK[state].label}:</span> {coverage.totals[state]} —{" "}
              <span className="text-muted print:text-black">{COVERAGE_LOOK[state].meaning}</span>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-sm">Last verified up to: {coverage.lastVerifiedUpTo ?? "not verified yet"}.</p>
      </section>
      <section>
        <h2 className="mb-2 font-semibold text-white print:text-black">Audit-trail anchor</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Latest audit entry</dt>
          <dd>
            #{auditAnchor.entryId} at {auditAnchor.at}
          </dd>
          <dt className="text-muted">Its hash</dt>
          <dd className="break-all font-mono" data-testid="coverage-report-anchor">
            {auditAnchor.hash}
          </dd>
          <dt className="text-muted">SHA-256 of the windows</dt>
          <dd className="break-all font-mono">{report.windowsSha256}</dd>
        </dl>
        <p className="mt-2 text-xs text-muted print:text-black">
          The anchor is the newest entry of Intake&apos;s hash-chained audit trail when this report was generated;
          Settings &gt; Audit log verifies that the chain still holds it. The JSON export carries the same values.
        </p>
      </section>
      <section>
        <h2 className="mb-2 font-semibold text-white print:text-black">Windows</h2>
        {coverage.windows.length > 0 ? (
          <CoverageTable label="Every coverage window of the period" windows={coverage.windows} />
        ) : (
          <p className="text-sm text-muted">No windows in this period.</p>
        )}
      </section>
    </article>
  );
}
