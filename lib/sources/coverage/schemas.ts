import { z } from "zod";
import { MAX_COVERAGE_DAYS } from "./view";

/**
 * The period of a coverage request (REST API, report export and printable report):
 * `from` and `to` as ISO 8601 date-times (or dates, meaning midnight UTC); by default the
 * last 24 hours up to now. At most MAX_COVERAGE_DAYS long.
 */
const DAY_MS = 86_400_000;

const instant = (field: "from" | "to") =>
  z.preprocess(
    (value) => (Array.isArray(value) ? value[0] : value) || undefined,
    z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: `${field} must be an ISO 8601 date-time such as 2026-12-06T00:00:00Z, or a date such as 2026-12-06`,
      })
      .transform((text) => new Date(text))
      .optional(),
  );

export const coverageQuerySchema = z
  .object({ from: instant("from"), to: instant("to") })
  .transform(({ from, to }) => {
    const end = to ?? new Date();
    return { from: from ?? new Date(end.getTime() - DAY_MS), to: end };
  })
  .superRefine(({ from, to }, ctx) => {
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be earlier than to" });
    else if (to.getTime() - from.getTime() > MAX_COVERAGE_DAYS * DAY_MS)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `the period from from to to must be at most ${MAX_COVERAGE_DAYS} days`,
      });
  });
