"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { countTickLabel, longestTimeTickLabels, TIME_TICK_STEPS_MS, timeTickLabel } from "./axis-labels";

export type TimeBucket = { startMs: number; events: number };

/** uPlot's own default axis font, set here so the labels can be measured in the font they are drawn in. */
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif';
/** The least blank space, in CSS pixels, between two time labels. */
const LABEL_GAP = 16;

/**
 * Event counts per time bucket as bars over a UTC time axis and a count axis, drawn by
 * uPlot on a canvas in the browser (the server renders the empty frame, so there is
 * nothing to hydrate). Colours come from the page's CSS: axes and labels in the frame's
 * currentColor, bars in --color-accent, grid in --color-line, re-read when the theme
 * changes. With `onSelectRange`, dragging across the bars reports the time range covered.
 *
 * The time axis ticks only as often as its labels fit side by side at the chart's width
 * (which depends on the range: clock times, dates, or both), so they never overlap.
 *
 * The canvas cannot be read by screen readers or tests, so the tick labels drawn are also
 * written, as text, into the hidden `data-axis` lists under it; the time list also carries,
 * in `data-label-boxes`, where each label sits across the canvas ([left, right] in CSS
 * pixels, from uPlot's tick positions and the label's width in the axis font) and, in
 * `data-chart-width`, the canvas's width.
 */
export function TimeBarChart({
  buckets,
  bucketMs,
  height,
  onSelectRange,
  testId,
}: {
  buckets: TimeBucket[];
  bucketMs: number;
  height: number;
  onSelectRange?: (fromMs: number, toMs: number) => void;
  testId?: string;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const xLabels = useRef<HTMLSpanElement>(null);
  const yLabels = useRef<HTMLSpanElement>(null);
  const onSelect = useRef(onSelectRange);
  useEffect(() => {
    onSelect.current = onSelectRange;
  }, [onSelectRange]);
  const selectable = onSelectRange !== undefined;

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const data: uPlot.AlignedData = [buckets.map((b) => b.startMs), buckets.map((b) => b.events)];
    const fromMs = buckets[0]?.startMs ?? 0;
    const toMs = (buckets.at(-1)?.startMs ?? 0) + bucketMs;
    let chart: uPlot | null = null;
    let timeLabels: { ticks: number[]; labels: string[] } = { ticks: [], labels: [] };
    const draw = () => {
      chart?.destroy();
      const colours = readColours(element);
      chart = new uPlot(
        {
          width: Math.max(200, element.clientWidth),
          height,
          ms: 1,
          tzDate: (ms) => uPlot.tzDate(new Date(ms), "Etc/UTC"),
          legend: { show: false },
          cursor: { drag: { x: selectable, y: false, setScale: false }, points: { show: false } },
          select: { show: selectable, left: 0, top: 0, width: 0, height: 0 },
          scales: {
            x: { time: true, range: () => [fromMs, toMs] },
            y: { range: (_chart, _min, max) => [0, niceCeiling(max)] },
          },
          axes: [
            {
              stroke: colours.text,
              font: AXIS_FONT,
              grid: { stroke: colours.grid, width: 1 },
              ticks: { stroke: colours.grid, width: 1 },
              // The steps are pre-filtered to those whose labels fit, so uPlot takes the smallest.
              space: 1,
              incrs: (self, _axis, min, max, width) => readableSteps(self, max - min, width),
              values: (_chart, ticks) => {
                const labels = ticks.map((ms) => timeTickLabel(ms, toMs - fromMs));
                timeLabels = { ticks: [...ticks], labels };
                return written(xLabels.current, labels);
              },
            },
            {
              stroke: colours.text,
              grid: { stroke: colours.grid, width: 1 },
              ticks: { stroke: colours.grid, width: 1 },
              incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8],
              size: 56,
              values: (_chart, ticks) => written(yLabels.current, ticks.map(countTickLabel)),
            },
          ],
          series: [
            {},
            {
              label: "Events",
              fill: colours.bar,
              stroke: colours.bar,
              width: 0,
              paths: uPlot.paths.bars!({ size: [0.85, Infinity, 1], align: 1 }),
              points: { show: false },
            },
          ],
          hooks: {
            draw: [(self) => recordLabelBoxes(self, xLabels.current, timeLabels)],
            setSelect: [
              (self) => {
                if (self.select.width < 4) return;
                const start = self.posToVal(self.select.left, "x");
                const end = self.posToVal(self.select.left + self.select.width, "x");
                self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
                onSelect.current?.(Math.floor(start), Math.ceil(end));
              },
            ],
          },
        },
        data,
        element,
      );
    };
    draw();
    const resize = new ResizeObserver(() => chart?.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    // A theme switch changes the CSS colours the canvas was painted with.
    const theme = new MutationObserver(draw);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "data-theme", "style"] });
    return () => {
      resize.disconnect();
      theme.disconnect();
      chart?.destroy();
    };
  }, [buckets, bucketMs, height, selectable]);

  return (
    <div data-testid={testId} data-chart="time-bars">
      <div ref={frame} className="text-muted" style={{ minHeight: height }} aria-hidden="true" />
      <span className="sr-only" aria-hidden="true">
        Time axis (UTC): <span ref={xLabels} data-axis="time" />. Count axis: <span ref={yLabels} data-axis="count" />.
      </span>
    </div>
  );
}

