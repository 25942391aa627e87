import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CoverageReportView } from "@/components/sources/coverage-report";
import { FilterErrors } from "@/components/ui/filter-errors";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError, ValidationError } from "@/lib/errors";
import { coverageReport } from "@/lib/sources/coverage/report";
import { coverageQuerySchema } from "@/lib/sources/coverage/schemas";
import { parseInput } from "@/lib/validation";

export const metadata: Metadata = { title: "Coverage report" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The printable coverage report of a source for a period (?from=&to=, ISO 8601; default the last 24 hours). */
export default async function CoverageReportPage({ params, searchParams }: Props) {
  await requirePageActor();
  const { id } = await params;
  let period;
  try {
    period = parseInput(coverageQuerySchema, await searchParams);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (
      <FilterErrors
        title="This report's period cannot be used"
        errors={error.fieldErrors}
        resetHref={`/log-sources/${id}/coverage-report`}
        resetLabel="Report the last 24 hours"
      />
    );
  }
  const report = await coverageReport(id, period.from, period.to).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <CoverageReportView report={report} />;
}
