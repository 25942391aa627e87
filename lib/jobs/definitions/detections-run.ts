// MERGE SHIM, delete at merge (see lib/jobs/queue.ts). The contract is lib/queue/detections-run.ts.
export { detectionsRunJob } from "@/lib/queue/detections-run";
