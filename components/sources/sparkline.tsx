const BAR = 4;
const GAP = 1;
const HEIGHT = 20;

/** A bar's outline as path commands: x from the left, h pixels tall, standing on the baseline. */
const bar = (index: number, height: number) => `M${index * (BAR + GAP)} ${HEIGHT - height}h${BAR}v${height}h-${BAR}z`;

/**
 * A small bar sparkline; purely visual, so the numbers are also given as text for screen
 * readers. One SVG, a baseline and one path of bars, rather than an element per hour:
 * the Log Sources list draws one per row, fifty rows a page.
 */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const total = values.reduce((sum, value) => sum + value, 0);
  const bars = values.map((value, index) =>
    value > 0 ? bar(index, Math.max(3, Math.round((value / max) * HEIGHT))) : "",
  );
  const width = Math.max(0, values.length * (BAR + GAP) - GAP);
  return (
    <svg
      role="img"
      aria-label={`${label}: ${total.toLocaleString("en-US")} events`}
      width={width}
      height={HEIGHT}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      className="shrink-0"
    >
      <rect y={HEIGHT - 2} width={width} height={2} className="fill-line" />
      <path d={bars.join("")} className="fill-accent/80" />
    </svg>
  );
}
