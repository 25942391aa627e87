import type { ReactNode } from "react";
import { SearchFilters } from "@/components/search/search-filters";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { listActions, listProducts, listResults, listSourceOptions } from "@/lib/events/facets";

/**
 * Search's heading and filters stay mounted while the query string changes; the page
 * below them (exports, histogram, results) is rendered for each search.
 */
export default async function SearchLayout({ children }: { children: ReactNode }) {
  await requirePageActor();
  const [sources, actions, results, products] = await Promise.all([
    listSourceOptions(),
    listActions(),
    listResults(),
    listProducts(),
  ]);
  return (
    <>
      <PageHeader
        eyebrow="Investigate"
        title="Search"
        description="Normalized events from every source, newest first, times in your time zone (Settings › Your account); exports contain every matching event, not just this page."
      />
      <SearchFilters sources={sources} actions={actions} results={results} products={products} />
      {children}
    </>
  );
}
