import { bucketLabel } from "@/components/charts/axis-labels";
import { LazyTimeBarChart } from "@/components/charts/lazy-time-bar-chart";
import type { ActivitySeries } from "@/lib/sources/activity";

/** Events per time bucket as a bar chart with time and count axes; the numbers are also a table for screen readers. */
export function ActivityChart({ series, caption }: { series: ActivitySeries; caption: string }) {
  const total = series.buckets.reduce((sum, bucket) => sum + bucket.events, 0);
  return (
    <figure>
      <LazyTimeBarChart buckets={series.buckets} bucketMs={series.bucketMs} testId="activity-chart" />
      <figcaption className="mt-2 text-sm text-slate-300">
        {caption}: <span className="font-semibold text-white">{total.toLocaleString("en-US")}</span> events
        <span className="text-muted"> · times in UTC</span>
      </figcaption>
      <table className="sr-only">
        <caption>{caption}</caption>
        <tbody>
          {series.buckets.map((bucket) => (
            <tr key={bucket.startMs}>
              <th scope="row">{bucketLabel(bucket.startMs, series.bucketMs)}</th>
              <td>{bucket.events}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
