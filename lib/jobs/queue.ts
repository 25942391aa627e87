// MERGE SHIM, delete at merge: lib/sources/service.ts and lib/failures/service.ts (issue 11's
// R1 area, not edited on this branch) still import here. The client is lib/queue/enqueue.ts.
export { enqueue } from "@/lib/queue/enqueue";
