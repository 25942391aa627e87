// MERGE SHIM, delete at merge (see lib/jobs/queue.ts). The contract is lib/queue/pull-source.ts.
export { pullSourceJob } from "@/lib/queue/pull-source";
