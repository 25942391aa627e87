import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ActivityClock, ActivityRange, ActivitySeries } from "@/lib/sources/activity";
import type { SourceDetail } from "@/lib/sources/detail";
import { formatUntil } from "@/lib/ui/format";
import { ActivityChart } from "./activity-chart";
import { LinkToggle } from "@/components/ui/link-toggle";
import { Time } from "@/components/ui/time";
import { UntrustedText } from "@/components/ui/untrusted-text";

const RANGES: { id: ActivityRange; label: string }[] = [
  { id: "24h", label: "24 h" },
  { id: "7d", label: "7 d" },
  { id: "30d", label: "30 d" },
];

/** Event time shows when things happened in Rapid7; stored time shows when Intake caught up (a backfill is one spike). */
const CLOCKS: { id: ActivityClock; label: string; caption: string }[] = [
  { id: "event", label: "Event time", caption: "Events that happened in the last" },
  { id: "stored", label: "Stored time", caption: "Events stored in the last" },
];

export function OverviewTab({
  detail,
  range,
  clock,
  series,
}: {
  detail: SourceDetail;
  range: ActivityRange;
  clock: ActivityClock;
  series: ActivitySeries;
}) {
  const { source, latestRun, rateLimits } = detail;
  const state = source.state;
  const query = rateLimits.find((limit) => limit.family === "query");
  return (
    <div className="space-y-6">
      <Card className="p-5">
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <h2 className="font-semibold text-white">Events</h2>
          <div className="flex flex-wrap items-center gap-3">
            <LinkToggle
              label="Count events by"
              options={CLOCKS.map((option) => ({
                ...option,
                href: `/log-sources/${source.id}?tab=overview&range=${range}&clock=${option.id}`,
              }))}
              current={clock}
            />
            <LinkToggle
              label="Time range"
              options={RANGES.map((option) => ({
                ...option,
                href: `/log-sources/${source.id}?tab=overview&range=${option.id}&clock=${clock}`,
              }))}
              current={range}
            />
            <Link href={`/search?source=${source.id}&range=30d`} className={buttonClasses("secondary", "sm")}>
              View data
            </Link>
          </div>
        </div>
        <ActivityChart
          series={series}
          caption={`${CLOCKS.find((c) => c.id === clock)?.caption} ${RANGES.find((r) => r.id === range)?.label}`}
        />
      </Card>
      <div className="grid gap-4 md:grid-cols-3">
        <Fact title="Latest pull">
          {latestRun ? (
            <>
              <p className="text-white">
                {latestRun.status === "running"
                  ? "Running now"
                  : latestRun.status === "succeeded"
                    ? "Succeeded"
                    : latestRun.status[0]?.toUpperCase() + latestRun.status.slice(1)}
                {latestRun.status !== "running" ? `, ${latestRun.eventsNew.toLocaleString("en-US")} new events` : ""}
              </p>
              <p className="text-xs text-muted">
                started <Time value={latestRun.startedAt} />
              </p>
              {latestRun.errorMessage ? (
                <p className="mt-1 text-xs text-rose-300">
                  <UntrustedText text={latestRun.errorMessage} />
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-slate-300">No pull yet: the first one starts within a minute.</p>
          )}
        </Fact>
        <Fact title="Next pull">
          {source.paused ? (
            <p className="text-slate-300">Paused: no pulls until you resume.</p>
          ) : state?.nextPullAt ? (
            <p className="text-white">
              <Time value={state.nextPullAt}>{nextPullText(state.nextPullAt)}</Time>
            </p>
          ) : (
            <p className="text-slate-300">Waiting for the credentials to work again.</p>
          )}
          <p className="text-xs text-muted">
            Every {source.pullIntervalMinutes} minute{source.pullIntervalMinutes === 1 ? "" : "s"}
          </p>
        </Fact>
        <Fact title="Rapid7 rate-limit headroom">
          {query ? (
            <>
              <p className="text-white">
                {query.remaining.toLocaleString("en-US")} of {query.limit.toLocaleString("en-US")} query requests left
              </p>
              <div className="mt-2 h-2 rounded bg-line">
                <div
                  className="h-2 rounded bg-emerald-400"
                  style={{ width: `${Math.round((query.remaining / Math.max(1, query.limit)) * 100)}%` }}
                />
              </div>
              <p className="mt-1 text-xs text-muted">
                Rapid7&apos;s 15-minute window resets {formatUntil(query.resetAt)}
              </p>
            </>
          ) : (
            <p className="text-slate-300">No recent requests counted against this key.</p>
          )}
        </Fact>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <Fact title="Last event received">
          <When value={state?.lastEventReceivedAt ?? null} />
        </Fact>
        <Fact title="Last event processed">
          <When value={state?.lastEventStoredAt ?? null} />
        </Fact>
        <Fact title="Last successful pull">
          <When value={state?.lastSuccessfulPullAt ?? null} />
        </Fact>
      </div>
    </div>
  );
}

function Fact({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card className="p-4">
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-muted">{title}</h3>
      <div className="text-sm">{children}</div>
    </Card>
  );
}

function When({ value }: { value: Date | null }) {
  if (!value) return <p className="text-slate-300">Not yet</p>;
  return (
    <p className="text-white">
      <Time value={value} />
      <Time value={value} format="absolute" className="block text-xs text-muted" />
    </p>
  );
}

/** "Due now" once the time has come (the worker picks it up within a minute), else "In 5 min". */
function nextPullText(nextPullAt: Date): string {
  const until = formatUntil(nextPullAt);
  return until === "now" ? "Due now" : until.replace(/^in/, "In");
}
