import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/**
 * Under every filter form: whether the filters are being applied (announced politely), the
 * way back to no filters, and, only without JavaScript, the button that applies them.
 */
export function FilterFooter({ pending, clearHref }: { pending: boolean; clearHref?: string }) {
  return (
    <div className="mt-3 flex min-h-8 flex-wrap items-center gap-3 text-sm">
      <noscript>
        <button type="submit" className={buttonClasses("secondary", "sm")}>
          Apply filters
        </button>
      </noscript>
      {clearHref ? (
        <Link href={clearHref} className={buttonClasses("ghost", "sm")}>
          Clear filters
        </Link>
      ) : null}
      <span role="status" aria-live="polite" className="inline-flex items-center gap-2 text-muted">
        {pending ? (
          <>
            <span
              aria-hidden="true"
              className="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent"
            />
            Updating results…
          </>
        ) : (
          <span className="sr-only">Filters apply as you change them.</span>
        )}
      </span>
    </div>
  );
}
