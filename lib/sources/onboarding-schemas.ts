import { z } from "zod";
import { apiKeySchema, createSourceSchema, regionSchema, sourceNameSchema } from "./schemas";

/** One schema per onboarding step, shared by the step's form and the server action it calls. */

/** At least one audit log, wherever the onboarding picks them. */
export const auditLogChoiceSchema = z.array(z.string().min(1)).min(1, "Choose at least one audit log.").max(50);

export const nameStepSchema = z.object({ name: sourceNameSchema });
export type NameStepInput = z.input<typeof nameStepSchema>;

export const credentialsStepSchema = z.object({ region: regionSchema, apiKey: apiKeySchema });
export type CredentialsStepInput = z.input<typeof credentialsStepSchema>;

export const detectRegionSchema = z.object({ apiKey: apiKeySchema });
export type DetectRegionInput = z.input<typeof detectRegionSchema>;

export const previewSchema = credentialsStepSchema.extend({
  name: sourceNameSchema,
  auditLogIds: auditLogChoiceSchema,
});
export type PreviewInput = z.input<typeof previewSchema>;

/**
 * Finish: the source as created, with the person's audit log choice made explicit. An
 * empty list is refused rather than read as "every log" (the service's default when the
 * list is left out), so unticking the last log can never quietly pull all of them.
 */
export const finishSetupSchema = createSourceSchema.extend({ auditLogIds: auditLogChoiceSchema.optional() });
export type FinishSetupInput = z.input<typeof finishSetupSchema>;
