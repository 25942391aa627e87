import type { Metadata } from "next";
import Link from "next/link";
import { PageRefresh } from "@/components/ui/page-refresh";
import { DeliveryLog } from "@/components/destinations/delivery-log";
import { DestinationControls } from "@/components/destinations/destination-controls";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ALERT_KIND_LABELS, isAlertKind, isSeverity, SEVERITY_LABELS } from "@/lib/alerts/schemas";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { DESTINATION_TYPE_LABELS, type DestinationType } from "@/lib/destinations/schemas";
import { listDestinations } from "@/lib/destinations/service";
import { UntrustedText } from "@/components/ui/untrusted-text";

export const metadata: Metadata = { title: "Alert destinations" };

export default async function DestinationsPage() {
  const actor = await requirePageActor();
  const destinations = await listDestinations();
  const canManage = isAdmin(actor);
  const pending = destinations.some((d) => d.deliveries.some((delivery) => delivery.status === "pending"));

  return (
    <>
      <PageRefresh active={pending} everyMs={3_000} />
      <PageHeader
        eyebrow="Settings"
        title="Alert destinations"
        description={
          canManage
            ? "Where Intake sends alerts when they open, resolve or reopen: a webhook (JSON, optionally signed) or a Slack channel. Failed sends are retried for about 15 minutes."
            : "Where Intake sends alerts. Only admins can change destinations or send tests."
        }
        actions={
          canManage ? (
            <Link href="/settings/destinations/new" className={buttonClasses("primary")}>
              Add destination
            </Link>
          ) : null
        }
      />
      {destinations.length === 0 ? (
        <EmptyState
          title="No alert destinations"
          action={
            canManage ? (
              <Link href="/settings/destinations/new" className={buttonClasses("primary")}>
                Add destination
              </Link>
            ) : null
          }
        >
          Alerts show up under Investigate &gt; Alerts either way. Add a destination to also be told in Slack or your
          own tools.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {destinations.map((destination) => (
            <Card key={destination.id} className="overflow-hidden">
              <div
                data-testid={`destination-${destination.name}`}
                className="flex flex-wrap items-start justify-between gap-4 border-b border-line px-5 py-4"
              >
                <div className="min-w-0 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <h2 className="text-base font-semibold text-white">
                      <UntrustedText text={destination.name} />
                    </h2>
                    <Badge tone="info">
                      {DESTINATION_TYPE_LABELS[destination.type as DestinationType] ?? destination.type}
                    </Badge>
                    {destination.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}
                  </div>
                  <p className="font-mono text-xs text-slate-300" data-testid="destination-url-hint">
                    {destination.urlHint}/…
                  </p>
                  <p className="text-xs text-muted">
                    {destination.alertKinds.length === 0
                      ? "Every kind"
                      : destination.alertKinds.map((k) => (isAlertKind(k) ? ALERT_KIND_LABELS[k] : k)).join(", ")}
                    {" · "}
                    {isSeverity(destination.minSeverity)
                      ? SEVERITY_LABELS[destination.minSeverity]
                      : destination.minSeverity}
                    {destination.minSeverity === "critical"
                      ? " only"
                      : destination.minSeverity === "info"
                        ? " and everything above"
                        : " and above"}
                    {destination.type === "webhook"
                      ? destination.hasSecret
                        ? " · Signed (X-Intake-Signature)"
                        : " · Unsigned"
                      : null}
                  </p>
                </div>
                {canManage ? <DestinationControls destinationId={destination.id} name={destination.name} /> : null}
              </div>
              {destination.deliveries.length > 0 ? (
                <DeliveryLog label={`Delivery log of ${destination.name}`} show="alert" rows={destination.deliveries} />
              ) : (
                <p className="px-5 py-4 text-sm text-muted">
                  Nothing sent yet.{canManage ? " Send a test to check the destination works." : ""}
                </p>
              )}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
