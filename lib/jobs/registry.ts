import type { JobDefinition } from "@/lib/jobs/define";
import { alertDeliverJob } from "@/lib/jobs/definitions/alert-deliver";
import { alertsEvaluateJob } from "@/lib/jobs/definitions/alerts-evaluate";
import { auditVerifyJob } from "@/lib/jobs/definitions/audit-verify";
import { credentialCheckJob } from "@/lib/jobs/definitions/credential-check";
import { detectionsRunJob } from "@/lib/jobs/definitions/detections-run";
import { eventsRetentionJob } from "@/lib/jobs/definitions/events-retention";
import { maintenanceJob } from "@/lib/jobs/definitions/maintenance";
import { pullScheduleJob } from "@/lib/jobs/definitions/pull-schedule";
import { pullSourceJob } from "@/lib/jobs/definitions/pull-source";

/** Every job the worker runs. Adding a job means adding it here. */
export const jobDefinitions: JobDefinition[] = [
  maintenanceJob,
  pullSourceJob,
  pullScheduleJob,
  credentialCheckJob,
  eventsRetentionJob,
  alertsEvaluateJob,
  alertDeliverJob,
  detectionsRunJob,
  auditVerifyJob,
];
