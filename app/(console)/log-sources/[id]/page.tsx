import type { Metadata } from "next";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { PageRefresh } from "@/components/ui/page-refresh";
import { CoveragePanel } from "@/components/sources/coverage-panel";
import { DeleteSourceForm } from "@/components/sources/delete-source-form";
import { FailuresTab } from "@/components/sources/failures-tab";
import { HealthBadge } from "@/components/sources/health-badge";
import { HealthHistory } from "@/components/sources/health-history";
import { HEALTH_TIMELINE_RANGES, type HealthTimelineRange, HealthTimeline } from "@/components/sources/health-timeline";
import { HealthSince } from "@/components/sources/health-since";
import { HealthTab } from "@/components/sources/health-tab";
import { HistoryTab } from "@/components/sources/history-tab";
import { OverviewTab } from "@/components/sources/overview-tab";
import { ProblemBanner } from "@/components/sources/problem-banner";
import { ReplaceKeyForm } from "@/components/sources/replace-key-form";
import { SettingsForm } from "@/components/sources/settings-form";
import { SilenceCallout } from "@/components/sources/silence-callout";
import { SourceControls } from "@/components/sources/source-controls";
import { SOURCE_TABS, type SourceTabId, SourceTabs } from "@/components/sources/source-tabs";
import { StageLatencyTable } from "@/components/sources/stage-latency";
import { VolumeSettingsCard } from "@/components/sources/volume-settings-card";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { openCriticalAlertsFor } from "@/lib/alerts/open-alerts";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { listDetectionPacks } from "@/lib/detections/catalog";
import { isAppError } from "@/lib/errors";
import { listFailures } from "@/lib/failures/service";
import { regionLabel, isRapid7Region } from "@/lib/integrations/rapid7/regions";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import {
  ACTIVITY_CLOCKS,
  ACTIVITY_RANGES,
  type ActivityClock,
  type ActivityRange,
  activitySeries,
} from "@/lib/sources/activity";
import { getSourceDetail, listPullRuns } from "@/lib/sources/detail";
import { healthHistory, healthTimeline } from "@/lib/sources/health/history";
import { stageLatency } from "@/lib/sources/latency";
import { listMaintenanceWindows } from "@/lib/sources/volume";
import { UntrustedText } from "@/components/ui/untrusted-text";

