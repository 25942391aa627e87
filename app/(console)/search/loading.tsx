import { PageHeader } from "@/components/ui/page-header";

/** Shown while a search runs: the page's shape, so nothing jumps when the results arrive. */
export default function SearchLoading() {
  return (
    <>
      <PageHeader
        eyebrow="Investigate"
        title="Search"
        description="Normalized events from every source, newest first."
      />
      <div role="status" aria-live="polite" className="animate-pulse">
        <span className="sr-only">Loading events…</span>
        <div className="rounded-lg border border-line bg-panel p-4">
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="space-y-2">
                <div className="h-3 w-20 rounded bg-panel-raised" />
                <div className="h-10 rounded-md bg-panel-raised" />
              </div>
            ))}
          </div>
          <div className="mt-4 h-10 w-28 rounded-md bg-panel-raised" />
        </div>
        <div className="mt-6 overflow-hidden rounded-lg border border-line bg-panel">
          <div className="h-11 border-b border-line bg-panel-raised/40" />
          {Array.from({ length: 10 }, (_, i) => (
            <div key={i} className="flex gap-6 border-b border-line/60 px-4 py-3 last:border-0">
              <div className="h-4 w-40 rounded bg-panel-raised" />
              <div className="h-4 w-32 rounded bg-panel-raised" />
              <div className="h-4 w-16 rounded bg-panel-raised" />
              <div className="h-4 flex-1 rounded bg-panel-raised" />
            </div>
          ))}
        </div>
      </div>
    </>
  );
}
