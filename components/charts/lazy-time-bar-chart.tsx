"use client";

import dynamic from "next/dynamic";
import type { ComponentProps } from "react";

/**
 * The time bar chart, fetched after the page: uPlot is the heaviest script on the pages that
 * chart, and a canvas has nothing to render on the server anyway. Until it arrives, a
 * placeholder of the chart's height holds its place (nothing below moves when it is drawn)
 * and says, politely, that the chart is loading.
 */
const TimeBarChart = dynamic(() => import("./time-bar-chart").then((module) => module.TimeBarChart), {
  ssr: false,
  loading: ChartLoading,
});

export function LazyTimeBarChart({
  height = 180,
  ...props
}: Omit<ComponentProps<typeof TimeBarChart>, "height"> & { height?: number }) {
  return (
    <div className="flex flex-col" style={{ minHeight: height }}>
      <TimeBarChart height={height} {...props} />
    </div>
  );
}

function ChartLoading() {
  return (
    <div
      role="status"
      className="flex flex-1 items-center justify-center rounded bg-line/20 text-xs text-muted"
      data-testid="chart-loading"
    >
      Loading chart…
    </div>
  );
}
