import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/**
 * Keyset paging: "Load older" follows the cursor of the last row shown, "Newest" goes
 * back to the top. No page numbers and no total: counting millions of rows on every page
 * would cost more than the page itself.
 */
export function Pagination({
  shown,
  hasMore,
  onFirstPage,
  olderHref,
  newestHref,
}: {
  shown: number;
  hasMore: boolean;
  onFirstPage: boolean;
  olderHref: string | null;
  newestHref: string;
}) {
  const summary = onFirstPage
    ? `${shown}${hasMore ? "+" : ""} ${shown === 1 ? "event" : "events"}, newest first`
    : `${shown} older ${shown === 1 ? "event" : "events"}${hasMore ? "; more before these" : "; the oldest that match"}`;
  return (
    <nav aria-label="Result pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-muted" data-testid="result-summary">
        {summary}
      </p>
      <div className="flex items-center gap-2">
        {onFirstPage ? null : (
          <Link href={newestHref} className={buttonClasses("ghost", "sm")}>
            Newest
          </Link>
        )}
        {hasMore && olderHref ? (
          <Link href={olderHref} className={buttonClasses("secondary", "sm")}>
            Load older
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
