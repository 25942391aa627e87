import type { z } from "zod";
import { type ActionResult, runAction } from "@/lib/action-result";
import type { Actor } from "@/lib/auth/roles";
import { requireActor, requireAdmin } from "@/lib/auth/session";
import { parseInput } from "@/lib/validation";

/**
 * The one way a server action is built. Each builder authenticates the caller first (so an
 * anonymous visitor learns nothing from validation messages), checks the role, parses the
 * input with the same zod schema the form used, and turns thrown typed errors into an
 * ActionResult. Services behind an action trust it: they do not check roles again, and take
 * an actor only where they record who did something.
 *
 *   "use server";
 *   export const requestPullAction = adminAction("requestPull", sourceIdSchema, async ({ sourceId }, actor) => …);
 *
 * The schema may depend on who asks (a new password must not contain the asker's own
 * email): pass `(actor) => schema` instead.
 */
type ActionBody<S extends z.ZodType, T, A> = (input: z.output<S>, actor: A) => Promise<T>;
type Action<S extends z.ZodType, T> = (input: z.input<S>) => Promise<ActionResult<T>>;
type SchemaFor<S extends z.ZodType> = S | ((actor: Actor) => S);

function schemaFor<S extends z.ZodType>(schema: SchemaFor<S>, actor: Actor): S {
  return typeof schema === "function" ? schema(actor) : schema;
}

/** Admins only. */
export function adminAction<S extends z.ZodType, T>(
  name: string,
  schema: SchemaFor<S>,
  body: ActionBody<S, T, Actor>,
): Action<S, T> {
  return async (input) =>
    runAction(name, async () => {
      const actor = await requireAdmin();
      return body(parseInput(schemaFor(schema, actor), input), actor);
    });
}

/** Any signed-in, enabled user (analysts and admins). */
export function memberAction<S extends z.ZodType, T>(
  name: string,
  schema: SchemaFor<S>,
  body: ActionBody<S, T, Actor>,
): Action<S, T> {
  return async (input) =>
    runAction(name, async () => {
      const actor = await requireActor();
      return body(parseInput(schemaFor(schema, actor), input), actor);
    });
}

/**
 * No session needed: only for what must work before anyone can sign in (creating the first
 * admin). The service behind it must refuse once that moment has passed.
 */
export function publicAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  body: ActionBody<S, T, null>,
): Action<S, T> {
  return async (input) => runAction(name, async () => body(parseInput(schema, input), null));
}
