import { z } from "zod";
import { RAPID7_REGION_CODES, parseRegion } from "@/lib/integrations/rapid7/regions";
import { hasControlCharacters } from "@/lib/text/control-characters";

/** Source settings, shared by the onboarding and settings forms and the server actions behind them. */

export const SOURCE_NAME_MAX = 64;

export const sourceNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name for this source, for example My Rapid7 logs.")
  .max(SOURCE_NAME_MAX, `Use at most ${SOURCE_NAME_MAX} characters.`)
  .refine((value) => !hasControlCharacters(value), "Use letters, digits, spaces and punctuation only.");

const REGION_CHOICES = `one of ${RAPID7_REGION_CODES.join(", ")}`;

/**
 * Whether a wrong region is safe to quote back: only short words with at most a digit or
 * two ("us9", "United States - 4", "Mars"). Anything longer or key-like may be a secret
 * pasted into the wrong field, and error messages travel to the browser and into logs.
 */
export function looksLikeRegionAttempt(value: string): boolean {
  if (value.length > 24) return false;
  const words = value.split(/[\s_\-\u2010-\u2015]+/).filter(Boolean);
  return words.length > 0 && words.length <= 4 && words.every((word) => /^(?:[a-z]{1,12}\d{0,2}|\d{1,2})$/i.test(word));
}

export const regionSchema = z
  .string()
  .trim()
  .min(1, `Enter the Storage Region: ${REGION_CHOICES}.`)
  .transform((value, ctx) => {
    const code = parseRegion(value);
    if (!code) {
      const what = looksLikeRegionAttempt(value) ? `"${value}"` : "That";
      ctx.addIssue({
        code: "custom",
        message: `${what} is not a Rapid7 region. Enter the Storage Region as ${REGION_CHOICES}.`,
      });
      return z.NEVER;
    }
    return code;
  });

export const apiKeySchema = z
  .string()
  .trim()
  .min(1, "Enter the Rapid7 API key.")
  .min(16, "This is too short to be a Rapid7 API key; paste the whole key.")
  .max(512, "This is too long to be a Rapid7 API key.")
  .refine((value) => !/\s/.test(value), "An API key has no spaces; paste it again without them.")
  .refine((value) => !hasControlCharacters(value), "An API key has no control characters; paste it again.");

export const NO_EVENTS_THRESHOLDS = [
  { minutes: 15, label: "15 Minutes" },
  { minutes: 30, label: "30 Minutes" },
  { minutes: 60, label: "1 Hour" },
  { minutes: 180, label: "3 Hours" },
  { minutes: 360, label: "6 Hours" },
  { minutes: 720, label: "12 Hours" },
  { minutes: 1440, label: "1 Day" },
  { minutes: 2880, label: "2 Days" },
  { minutes: 4320, label: "3 Days" },
  { minutes: 10080, label: "7 Days" },
  { minutes: 20160, label: "14 Days" },
  { minutes: 43200, label: "30 Days" },
] as const;
export const DEFAULT_NO_EVENTS_THRESHOLD_MINUTES = 1440;

export const noEventsThresholdSchema = z.coerce
  .number()
  .int()
  .refine(
    (value) => NO_EVENTS_THRESHOLDS.some((choice) => choice.minutes === value),
    "Choose one of the listed waiting times (15 minutes to 30 days).",
  );

export const pullIntervalSchema = z.coerce
  .number()
  .int("Use whole minutes.")
  .min(1, "Pull at most once a minute.")
  .max(60, "Pull at least once an hour.");
export const lookbackHoursSchema = z.coerce
  .number()
  .int("Use whole hours.")
  .min(1, "Look back at least 1 hour.")
  .max(2160, "Look back at most 90 days (2160 hours).");
export const retentionDaysSchema = z.coerce
  .number()
  .int("Use whole days.")
  .min(1, "Keep events at least 1 day.")
  .max(3650, "Keep events at most 10 years.");

export const createSourceSchema = z.object({
  name: sourceNameSchema,
  region: regionSchema,
  apiKey: apiKeySchema,
  /** Which audit logs to read; empty means every audit log the key can see. */
  auditLogIds: z.array(z.string().min(1)).max(50).default([]),
  noEventsAlertEnabled: z.boolean().default(true),
  noEventsThresholdMinutes: noEventsThresholdSchema.default(DEFAULT_NO_EVENTS_THRESHOLD_MINUTES),
  pullIntervalMinutes: pullIntervalSchema.default(1),
  initialLookbackHours: lookbackHoursSchema.default(24),
  retentionDays: retentionDaysSchema.default(90),
  detectionPacks: z.array(z.string().min(1)).max(20).default([]),
});
export type CreateSourceInput = z.input<typeof createSourceSchema>;
/** A parsed source to create; leaving out the audit logs (or an empty list) means every one the key can see. */
export type CreateSourceValues = Omit<z.output<typeof createSourceSchema>, "auditLogIds"> & { auditLogIds?: string[] };

export const sourceIdSchema = z.object({ sourceId: z.uuid("Unknown source.") });

export const updateSourceSettingsSchema = z.object({
  sourceId: z.uuid("Unknown source."),
  name: sourceNameSchema,
  pullIntervalMinutes: pullIntervalSchema,
  retentionDays: retentionDaysSchema,
  noEventsAlertEnabled: z.boolean(),
  noEventsThresholdMinutes: noEventsThresholdSchema,
  detectionPacks: z.array(z.string().min(1)).max(20),
  auditLogIds: z.array(z.string().min(1)).min(1, "Choose at least one audit log.").max(50),
});
export type UpdateSourceSettingsInput = z.input<typeof updateSourceSettingsSchema>;
export type UpdateSourceSettingsValues = z.output<typeof updateSourceSettingsSchema>;

export const replaceApiKeySchema = z.object({
  sourceId: z.uuid("Unknown source."),
  region: regionSchema,
  apiKey: apiKeySchema,
});
export type ReplaceApiKeyValues = z.output<typeof replaceApiKeySchema>;

export const deleteSourceSchema = z.object({
  sourceId: z.uuid("Unknown source."),
  confirmName: z.string(),
  keepEvents: z.boolean(),
});
export type DeleteSourceValues = z.output<typeof deleteSourceSchema>;

export const setPausedSchema = z.object({ sourceId: z.uuid("Unknown source."), paused: z.boolean() });
