import { z } from "zod";

/**
 * Filters of the audit log page, read from its URL (a plain GET form writes them).
 * Times are UTC: `2025-01-31T14:00` (what a datetime-local input sends) or full ISO.
 */
export const AUDIT_PAGE_SIZE = 50;

/** The actions Intake records, for the filter's suggestions; other domains add theirs. */
export const KNOWN_AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.password_changed",
  "user.password_reset",
  "user.unlocked",
  "api_token.created",
  "api_token.revoked",
  "audit.chain_verified",
] as const;

/** One step of verifying the whole chain: none to start, then the continuation the previous step returned. */
export const verifyChainStepSchema = z
  .object({
    continuation: z.string().max(2_000, "This verification's progress is damaged. Start it again.").optional(),
  })
  .default({});
export type VerifyChainStepInput = z.input<typeof verifyChainStepSchema>;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const utcDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/, "Use a date and time like 2025-01-31T14:00 (UTC).")
  .transform((value) => new Date(value.endsWith("Z") ? value : `${value}Z`))
  .refine((value) => !Number.isNaN(value.getTime()), "That date does not exist.");

export const auditFiltersSchema = z
  .object({
    action: z.preprocess(blankToUndefined, z.string().trim().max(100, "Use at most 100 characters.").optional()),
    actor: z.preprocess(blankToUndefined, z.string().trim().max(254, "Use at most 254 characters.").optional()),
    targetType: z.preprocess(blankToUndefined, z.string().trim().max(100, "Use at most 100 characters.").optional()),
    from: z.preprocess(blankToUndefined, utcDateTime.optional()),
    to: z.preprocess(blankToUndefined, utcDateTime.optional()),
    before: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[1-9]\d{0,18}$/, "Not a valid page.")
        .optional(),
    ),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    path: ["to"],
    message: "Choose an end after the start.",
  });

export type AuditFiltersInput = z.input<typeof auditFiltersSchema>;
export type AuditFilters = z.output<typeof auditFiltersSchema>;

/** The first value of each known filter in a page's searchParams. */
export function auditFiltersFromSearchParams(
  params: Record<string, string | string[] | undefined>,
): Record<keyof AuditFilters, string | undefined> {
  const first = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    action: first("action"),
    actor: first("actor"),
    targetType: first("targetType"),
    from: first("from"),
    to: first("to"),
    before: first("before"),
  };
}
