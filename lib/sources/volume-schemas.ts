import { z } from "zod";
import { hasControlCharacters } from "@/lib/text/control-characters";

/** The low-volume alert's settings and maintenance windows, shared by the forms and the server actions. */
const percent = (what: string) =>
  z
    .number({ message: `Enter the ${what} share as a whole percentage.` })
    .int(`Enter the ${what} share as a whole percentage.`)
    .min(1, `Use 1 to 99 percent for the ${what} share.`)
    .max(99, `Use 1 to 99 percent for the ${what} share.`);

export const volumeSettingsSchema = z
  .object({
    sourceId: z.uuid("Unknown source."),
    lowVolumeAlertEnabled: z.boolean(),
    lowVolumeWarnPercent: percent("warning"),
    lowVolumeErrorPercent: percent("error"),
  })
  .refine((value) => value.lowVolumeErrorPercent < value.lowVolumeWarnPercent, {
    path: ["lowVolumeErrorPercent"],
    message: "The error share must be lower than the warning share (fewer events is worse).",
  });
export type VolumeSettingsValues = z.output<typeof volumeSettingsSchema>;

export const MAINTENANCE_MAX_HOURS = 24 * 30;

export const maintenanceWindowSchema = z.object({
  sourceId: z.uuid("Unknown source."),
  reason: z
    .string()
    .trim()
    .min(1, "Say why the source will be quiet, for example: Rapid7 upgrade.")
    .max(200, "Use at most 200 characters.")
    .refine((value) => !hasControlCharacters(value), "Use letters, digits, spaces and punctuation only."),
  startsInHours: z
    .number({ message: "Enter in how many hours the window starts (0 for now)." })
    .int("Enter whole hours.")
    .min(0, "Enter 0 for now, or a number of hours.")
    .max(MAINTENANCE_MAX_HOURS, `Start within ${MAINTENANCE_MAX_HOURS} hours.`),
  durationHours: z
    .number({ message: "Enter how many hours the window lasts." })
    .int("Enter whole hours.")
    .min(1, "A window lasts at least 1 hour.")
    .max(MAINTENANCE_MAX_HOURS, `A window lasts at most ${MAINTENANCE_MAX_HOURS} hours (30 days).`),
});
export type MaintenanceWindowValues = z.output<typeof maintenanceWindowSchema>;

export const endMaintenanceWindowSchema = z.object({
  sourceId: z.uuid("Unknown source."),
  windowId: z.uuid("Unknown maintenance window."),
});
