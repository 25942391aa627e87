import { z } from "zod";
import { type AppErrorCode, RateLimitedError, ValidationError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { parseInput } from "@/lib/validation";

/**
 * JSON responses of the REST API. Success: `{ "data": … }`. Failure:
 * `{ "error": { "code", "message", "fieldErrors"?, "reference"? } }` with the status
 * the typed error stands for. Messages are AppErrors' public messages (never secrets);
 * anything unexpected is logged with a reference the 500 response quotes.
 */
const API_HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

export const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
  CONFIGURATION: 503,
  INTERNAL: 500,
};

/** Every failure's body (the OpenAPI document's `Error`). */
export const apiErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(Object.keys(STATUS_BY_CODE) as [AppErrorCode, ...AppErrorCode[]]),
      message: z.string().meta({ description: "What went wrong and what to do, for a person to read." }),
      fieldErrors: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: "Per input field (400): what is wrong with it." }),
      reference: z.string().optional().meta({ description: "500 only: quote it to an admin; the server log has it." }),
    }),
  })
  .meta({ id: "Error" });
type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export function apiData(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json({ data }, { status: init.status ?? 200, headers: { ...API_HEADERS, ...init.headers } });
}

export function apiError(error: unknown, context: { method?: string; path?: string } = {}): Response {
  if (isAppError(error)) {
    const status = STATUS_BY_CODE[error.code];
    const headers: Record<string, string> = { ...API_HEADERS };
    if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="intake"';
    if (error instanceof RateLimitedError) headers["Retry-After"] = String(Math.max(1, error.retryAfterSeconds));
    const body: ApiErrorBody = {
      error: {
        code: error.code,
        message: error.publicMessage,
        ...(Object.keys(error.fieldErrors).length ? { fieldErrors: { ...error.fieldErrors } } : {}),
      },
    };
    return Response.json(body, { status, headers });
  }
  const reference = crypto.randomUUID().slice(0, 8);
  logger.error("REST API request failed", { reference, ...context, error });
  const body: ApiErrorBody = {
    error: {
      code: "INTERNAL",
      message: `Something went wrong on our side (reference ${reference}). Try again; if it keeps happening, give an admin this reference.`,
      reference,
    },
  };
  return Response.json(body, { status: 500, headers: API_HEADERS });
}

/** Parses a JSON request body with a zod schema: a body that is not JSON, or not valid, is a 400. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    const text = await request.text();
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
  return parseInput(schema, raw);
}
