/** Shown under the filters (Search's layout) while a search first runs: the results' shape, so nothing jumps. */
export default function SearchLoading() {
  return (
    <>
      <div role="status" aria-live="polite" className="animate-pulse">
        <span className="sr-only">Loading events…</span>
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
