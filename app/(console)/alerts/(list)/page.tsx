import type { Metadata } from "next";
import Link from "next/link";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterErrors } from "@/components/ui/filter-errors";
import { alertFilterValues, alertParamsSchema, alertQueryString } from "@/lib/alerts/schemas";
import { listAlerts } from "@/lib/alerts/service";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alerts" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AlertsPage({ searchParams }: Props) {
  await requirePageActor();
  const params = await searchParams;
  const values = alertFilterValues(params);
  const parsed = alertParamsSchema("open").safeParse(params);

  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return (
      <>
        <FilterErrors
          title="This alerts link has a filter Intake cannot use"
          errors={errors}
          resetHref="/alerts"
          resetLabel="show all open alerts"
        />
      </>
    );
  }

  const filters = parsed.data;
  const page = await listAlerts(filters);
  const filtered = Boolean(filters.kind || filters.severity || filters.sourceId);
  const anyAlerts = page.alerts.length > 0 || (await listAlerts({}, { pageSize: 1 })).alerts.length > 0;

  return (
    <>
      <div className="mt-6">
        {page.alerts.length > 0 ? (
          <>
            <AlertsTable alerts={page.alerts} />
            <nav aria-label="Alert pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm text-muted" data-testid="alert-summary">
                {page.alerts.length}
                {page.nextCursor ? "+" : ""} {page.alerts.length === 1 ? "alert" : "alerts"}, most recently seen first
              </p>
              <div className="flex items-center gap-2">
                {filters.cursor ? (
                  <Link href={`/alerts?${alertQueryString(values)}`} className={buttonClasses("ghost", "sm")}>
                    Newest
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link
                    href={`/alerts?${alertQueryString({ ...values, cursor: page.nextCursor })}`}
                    className={buttonClasses("secondary", "sm")}
                  >
                    Load older
                  </Link>
                ) : null}
              </div>
            </nav>
          </>
        ) : !anyAlerts ? (
          <EmptyState
            title="No alerts yet"
            action={
              <Link href="/settings/destinations" className={buttonClasses("secondary")}>
                Set up alert destinations
              </Link>
            }
          >
            Intake raises an alert when a source stops sending events, its API key is rejected or its pulls keep
            failing. Nothing has gone wrong so far.
          </EmptyState>
        ) : filters.status === "open" && !filtered ? (
          <EmptyState
            title="No open alerts"
            action={
              <Link href="/alerts?status=all" className={buttonClasses("secondary")}>
                Show all alerts
              </Link>
            }
          >
            Every alert has been resolved. Resolved alerts stay here for reference.
          </EmptyState>
        ) : (
          <EmptyState
            title="No alerts match these filters"
            action={
              <Link href="/alerts?status=all" className={buttonClasses("secondary")}>
                Clear filters
              </Link>
            }
          >
            Try another status, kind, severity or source.
          </EmptyState>
        )}
      </div>
    </>
  );
}
