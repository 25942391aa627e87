import { z } from "zod";
import { coverageQuerySchema } from "@/lib/sources/coverage/schemas";
import { SOURCE_API_MAX_PAGE_SIZE, SOURCE_API_PAGE_SIZE } from "@/lib/sources/source-page";
import { alertsQuerySchema, apiAlertPageSchema } from "./alerts";
import { apiCoverageSchema } from "./coverage";
import type { ApiOperation } from "./handler";
import { apiSourcePageSchema, apiSourceSchema, sourceRouteParams, sourcesQuerySchema } from "./sources";

/**
 * Every /api/v1 route, declared once: its route file passes the entry to apiRoute (which
 * authenticates, authorizes and parses with it) and lib/api/openapi.ts describes the route
 * from the same entry, so the document cannot drift from what the route accepts. A new
 * route is one entry here plus `apiRoute(apiOperations.<name>, handler)` in its route file;
 * tests/integration/openapi.test.ts fails for a route file that has no entry.
 */
type Schema = z.ZodType | undefined;
const operation = <P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: ApiOperation<P, Q, B>,
) => spec;

const pullQueuedSchema = z.strictObject({ sourceId: z.uuid(), status: z.literal("queued") });

export const apiOperations = {
  listSources: operation({
    method: "GET",
    path: "/api/v1/sources",
    role: "member",
    query: sourcesQuerySchema,
    summary: "List sources",
    description: `Log sources with their health, oldest first, \`limit\` a page (default ${SOURCE_API_PAGE_SIZE}, at most ${SOURCE_API_MAX_PAGE_SIZE}). Any token. Pass \`nextCursor\` back as \`cursor\` for the next page.`,
    response: apiSourcePageSchema,
  }),
  getSource: operation({
    method: "GET",
    path: "/api/v1/sources/{id}",
    role: "member",
    params: sourceRouteParams,
    summary: "Get a source",
    description: "One source with its health and its latest health changes. Any token.",
    response: apiSourceSchema,
  }),
  pauseSource: operation({
    method: "POST",
    path: "/api/v1/sources/{id}/pause",
    role: "admin",
    params: sourceRouteParams,
    summary: "Pause a source",
    description: "Stops scheduled pulls. Admin tokens only. Answers with the source as it is now.",
    response: apiSourceSchema,
  }),
  resumeSource: operation({
    method: "POST",
    path: "/api/v1/sources/{id}/resume",
    role: "admin",
    params: sourceRouteParams,
    summary: "Resume a source",
    description: "Pulls again on schedule. Admin tokens only. Answers with the source as it is now.",
    response: apiSourceSchema,
  }),
  pullSource: operation({
    method: "POST",
    path: "/api/v1/sources/{id}/pull",
    role: "admin",
    params: sourceRouteParams,
    summary: "Pull a source now",
    description: "Queues a pull; 202 because a worker runs it. Admin tokens only. A paused source answers 400.",
    response: pullQueuedSchema,
    successStatus: 202,
  }),
  sourceCoverage: operation({
    method: "GET",
    path: "/api/v1/sources/{id}/coverage",
    role: "member",
    params: sourceRouteParams,
    query: coverageQuerySchema,
    summary: "Get a source's coverage",
    description:
      "The source's 15-minute coverage windows in the period, each with Intake's and Rapid7's counts and its state, a tally per state and how far coverage is verified. `from` and `to` are ISO 8601 (default: the last 24 hours; at most 31 days). Any token.",
    response: apiCoverageSchema,
  }),
  listAlerts: operation({
    method: "GET",
    path: "/api/v1/alerts",
    role: "member",
    query: alertsQuerySchema,
    summary: "List alerts",
    description:
      "Alerts, most recently seen first (status defaults to all). Any token. Pass `nextCursor` back as `cursor` for the next page.",
    response: apiAlertPageSchema,
  }),
};

/** The document itself: public (see lib/api/openapi.ts), so it is not an apiRoute. */
export const openApiOperation = {
  method: "GET",
  path: "/api/v1/openapi.json",
  summary: "This OpenAPI document",
  description: "The OpenAPI 3.1 description of /api/v1. No token needed.",
} as const;
