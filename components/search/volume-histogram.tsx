"use client";

import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import { LazyTimeBarChart } from "@/components/charts/lazy-time-bar-chart";
import type { VolumeHistogram as Histogram } from "@/lib/events/histogram";
import { formatDateTimeInput, type SearchFormValues, searchQueryString } from "@/lib/events/schemas";

/**
 * How many events match the search per slice of its time range, above the results.
 * Dragging across the bars zooms in: the same search, with the dragged stretch as a
 * custom range in the URL (so it is a link, and Back zooms out again).
 */
export function VolumeHistogram({ histogram, values }: { histogram: Histogram; values: SearchFormValues }) {
  const router = useRouter();
  const [zooming, startZoom] = useTransition();
  const zoom = useCallback(
    (fromMs: number, toMs: number) => {
      // Whole seconds, as the range inputs read them; the end is inclusive.
      const from = new Date(Math.floor(fromMs / 1000) * 1000);
      const to = new Date(Math.max(from.getTime() + 1000, Math.ceil(toMs / 1000) * 1000));
      const query = searchQueryString({
        ...values,
        range: "custom",
        from: formatDateTimeInput(from),
        to: formatDateTimeInput(to),
      });
      startZoom(() => router.push(`/search?${query}`));
    },
    [router, values],
  );

  if (histogram.status === "too-slow") {
    return (
      <p className="mb-4 text-sm text-muted" data-testid="volume-histogram">
        Too many events match to chart them quickly; narrow the time range or filters to see the volume over time.
      </p>
    );
  }
  const total = histogram.buckets.reduce((sum, bucket) => sum + bucket.events, 0);
  return (
    <figure className="mb-4" aria-busy={zooming} data-testid="volume-histogram">
      <LazyTimeBarChart buckets={histogram.buckets} bucketMs={histogram.bucketMs} height={120} onSelectRange={zoom} />
      <figcaption className="mt-1 text-xs text-muted">
        {total.toLocaleString("en-US")} matching events, per {bucketSizeText(histogram.bucketMs)} (times in UTC). Drag
        across the bars to zoom in.
      </figcaption>
    </figure>
  );
}

function bucketSizeText(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return minutes === 1 ? "minute" : `${minutes} minutes`;
  const hours = minutes / 60;
  if (hours < 24) return hours === 1 ? "hour" : `${hours} hours`;
  const days = hours / 24;
  return days === 1 ? "day" : `${days} days`;
}
