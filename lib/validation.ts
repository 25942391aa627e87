import type { z } from "zod";
import { ValidationError } from "@/lib/errors";

/**
 * Validates input with the same zod schema the form used, turning problems into a
 * ValidationError whose field messages the form shows next to each field.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const first = Object.entries(fieldErrors)[0];
  const message = first
    ? first[0] === "form"
      ? first[1]
      : `Check ${first[0]}: ${first[1]}`
    : "The input is not valid.";
  throw new ValidationError(message, fieldErrors);
}

/**
 * A zod error as one message per field, keyed by the field's path ("source.0" for a list's
 * entry, "form" for the whole input): the first problem of each field, as forms show them.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.length ? issue.path.join(".") : "form"] ??= issue.message;
  return fieldErrors;
}
