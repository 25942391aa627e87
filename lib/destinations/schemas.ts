import { z } from "zod";
import { hasControlCharacters } from "@/lib/text/control-characters";
import { destinationUrlProblem } from "@/lib/alerts/destinations/url-policy";
import { ALERT_KINDS, SEVERITIES } from "@/lib/alerts/schemas";

/**
 * Alert destinations, shared by the destination forms and the server actions behind
 * them. The URL is write-only: the edit form starts with it empty ("keep the current
 * one"), and the console only ever shows its scheme and host. Same for the signing secret.
 */
export const DESTINATION_TYPES = ["webhook", "slack"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];
export const DESTINATION_TYPE_LABELS: Record<DestinationType, string> = { webhook: "Webhook", slack: "Slack" };

const SIGNING_SECRET_MIN = 16;
const SIGNING_SECRET_MAX = 256;

const nameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name, for example On-call Slack.")
  .max(80, "Use at most 80 characters.")
  .refine((value) => !hasControlCharacters(value), "Use letters, digits, spaces and punctuation only.");

const urlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = destinationUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const secretSchema = z
  .string()
  .trim()
  .refine(
    (value) => value === "" || value.length >= SIGNING_SECRET_MIN,
    `Use at least ${SIGNING_SECRET_MIN} characters, or leave it empty for unsigned requests.`,
  )
  .refine((value) => value.length <= SIGNING_SECRET_MAX, `Use at most ${SIGNING_SECRET_MAX} characters.`)
  .refine((value) => !/\s/.test(value), "A signing secret has no spaces.");

const kindsSchema = z
  .array(z.enum(ALERT_KINDS, { message: "Choose kinds from the list." }))
  .max(ALERT_KINDS.length)
  .transform((kinds) => [...new Set(kinds)]);

const severitySchema = z.enum(SEVERITIES, { message: "Choose a severity from the list." });

const settingsShape = {
  name: nameSchema,
  /** Empty means every kind. */
  alertKinds: kindsSchema.default([]),
  minSeverity: severitySchema.default("low"),
  enabled: z.boolean().default(true),
};

export const createDestinationSchema = z
  .object({
    ...settingsShape,
    type: z.enum(DESTINATION_TYPES, { message: "Choose Webhook or Slack." }),
    url: urlSchema,
    secret: secretSchema.default(""),
  })
  .superRefine((value, ctx) => {
    if (value.type === "slack" && value.secret !== "") {
      ctx.addIssue({
        code: "custom",
        path: ["secret"],
        message: "Slack webhooks are not signed; leave the secret empty.",
      });
    }
  });
export type CreateDestinationInput = z.input<typeof createDestinationSchema>;

export const updateDestinationSchema = z.object({
  ...settingsShape,
  destinationId: z.uuid("Unknown destination."),
  /** Empty keeps the current URL. */
  url: z
    .string()
    .trim()
    .default("")
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : destinationUrlProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  /** Empty keeps the current secret (unless clearSecret). */
  secret: secretSchema.default(""),
  clearSecret: z.boolean().default(false),
});
export type UpdateDestinationInput = z.input<typeof updateDestinationSchema>;

export const destinationIdSchema = z.object({ destinationId: z.uuid("Unknown destination.") });
export type DestinationIdInput = z.input<typeof destinationIdSchema>;
