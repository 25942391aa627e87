/** A small bar sparkline; purely visual, so the numbers are also given as text for screen readers. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const total = values.reduce((sum, value) => sum + value, 0);
  return (
    <span
      className="inline-flex items-end gap-px"
      role="img"
      aria-label={`${label}: ${total.toLocaleString("en-US")} events`}
    >
      {values.map((value, index) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed-length series, position is the identity
          key={index}
          className={value > 0 ? "w-1 rounded-sm bg-accent/80" : "w-1 rounded-sm bg-line"}
          style={{ height: `${value > 0 ? Math.max(3, Math.round((value / max) * 20)) : 2}px` }}
        />
      ))}
    </span>
  );
}
