/**
 * How a worker process is started: the pre-built bundle of bin/worker.ts (bin/prepare.mjs
 * makes it) with a capped heap, so garbage is collected before a long backfill can grow
 * the process. NODE_OPTIONS can raise the cap.
 */
export const WORKER_ARGS = ["--max-old-space-size=256", "--enable-source-maps", ".worker-build/worker.mjs"];
