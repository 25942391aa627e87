import { openApiOperation } from "@/lib/api/operations";
import { openApiResponse } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of /api/v1. Public (lib/api/openapi.ts says why). */
export const GET = Object.assign((request: Request) => openApiResponse(request), { operation: openApiOperation });
