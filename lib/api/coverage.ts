import { z } from "zod";
import { COVERAGE_STATES } from "@/lib/sources/coverage/windows";

const timestamp = z.iso.datetime({ offset: true });
const count = z.int().nullable();

const apiCoverageWindowSchema = z
  .strictObject({
    startsAt: timestamp,
    endsAt: timestamp,
    state: z.enum(COVERAGE_STATES),
    intakeCount: count.meta({ description: "Events plus classification failures Intake stored; null until checked." }),
    rapid7Count: count.meta({ description: "Rapid7's own count of the window; null until Rapid7 answered." }),
    repulls: z.int(),
    reason: z.string().nullable().meta({ description: "Why the window is unverifiable or still short." }),
    checkedAt: timestamp.nullable(),
  })
  .meta({ id: "CoverageWindow" });

/** What GET /api/v1/sources/{id}/coverage answers (the OpenAPI document's `Coverage`); lib/sources/coverage/view.ts builds it. */
export const apiCoverageSchema = z
  .strictObject({
    sourceId: z.uuid(),
    from: timestamp,
    to: timestamp,
    windowMinutes: z.int(),
    lastVerifiedUpTo: timestamp
      .nullable()
      .meta({ description: "End of the newest window whose count matches Rapid7's; null before the first." }),
    totals: z.strictObject(
      Object.fromEntries(COVERAGE_STATES.map((state) => [state, z.int()])) as Record<
        (typeof COVERAGE_STATES)[number],
        z.ZodInt
      >,
    ),
    windows: z.array(apiCoverageWindowSchema),
  })
  .meta({ id: "Coverage" });
