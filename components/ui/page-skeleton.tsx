/** A quiet placeholder (`withHeading` off under a layout that already shows the heading) with the page's rough shape, so nothing jumps when the data arrives. */
export function PageSkeleton({ rows = 5, withHeading = true }: { rows?: number; withHeading?: boolean }) {
  return (
    <div className="animate-pulse" role="status" aria-label="Loading">
      {withHeading ? (
        <>
          <div className="mb-2 h-3 w-24 rounded bg-panel-raised" />
          <div className="mb-8 h-7 w-64 rounded bg-panel-raised" />
        </>
      ) : null}
      <div className="space-y-3">
        {Array.from({ length: rows }, (_, index) => (
          // Keyed by position: placeholders have no identity.
          <div key={index} className="h-12 rounded-lg bg-panel" />
        ))}
      </div>
    </div>
  );
}
