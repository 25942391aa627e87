"use server";

import { reprocessFailures } from "@/lib/failures/service";
import { adminAction } from "@/lib/server-action";
import { sourceIdSchema } from "@/lib/sources/schemas";

/** Admins only: re-run the current normalizer on a source's classification failures. */
export const reprocessFailuresAction = adminAction("reprocessFailures", sourceIdSchema, ({ sourceId }) =>
  reprocessFailures(sourceId),
);