export const metadata: Metadata = { title: "Log source" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SourcePage({ params, searchParams }: Props) {
  const actor = await requirePageActor();
  const { id } = await params;
  const query = await searchParams;
  const canManage = isAdmin(actor);
  const requested = typeof query.tab === "string" ? query.tab : "overview";
  const tab: SourceTabId =
    SOURCE_TABS.some((t) => t.id === requested) && (requested !== "settings" || canManage)
      ? (requested as SourceTabId)
      : "overview";

  const detail = await getSourceDetail(id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { source, health } = detail;
  const created = query.created === "1";
  const waitingForFirstPull = health.status === "pending" || detail.running;

  return (
    <>
      <PageRefresh active={waitingForFirstPull} everyMs={3_000} />
      <Breadcrumb
        trail={[{ label: "Log Sources", href: "/log-sources" }]}
        current={<UntrustedText text={source.name} />}
      />
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4" data-testid="source-header">
        <div>
          <h1 className="text-2xl font-semibold text-white" data-testid="source-name">
            <UntrustedText text={source.name} />
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
            <span className="font-mono">{source.logType}</span>·
            <span>
              {isRapid7Region(source.region) ? `${regionLabel(source.region)} (${source.region})` : source.region}
            </span>
            ·
            <HealthBadge health={health} id={source.id} />
            <HealthSince health={health} />
          </p>
        </div>
        {canManage ? <SourceControls sourceId={source.id} paused={source.paused} /> : null}
      </header>
      {created ? (
        <Callout tone="success" title="Source created" className="mb-6">
          {health.status === "pending"
            ? "The first pull is running. Events appear here as soon as it stores them; this page updates by itself."
            : "The first pull has finished. Events are flowing."}
        </Callout>
      ) : null}
      <SilenceCallout silence={health.silence} />
      <SourceTabs sourceId={source.id} current={tab} showSettings={canManage} failureCount={detail.recentFailures} />
      {tab === "overview" ? <Problems sourceId={source.id} health={health} canManage={canManage} /> : null}
      {tab === "overview" ? (
        <Overview detail={detail} range={readRange(query.range)} clock={readClock(query.clock)} />
      ) : null}
      {tab === "overview" ? <CoveragePanel sourceId={source.id} /> : null}
      {tab === "overview" ? <StageLatency sourceId={source.id} /> : null}
      {tab === "health" ? <HealthTab sourceId={source.id} health={health} canManage={canManage} /> : null}
      {tab === "health" ? <Timeline sourceId={source.id} range={readTimelineRange(query.timeline)} /> : null}
      {tab === "health" ? <HealthChanges sourceId={source.id} /> : null}
      {tab === "history" ? <HistoryTab runs={await listPullRuns(source.id)} /> : null}
      {tab === "failures" ? (
        <Failures
          sourceId={source.id}
          canManage={canManage}
          cursor={typeof query.cursor === "string" ? query.cursor : null}
        />
      ) : null}
      {tab === "settings" && canManage ? (
        <div className="space-y-6">
          <Card className="p-6">
            <h2 className="mb-4 font-semibold text-white">General</h2>
            <SettingsForm
              initial={{
                sourceId: source.id,
                name: source.name,
                pullIntervalMinutes: source.pullIntervalMinutes,
                retentionDays: source.retentionDays,
                noEventsAlertEnabled: source.noEventsAlertEnabled,
                noEventsThresholdMinutes: source.noEventsThresholdMinutes,
                detectionPacks: source.detectionPacks,
                auditLogIds: parseStoredAuditLogs(source.auditLogs).map((log) => log.id),
              }}
              auditLogs={parseStoredAuditLogs(source.auditLogs)}
              packs={listDetectionPacks(source.logType)}
            />
          </Card>
          <VolumeSettingsCard source={source} windows={await listMaintenanceWindows(source.id)} />
          <Card className="scroll-mt-20 p-6" id="credentials">
            <h2 className="mb-4 font-semibold text-white">Credentials</h2>
            <ReplaceKeyForm
              sourceId={source.id}
              region={source.region}
              keyUpdatedAt={source.apiKeyUpdatedAt.toISOString()}
            />
          </Card>
          <Card className="border-rose-900/60 p-6">
            <h2 className="mb-4 font-semibold text-rose-300">Delete this source</h2>
            <DeleteSourceForm sourceId={source.id} name={source.name} />
          </Card>
        </div>
      ) : null}
    </>
  );
}

function readRange(value: unknown): ActivityRange {
  return ACTIVITY_RANGES.find((range) => range === value) ?? "24h";
}

function readClock(value: unknown): ActivityClock {
  return ACTIVITY_CLOCKS.find((clock) => clock === value) ?? "event";
}

/*
 * The sections below load their own data as async components, so React runs their
 * queries at the same time instead of one after another before the page can render.
 */

async function Problems({
  sourceId,
  health,
  canManage,
}: {
  sourceId: string;
  health: Awaited<ReturnType<typeof getSourceDetail>>["health"];
  canManage: boolean;
}) {
  const criticalAlerts = await openCriticalAlertsFor(sourceId);
  return <ProblemBanner sourceId={sourceId} health={health} criticalAlerts={criticalAlerts} canManage={canManage} />;
}

async function StageLatency({ sourceId }: { sourceId: string }) {
  return <StageLatencyTable rows={await stageLatency(sourceId)} />;
}

async function HealthChanges({ sourceId }: { sourceId: string }) {
  return <HealthHistory changes={await healthHistory(sourceId)} />;
}

async function Overview({
  detail,
  range,
  clock,
}: {
  detail: Awaited<ReturnType<typeof getSourceDetail>>;
  range: ActivityRange;
  clock: ActivityClock;
}) {
  const series = await activitySeries(detail.source.id, range, clock);
  return <OverviewTab detail={detail} range={range} clock={clock} series={series} />;
}

function readTimelineRange(value: unknown): HealthTimelineRange {
  return HEALTH_TIMELINE_RANGES.find((option) => option.id === value)?.id ?? "24h";
}

async function Timeline({ sourceId, range }: { sourceId: string; range: HealthTimelineRange }) {
  const now = new Date();
  const windowMs = HEALTH_TIMELINE_RANGES.find((option) => option.id === range)!.ms;
  return (
    <HealthTimeline
      spans={await healthTimeline(sourceId, windowMs, now)}
      range={range}
      nowMs={now.getTime()}
      hrefFor={(option) => `/log-sources/${sourceId}?tab=health&timeline=${option}`}
    />
  );
}

async function Failures({
  sourceId,
  canManage,
  cursor,
}: {
  sourceId: string;
  canManage: boolean;
  cursor: string | null;
}) {
  const page = await listFailures(sourceId, { cursor });
  return <FailuresTab sourceId={sourceId} page={page} canManage={canManage} cursor={cursor} />;
}
