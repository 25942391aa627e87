import { unstable_rethrow } from "next/navigation";
import { authenticateApiRequest } from "@/lib/api-tokens/authenticate";
import { clientAddress } from "@/lib/auth/client-address";
import type { Actor } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { limitApiRequestsFromAddress } from "./rate-limits";
import { apiError } from "./respond";

/**
 * Wraps a REST API route handler: applies the rate limits (per client address, then per
 * token: lib/api/rate-limits.ts), authenticates the request by its API token (never a
 * session cookie), awaits the route's params, and turns thrown typed errors into JSON
 * responses with the right status. Services still check roles themselves. Route files
 * also export `dynamic = "force-dynamic"`: answers depend on the caller, never cache them.
 *
 *   export const GET = withApiActor<{ id: string }>(async ({ actor, params }) => apiData(await thing(actor, params.id)));
 */
export type ApiHandlerContext<P> = { request: Request; actor: Actor; params: P };
export type ApiRouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export function withApiActor<P extends Record<string, string | string[]> = {}>(
  handler: (context: ApiHandlerContext<P>) => Promise<Response>,
): ApiRouteHandler<P> {
  return async (request, context) => {
    try {
      await limitApiRequestsFromAddress(clientAddress(request.headers, env().INTAKE_TRUSTED_PROXIES));
      const actor = await authenticateApiRequest(request);
      const params = await context.params;
      return await handler({ request, actor, params });
    } catch (error) {
      // Reading the request's headers is what tells Next at build time that the route is
      // dynamic (it throws to stop prerendering); those signals must reach Next.
      unstable_rethrow(error);
      return apiError(error, { method: request.method, path: new URL(request.url).pathname });
    }
  };
}
