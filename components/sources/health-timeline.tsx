import { timeTickLabel } from "@/components/charts/axis-labels";
import type { HealthSpan } from "@/lib/sources/health/history";
import { LinkToggle } from "@/components/ui/link-toggle";
import { Time } from "@/components/ui/time";
import { cn } from "@/lib/ui/cn";
import { healthLabel } from "./health-badge";

export const HEALTH_TIMELINE_RANGES = [
  { id: "24h", label: "24 h", ms: 24 * 3_600_000 },
  { id: "7d", label: "7 d", ms: 7 * 24 * 3_600_000 },
] as const;
export type HealthTimelineRange = (typeof HEALTH_TIMELINE_RANGES)[number]["id"];

const COLOURS: Record<string, string> = {
  healthy: "bg-emerald-500",
  unhealthy: "bg-rose-500",
  paused: "bg-slate-500",
  pending: "bg-amber-400",
};
const TICKS = 5;

/**
 * The source's health over the last day or week as one band, coloured by state, oldest on
 * the left; hovering or focusing a stretch tells its state and since/until when. Time
 * before the first recorded change is left blank.
 */
export function HealthTimeline({
  spans,
  range,
  nowMs,
  hrefFor,
}: {
  spans: HealthSpan[];
  range: HealthTimelineRange;
  nowMs: number;
  hrefFor: (range: HealthTimelineRange) => string;
}) {
  const windowMs = HEALTH_TIMELINE_RANGES.find((option) => option.id === range)!.ms;
  const startMs = nowMs - windowMs;
  const percent = (ms: number) => `${((ms / windowMs) * 100).toFixed(3)}%`;
  return (
    <section className="mt-6" aria-labelledby="health-timeline-title">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <h2 id="health-timeline-title" className="font-semibold text-white">
          Health timeline
        </h2>
        <LinkToggle
          label="Timeline range"
          current={range}
          options={HEALTH_TIMELINE_RANGES.map((option) => ({ ...option, href: hrefFor(option.id) }))}
        />
      </div>
      <ol className="relative h-8 rounded bg-line/40" aria-label="Health over time" data-testid="health-timeline">
        {spans.map((span) => {
          const label = `${statusLabel(span.status)}${span.reason ? ` (${span.reason})` : ""}`;
          return (
            <li
              key={span.fromMs}
              // Focusable so the since/until shows for keyboard users too; a few pixels wide at least so a
              // state that began a minute ago can still be seen and hovered.
              tabIndex={0}
              data-status={span.status}
              className="group absolute inset-y-0 min-w-[3px] outline-offset-2"
              style={{ left: percent(span.fromMs - startMs), width: percent(span.untilMs - span.fromMs) }}
            >
              <span className={cn("block h-full", COLOURS[span.status] ?? "bg-slate-400")} />
              <span
                role="tooltip"
                className="pointer-events-none absolute top-10 left-0 z-10 hidden w-max max-w-xs rounded bg-panel-raised px-2 py-1 text-xs text-white shadow group-hover:block group-focus:block"
              >
                <span className="block font-semibold">{label}</span>
                <span className="block">
                  Since <Time value={new Date(span.fromMs)} format="absolute" />
                </span>
                <span className="block">
                  Until {span.current ? "now" : <Time value={new Date(span.untilMs)} format="absolute" />}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      <div
        className="mt-1 flex justify-between gap-2 text-xs whitespace-nowrap text-muted"
        aria-hidden="true"
        data-testid="health-timeline-ticks"
      >
        {Array.from({ length: TICKS }, (_, index) => {
          const ms = startMs + (windowMs * index) / (TICKS - 1);
          return (
            // On a phone only the ends and the middle: five labels with dates do not fit side by side.
            <span key={ms} className={index % 2 === 1 ? "max-sm:hidden" : undefined}>
              {index === TICKS - 1 ? "now" : `${timeTickLabel(ms, windowMs)} UTC`}
            </span>
          );
        })}
      </div>
      {spans.length === 0 ? <p className="mt-2 text-sm text-muted">No health recorded in this range yet.</p> : null}
    </section>
  );
}

function statusLabel(status: string): string {
  return status in COLOURS ? healthLabel(status as Parameters<typeof healthLabel>[0]) : status;
}
