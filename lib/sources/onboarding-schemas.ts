import { z } from "zod";
import { apiKeySchema, createSourceSchema, regionSchema, sourceNameSchema } from "./schemas";

/** One schema per onboarding step, shared by the step's form and the server action it calls. */

/** At least one audit log, wherever the onboarding picks them. */
export const auditLogChoiceSchema = z.array(z.string().min(1)).min(1, "Choose at least one audit log.").max(50);

export const nameStepSchema = z.object({ name: sourceNameSchema });

export const credentialsStepSchema = z.object({ region: regionSchema, apiKey: apiKeySchema });

export const detectRegionSchema = z.object({ apiKey: apiKeySchema });

export const previewSchema = credentialsStepSchema.extend({
  name: sourceNameSchema,
  auditLogIds: auditLogChoiceSchema,
});

/**
 * Finish: the source as created, with the person's audit log choice made explicit. An
 * empty list is refused rather than read as "every log" (the service's default when the
 * list is left out), so unticking the last log can never quietly pull all of them.
 */
export const finishSetupSchema = createSourceSchema.extend({ auditLogIds: auditLogChoiceSchema.optional() });
