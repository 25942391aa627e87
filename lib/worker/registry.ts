import { alertDeliverJob } from "@/lib/queue/alert-deliver";
import { alertsEvaluateJob } from "@/lib/queue/alerts-evaluate";
import { auditVerifyJob } from "@/lib/queue/audit-verify";
import { credentialCheckJob } from "@/lib/queue/credential-check";
import { detectionsRunJob } from "@/lib/queue/detections-run";
import { eventsRetentionJob } from "@/lib/queue/events-retention";
import { maintenanceJob } from "@/lib/queue/maintenance";
import { pullScheduleJob } from "@/lib/queue/pull-schedule";
import { pullSourceJob } from "@/lib/queue/pull-source";
import { sourceReconcileJob } from "@/lib/queue/source-reconcile";
import { alertDeliverHandler } from "./handlers/alert-deliver.handler";
import { alertsEvaluateHandler } from "./handlers/alerts-evaluate.handler";
import { auditVerifyHandler } from "./handlers/audit-verify.handler";
import { credentialCheckHandler } from "./handlers/credential-check.handler";
import { detectionsRunHandler } from "./handlers/detections-run.handler";
import { eventsRetentionHandler } from "./handlers/events-retention.handler";
import { maintenanceHandler } from "./handlers/maintenance.handler";
import { pullScheduleHandler } from "./handlers/pull-schedule.handler";
import { pullSourceHandler } from "./handlers/pull-source.handler";
import { sourceReconcileHandler } from "./handlers/source-reconcile.handler";
import { bindJob, type BoundJob } from "./job-handler";

/** Every job the worker runs: each contract in lib/queue with the handler that does it. Adding a job means adding it here. */
export const jobRegistry: BoundJob[] = [
  bindJob(maintenanceJob, maintenanceHandler),
  bindJob(pullSourceJob, pullSourceHandler),
  bindJob(pullScheduleJob, pullScheduleHandler),
  bindJob(credentialCheckJob, credentialCheckHandler),
  bindJob(eventsRetentionJob, eventsRetentionHandler),
  bindJob(alertsEvaluateJob, alertsEvaluateHandler),
  bindJob(alertDeliverJob, alertDeliverHandler),
  bindJob(detectionsRunJob, detectionsRunHandler),
  bindJob(auditVerifyJob, auditVerifyHandler),
  bindJob(sourceReconcileJob, sourceReconcileHandler),
];
