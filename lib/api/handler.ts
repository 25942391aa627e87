import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { authenticateApiRequest } from "@/lib/api-tokens/authenticate";
import { clientAddress } from "@/lib/auth/client-address";
import { type Actor, isAdmin } from "@/lib/auth/roles";
import { requireActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { limitApiRequestsFromAddress, limitApiRequestsWithToken } from "./rate-limits";
import { apiError, readJsonBody } from "./respond";

/**
 * The one way a route handler is built, like lib/server-action.ts for server actions. The
 * wrapper authenticates the caller, checks the role the route declares, parses the URL's
 * dynamic segments, query string and JSON body with the route's zod schemas, and turns
 * thrown typed errors into JSON responses with the right status. Handlers and the services
 * behind them trust it and do not check roles again.
 *
 *   export const dynamic = "force-dynamic";
 *   export const POST = apiRoute({ role: "admin", params: z.object({ id: z.uuid("No such source.") }) },
 *     async ({ actor, params }) => apiData(await pauseSource(actor, params.id)));
 *
 * - `apiRoute`: the REST API under /api/v1. Rate limited (per client address, then per
 *   token: lib/api/rate-limits.ts) and authenticated by the API token in the Authorization
 *   header, never by a session cookie, so it has no CSRF surface. Route files also export
 *   `dynamic = "force-dynamic"`: answers depend on the caller, never cache them.
 * - `consoleRoute`: downloads for the console's own pages (exports, raw records), by the
 *   signed-in session's cookie; API tokens are not accepted there.
 *
 * `role`: "member" is any signed-in, enabled person (analysts and admins); "admin" refuses
 * analysts with 403. A dynamic segment that does not parse names nothing: 404 with the
 * schema's message. A query string or body that does not parse: 400 naming the field.
 */
type RouteRole = "admin" | "member";
type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type RawParams = Record<string, string | string[]>;

export type RouteSpec<P extends Schema, Q extends Schema, B extends Schema> = {
  role: RouteRole;
  params?: P;
  query?: Q;
  body?: B;
};
type RouteContext<P extends Schema, Q extends Schema, B extends Schema> = {
  request: Request;
  actor: Actor;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
};
/** What Next calls: the request, and the route's dynamic segments. */
export type RouteHandler = (request: Request, context: { params: Promise<RawParams> }) => Promise<Response>;
type Handler<P extends Schema, Q extends Schema, B extends Schema> = (
  context: RouteContext<P, Q, B>,
) => Promise<Response>;

/** A REST API route: API token, rate limits, the declared role. */
export function apiRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: Handler<P, Q, B>,
): RouteHandler {
  return guarded(spec.role, byApiToken, parsedFor(spec, handler));
}

/** A route the console's pages link to: the session cookie, the declared role. */
export function consoleRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: Handler<P, Q, B>,
): RouteHandler {
  return guarded(spec.role, () => requireActor(), parsedFor(spec, handler));
}

async function byApiToken(request: Request): Promise<Actor> {
  await limitApiRequestsFromAddress(clientAddress(request.headers, env().INTAKE_TRUSTED_PROXIES));
  return authenticateApiRequest(request, new Date(), { onValidToken: limitApiRequestsWithToken });
}

type Respond = (request: Request, actor: Actor, params: RawParams) => Promise<Response>;

function guarded(role: RouteRole, authenticate: (request: Request) => Promise<Actor>, respond: Respond): RouteHandler {
  return async (request, context) => {
    try {
      // Who asks comes first, so an anonymous caller learns nothing from validation messages.
      const actor = await authenticate(request);
      if (role === "admin" && !isAdmin(actor)) throw new ForbiddenError();
      return await respond(request, actor, await context.params);
    } catch (error) {
      // Reading the request's headers is what tells Next at build time that the route is
      // dynamic (it throws to stop prerendering); those signals must reach Next.
      unstable_rethrow(error);
      return apiError(error, { method: request.method, path: new URL(request.url).pathname });
    }
  };
}

function parsedFor<P extends Schema, Q extends Schema, B extends Schema>(
  spec: RouteSpec<P, Q, B>,
  handler: Handler<P, Q, B>,
): Respond {
  return async (request, actor, rawParams) => {
    const params = parseParams(spec.params, rawParams) as Parsed<P>;
    const query = (spec.query ? parseInput(spec.query, queryRecord(request)) : undefined) as Parsed<Q>;
    const body = (spec.body ? await readJsonBody(request, spec.body) : undefined) as Parsed<B>;
    return handler({ request, actor, params, query, body });
  };
}

function parseParams(schema: Schema, raw: RawParams): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new NotFoundError(parsed.error.issues[0]?.message ?? "Nothing exists at this address.");
}

/** The query string as the record zod schemas read (repeated keys become arrays). */
function queryRecord(request: Request): RawParams {
  const query = new URL(request.url).searchParams;
  const out: RawParams = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}
