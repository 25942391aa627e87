import { buttonClasses } from "@/components/ui/button";

/**
 * Downloads of the whole current result (not just this page) through the export route.
 * They sit right under the filters they export, above the histogram and the table.
 */
export function ExportLinks({ query }: { query: string }) {
  const href = (format: string) => `/api/events/export?${query ? `${query}&` : ""}format=${format}`;
  return (
    <div
      className="mt-4 flex flex-wrap items-center gap-2"
      aria-label="Export the current result"
      role="group"
      data-testid="export-links"
    >
      <span className="text-xs text-muted">Every matching event:</span>
      <a href={href("jsonl")} download className={buttonClasses("secondary", "sm")}>
        Export JSON lines
      </a>
      <a href={href("csv")} download className={buttonClasses("secondary", "sm")}>
        Export CSV
      </a>
    </div>
  );
}
