import { z } from "zod";
import { apiKeySchema, createSourceSchema, regionSchema, sourceNameSchema } from "./schemas";

/** One schema per onboarding step, shared by the step's form and the server action it calls. */
export const nameStepSchema = z.object({ name: sourceNameSchema });
export type NameStepInput = z.input<typeof nameStepSchema>;

export const credentialsStepSchema = z.object({ region: regionSchema, apiKey: apiKeySchema });
export type CredentialsStepInput = z.input<typeof credentialsStepSchema>;

export const detectRegionSchema = z.object({ apiKey: apiKeySchema });
export type DetectRegionInput = z.input<typeof detectRegionSchema>;

export const previewSchema = credentialsStepSchema.extend({
  name: sourceNameSchema,
  auditLogIds: z.array(z.string().min(1)).min(1, "Choose at least one audit log.").max(50),
});
export type PreviewInput = z.input<typeof previewSchema>;

export const finishSetupSchema = createSourceSchema;
export type FinishSetupInput = z.input<typeof finishSetupSchema>;
