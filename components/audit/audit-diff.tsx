import { UntrustedText } from "@/components/ui/untrusted-text";
import type { AuditDiff } from "@/lib/audit/diff";

/**
 * A compact before → after of an audited change that expands to every field. Secrets are
 * already "[changed]" / "[set]" in what the recorder stored; this only displays.
 */
function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return JSON.stringify(value);
}

type Row = { field: string; before: unknown; after: unknown; hasBefore: boolean; hasAfter: boolean };

function rowsOf(diff: AuditDiff): Row[] {
  const fields = new Set([...Object.keys(diff.before ?? {}), ...Object.keys(diff.after ?? {})]);
  return [...fields].map((field) => ({
    field,
    before: diff.before?.[field],
    after: diff.after?.[field],
    hasBefore: diff.before !== null && field in diff.before,
    hasAfter: diff.after !== null && field in diff.after,
  }));
}

function compact(row: Row): string {
  if (row.hasBefore && row.hasAfter) return `${row.field}: ${show(row.before)} → ${show(row.after)}`;
  if (row.hasAfter) return `${row.field}: ${show(row.after)}`;
  return `${row.field}: ${show(row.before)} → removed`;
}

const PREVIEW_FIELDS = 2;

export function AuditDiffView({ diff }: { diff: AuditDiff }) {
  const rows = rowsOf(diff);
  if (rows.length === 0) return <span className="text-muted">—</span>;
  const preview = rows.slice(0, PREVIEW_FIELDS).map(compact).join("; ");
  const more = rows.length - PREVIEW_FIELDS;
  return (
    // Long values without spaces (URLs, ids, JSON) wrap anywhere, so the change stays inside its cell.
    <details className="group min-w-0 max-w-full">
      <summary className="cursor-pointer list-none text-slate-300 marker:hidden">
        <span className="wrap-anywhere">
          <UntrustedText text={preview} />
        </span>
        {more > 0 ? <span className="ml-1 text-muted">+{more} more</span> : null}
        <span className="ml-2 text-xs text-accent group-open:hidden">Show</span>
        <span className="ml-2 hidden text-xs text-accent group-open:inline">Hide</span>
      </summary>
      <dl
        className="mt-2 space-y-1.5 rounded-md border border-line bg-canvas/60 p-2 text-xs"
        aria-label="Changed fields"
      >
        {rows.map((row) => (
          <div key={row.field}>
            <dt className="wrap-anywhere font-medium text-slate-200">
              <UntrustedText text={row.field} />
            </dt>
            <dd className="wrap-anywhere font-mono">
              <span className="text-rose-200">
                <UntrustedText text={row.hasBefore ? show(row.before) : "—"} />
              </span>
              <span aria-hidden="true" className="text-muted">
                {" "}
                →{" "}
              </span>
              <span className="sr-only"> changed to </span>
              <span className="text-emerald-200">
                <UntrustedText text={row.hasAfter ? show(row.after) : "—"} />
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
