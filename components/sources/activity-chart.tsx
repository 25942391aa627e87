/** Bars of events stored per hour or day, with the numbers available as a table for screen readers. */
export function ActivityChart({ series, caption }: { series: { label: string; events: number }[]; caption: string }) {
  const max = Math.max(1, ...series.map((point) => point.events));
  const total = series.reduce((sum, point) => sum + point.events, 0);
  return (
    <figure>
      <div className="flex h-40 items-end gap-1" aria-hidden="true">
        {series.map((point) => (
          <div key={point.label} className="group relative flex h-full flex-1 items-end">
            <div
              className={
                point.events > 0 ? "w-full rounded-t bg-accent/80 group-hover:bg-accent" : "w-full rounded-t bg-line"
              }
              style={{ height: `${point.events > 0 ? Math.max(4, (point.events / max) * 100) : 2}%` }}
            />
            <span className="pointer-events-none absolute -top-8 left-1/2 z-10 hidden -translate-x-1/2 whitespace-nowrap rounded bg-panel-raised px-2 py-1 text-xs text-white group-hover:block">
              {point.label}: {point.events.toLocaleString("en-US")}
            </span>
          </div>
        ))}
      </div>
      <div className="mt-2 flex justify-between text-xs text-muted" aria-hidden="true">
        <span>{series[0]?.label}</span>
        <span>{series[series.length - 1]?.label}</span>
      </div>
      <figcaption className="mt-2 text-sm text-slate-300">
        {caption}: <span className="font-semibold text-white">{total.toLocaleString("en-US")}</span> events
      </figcaption>
      <table className="sr-only">
        <caption>{caption}</caption>
        <tbody>
          {series.map((point) => (
            <tr key={point.label}>
              <th scope="row">{point.label}</th>
              <td>{point.events}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
