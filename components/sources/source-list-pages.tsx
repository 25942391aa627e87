import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";
import { type SourceListPage, type SourceListParams, sourceListHref } from "@/lib/sources/list-view";

const count = (value: number) => value.toLocaleString("en-US");

/**
 * Where the Log Sources list is among the sources that match: "51–100 of 1,000 sources,
 * page 2 of 20", and links to the first, previous, next and last page, which keep the
 * filters and sort. The four stay in their places; one that would lead nowhere is shown
 * disabled rather than removed, so the others do not move and focus stays where it was.
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
  return (
    <nav aria-label="Source pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-muted" data-testid="source-list-summary">
        {summary}
        {pageCount > 1 ? `, page ${count(page)} of ${count(pageCount)}` : null}
      </p>
      {pageCount > 1 ? (
        <div className="flex items-center gap-2">
          <PageLink params={params} target={1} usable={page > 1} variant="ghost">
            First
          </PageLink>
          <PageLink params={params} target={page - 1} usable={page > 1} rel="prev">
            Previous
          </PageLink>
          <PageLink params={params} target={page + 1} usable={page < pageCount} rel="next">
            Next
          </PageLink>
          <PageLink params={params} target={pageCount} usable={page < pageCount} variant="ghost">
            Last
          </PageLink>
        </div>
      ) : null}
    </nav>
  );
}

function PageLink({
  params,
  target,
  usable,
  rel,
  variant = "secondary",
  children,
}: {
  params: SourceListParams;
  target: number;
  usable: boolean;
  rel?: "prev" | "next";
  variant?: "ghost" | "secondary";
  children: string;
}) {
  // Unusable, it stays the same link (to this page), so React keeps its element and the
  // focus of someone who just followed it: marked disabled, and inert to the pointer.
  return (
    <Link
      href={sourceListHref(params, { page: usable ? target : params.page })}
      rel={usable ? rel : undefined}
      aria-disabled={usable ? undefined : true}
      className={cn(buttonClasses(variant, "sm"), !usable && "pointer-events-none opacity-50")}
    >
      {children}
    </Link>
  );
}
