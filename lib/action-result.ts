import { unstable_rethrow } from "next/navigation";
import { type AppErrorCode, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/**
 * What every server action returns: data, or an error a person can act on. Expected
 * problems (validation, permissions, conflicts) travel as typed AppErrors; anything
 * else is logged with a reference the message quotes, and never leaks details.
 */
export type ActionError = { code: AppErrorCode; message: string; fieldErrors: Record<string, string> };
export type ActionResult<T = null> = { ok: true; data: T } | { ok: false; error: ActionError };

export async function runAction<T>(name: string, body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (error) {
    // redirect(), notFound() and forbidden() work by throwing; let Next handle them.
    unstable_rethrow(error);
    if (isAppError(error)) {
      return {
        ok: false,
        error: { code: error.code, message: error.publicMessage, fieldErrors: { ...error.fieldErrors } },
      };
    }
    const reference = crypto.randomUUID().slice(0, 8);
    logger.error("server action failed", { action: name, reference, error });
    return {
      ok: false,
      error: {
        code: "INTERNAL",
        message: `Something went wrong on our side (reference ${reference}). Try again; if it keeps happening, give an admin this reference.`,
        fieldErrors: {},
      },
    };
  }
}
