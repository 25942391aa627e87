import type { JobDefinition } from "@/lib/jobs/define";
import { maintenanceJob } from "@/lib/jobs/definitions/maintenance";

/** Every job the worker runs. Adding a job means adding it here. */
export const jobDefinitions: JobDefinition[] = [maintenanceJob];
