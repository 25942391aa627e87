import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ActivityTimeline } from "@/components/alerts/activity-timeline";
import { AlertActions } from "@/components/alerts/alert-actions";
import { AlertEvents } from "@/components/alerts/alert-events";
import { SeverityBadge } from "@/components/alerts/severity-badge";
import { AlertStatusBadge } from "@/components/alerts/status-badge";
import { PageRefresh } from "@/components/ui/page-refresh";
import { DeliveryLog } from "@/components/destinations/delivery-log";
import { Badge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { NOTIFICATIONS_PER_ALERT } from "@/lib/alerts/notify";
import { ALERT_KIND_LABELS, isAlertKind } from "@/lib/alerts/schemas";
import { alertEventsSearchQuery } from "@/lib/alerts/search-link";
import { type AlertDetail, getAlert } from "@/lib/alerts/service";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { Time } from "@/components/ui/time";

export const metadata: Metadata = { title: "Alert" };

type Props = { params: Promise<{ id: string }> };

async function load(id: string): Promise<AlertDetail> {
  try {
    return await getAlert(id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function AlertPage({ params }: Props) {
  const actor = await requirePageActor();
  const { id } = await params;
  const alert = await load(id);
  const canManage = isAdmin(actor);
  const searchQuery = alertEventsSearchQuery(alert.events, alert.eventTimeRange);
  const kind = isAlertKind(alert.kind) ? ALERT_KIND_LABELS[alert.kind] : alert.kind;

  return (
    <>
      <PageRefresh active={alert.deliveries.some((d) => d.status === "pending")} everyMs={5_000} />
      <Breadcrumb trail={[{ label: "Alerts", href: "/alerts" }]} current={<UntrustedText text={alert.title} />} />
      <PageHeader
        eyebrow={kind}
        title={<UntrustedText text={alert.title} />}
        description={
          <span className="flex flex-wrap items-center gap-2" data-testid="alert-badges">
            <SeverityBadge severity={alert.severity} />
            <AlertStatusBadge status={alert.status} />
            {alert.ruleId ? <Badge>Rule {alert.ruleId}</Badge> : null}
          </span>
        }
        actions={canManage ? <AlertActions alertId={alert.id} status={alert.status} /> : null}
      />

      {alert.status === "resolved" ? (
        <Callout tone="success" title={resolvedLine(alert)} className="mb-6">
          {alert.resolution ? (
            <p className="whitespace-pre-wrap break-words" data-testid="resolution">
              <UntrustedText text={alert.resolution} />
            </p>
          ) : null}
        </Callout>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card className="p-5">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">What happened</h2>
            <p className="mt-2 whitespace-pre-wrap break-words text-sm text-slate-200" data-testid="alert-description">
              {alert.description ? <UntrustedText text={alert.description} /> : "No description."}
            </p>
            <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <Fact label="Source">
                {alert.sourceName ? (
                  alert.sourceDeleted ? (
                    <>
                      <UntrustedText text={alert.sourceName} /> <span className="text-muted">(deleted)</span>
                    </>
                  ) : (
                    <Link
                      href={alert.sourceId ? `/log-sources/${alert.sourceId}` : "/log-sources"}
                      className="text-white hover:underline"
                    >
                      <UntrustedText text={alert.sourceName} />
                    </Link>
                  )
                ) : (
                  <span className="text-muted">—</span>
                )}
              </Fact>
              <Fact label="Kind">{kind}</Fact>
              <Fact label="First seen">
                <Time value={alert.firstSeenAt} format="absolute" />
              </Fact>
              <Fact label="Last seen">
                <Time value={alert.lastSeenAt} format="absolute" />
              </Fact>
              <Fact label="Matching events">{alert.eventCount.toLocaleString("en-US")}</Fact>
              <Fact label="Dedup key">
                <code className="break-all font-mono text-xs text-slate-300">
                  <UntrustedText text={alert.dedupKey} />
                </code>
              </Fact>
            </dl>
          </Card>

          {alert.context && Object.keys(alert.context).length > 0 ? (
            <Card className="p-5">
              <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">Context</h2>
              <pre
                className="mt-2 max-h-80 overflow-auto rounded-md bg-canvas p-3 font-mono text-xs text-slate-300"
                data-testid="alert-context"
              >
                <UntrustedText text={JSON.stringify(alert.context, null, 2)} />
              </pre>
            </Card>
          ) : null}
        </div>

        <Card className="h-fit p-5">
          <h2 className="mb-4 text-sm font-semibold uppercase tracking-wide text-muted">Activity</h2>
          <ActivityTimeline activities={alert.activities} />
        </Card>
      </div>

      <div className="mt-6 space-y-6">
        {alert.eventCount > 0 || alert.kind === "detection" ? (
          <Card>
            <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-5 py-4">
              <div>
                <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">Matching events</h2>
                <p className="text-xs text-muted">
                  {alert.events.length < alert.eventCount
                    ? `The newest ${alert.events.length} of ${alert.eventCount.toLocaleString("en-US")}.`
                    : "Newest first."}
                </p>
              </div>
              {searchQuery ? (
                <Link href={`/search?${searchQuery}`} className={buttonClasses("secondary", "sm")}>
                  Open in Search
                </Link>
              ) : null}
            </div>
            {alert.events.length > 0 ? (
              <AlertEvents events={alert.events} searchQuery={searchQuery} />
            ) : (
              <p className="px-5 py-4 text-sm text-muted">
                No matching events are stored any more (retention may have removed them).
              </p>
            )}
          </Card>
        ) : null}

        <Card>
          <div className="border-b border-line px-5 py-4">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">Notifications</h2>
            <p className="text-xs text-muted">
              Sent to the{" "}
              <Link href="/settings/destinations" className="underline">
                alert destinations
              </Link>{" "}
              that want this kind and severity, when the alert opens, escalates, reaches 10, 100, 1,000, … events (at
              most {NOTIFICATIONS_PER_ALERT} times per destination while it is open), resolves or reopens.
            </p>
          </div>
          {alert.deliveries.length > 0 ? (
            <DeliveryLog label="Notifications for this alert" show="destination" rows={alert.deliveries} />
          ) : (
            <p className="px-5 py-4 text-sm text-muted">No destination was notified about this alert.</p>
          )}
        </Card>
      </div>
    </>
  );
}

function resolvedLine(alert: AlertDetail): ReactNode {
  const by = alert.resolvedBy ? `Resolved by ${alert.resolvedBy.name}` : "Resolved automatically by Intake";
  if (!alert.resolvedAt) return by;
  return (
    <>
      {by} on <Time value={alert.resolvedAt} format="absolute" />
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-slate-200">{children}</dd>
    </div>
  );
}
