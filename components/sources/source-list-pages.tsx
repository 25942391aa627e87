import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { type SourceListPage, type SourceListParams, sourceListHref } from "@/lib/sources/list-view";

const count = (value: number) => value.toLocaleString("en-US");

/**
 * Where the Log Sources list is among the sources that match: "Sources 51–100 of 1,000",
 * and links to the first, previous, next and last page, which keep the filters and sort.
 * A link that would lead nowhere is not drawn, so every one shown goes somewhere new.
 */
export function SourceListPages({
  params,
  list,
  filtered,
}: {
  params: SourceListParams;
  list: Omit<SourceListPage<unknown>, "rows">;
  filtered: boolean;
}) {
  const { page, pageCount, first, last, matching } = list;
  const noun = matching === 1 ? "source" : "sources";
  const matchingText = filtered ? `${count(matching)} matching ${noun}` : `${count(matching)} ${noun}`;
  const summary = pageCount > 1 ? `${count(first)}–${count(last)} of ${matchingText}` : matchingText;
  const to = (target: number) => sourceListHref(params, { page: target });
  return (
    <nav aria-label="Source pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-muted" data-testid="source-list-summary">
        {summary}
        {pageCount > 1 ? `, page ${count(page)} of ${count(pageCount)}` : null}
      </p>
      {pageCount > 1 ? (
        <div className="flex items-center gap-2">
          {page > 2 ? (
            <Link href={to(1)} className={buttonClasses("ghost", "sm")}>
              First
            </Link>
          ) : null}
          {page > 1 ? (
            <Link href={to(page - 1)} rel="prev" className={buttonClasses("secondary", "sm")}>
              Previous
            </Link>
          ) : null}
          {page < pageCount ? (
            <Link href={to(page + 1)} rel="next" className={buttonClasses("secondary", "sm")}>
              Next
            </Link>
          ) : null}
          {page < pageCount - 1 ? (
            <Link href={to(pageCount)} className={buttonClasses("ghost", "sm")}>
              Last
            </Link>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}