function readColours(element: HTMLElement): { text: string; grid: string; bar: string } {
  const style = getComputedStyle(element);
  return {
    text: style.color,
    grid: style.getPropertyValue("--color-line").trim() || style.color,
    bar: style.getPropertyValue("--color-accent").trim() || style.color,
  };
}

/** The tick steps at which every time label, in the axis font, fits beside the next with a gap. */
function readableSteps(chart: uPlot, spanMs: number, widthPx: number): number[] {
  const fitting = TIME_TICK_STEPS_MS.filter((stepMs) => {
    const room = (widthPx * stepMs) / spanMs;
    return room >= widestText(chart, longestTimeTickLabels(spanMs, stepMs)) + LABEL_GAP;
  });
  return fitting.length > 0 ? fitting : TIME_TICK_STEPS_MS.slice(-1);
}

function widestText(chart: uPlot, texts: string[]): number {
  const context = chart.ctx;
  context.save();
  context.font = AXIS_FONT;
  const widest = Math.max(...texts.map((text) => context.measureText(text).width));
  context.restore();
  return widest;
}

/** Where uPlot put each time label, centred on its tick, in CSS pixels across the canvas. */
function recordLabelBoxes(
  chart: uPlot,
  target: HTMLElement | null,
  { ticks, labels }: { ticks: number[]; labels: string[] },
) {
  if (!target) return;
  const plotLeft = chart.bbox.left / uPlot.pxRatio;
  const boxes = ticks.map((ms, index) => {
    const centre = plotLeft + chart.valToPos(ms, "x");
    const half = widestText(chart, [labels[index] ?? ""]) / 2;
    return [Math.round((centre - half) * 10) / 10, Math.round((centre + half) * 10) / 10];
  });
  target.dataset.labelBoxes = JSON.stringify(boxes);
  target.dataset.chartWidth = String(chart.width);
}

/** Records the labels a tick pass drew, as text, and hands them back to uPlot to draw. */
function written(target: HTMLElement | null, labels: string[]): string[] {
  if (target) target.textContent = labels.join(", ");
  return labels;
}

/** The count axis ends a little above the tallest bar, at a round number, and never below 1. */
function niceCeiling(max: number | null): number {
  const top = Math.max(1, max ?? 0);
  const magnitude = 10 ** Math.floor(Math.log10(top));
  return [1, 2, 5, 10, 20].find((factor) => factor * magnitude >= top * 1.05)! * magnitude;
}
