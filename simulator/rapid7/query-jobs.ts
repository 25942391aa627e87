/**
 * Asynchronous query jobs (the target of Self links). A job snapshots its page when created, so
 * data appended while a client polls shows up in the next query, never inside a page being polled.
 */
import { randomUUID } from "node:crypto";
import type { Page } from "./paging";
import type { QuerySpec } from "./query-spec";
import type { StatisticsSnapshot } from "./statistics";

export interface QueryJob {
  id: string;
  orgId: string;
  spec: QuerySpec;
  page: Page;
  remainingPolls: number;
  pollsServed: number;
  createdAtMs: number;
  /** A statistical query's result, counted at creation: served as `partial` while pending. */
  statistics?: StatisticsSnapshot;
}

/** Abandoned jobs (clients that never poll) must not grow memory without bound. */
const MAX_LIVE_JOBS = 2_000;

export class QueryJobStore {
  private readonly jobs = new Map<string, QueryJob>();
  private createdCount = 0;

  /** Counts a query whose job completes on the spot (pendingPolls = 0) without storing it. */
  noteCreated(): void {
    this.createdCount++;
  }

  create(
    orgId: string,
    spec: QuerySpec,
    page: Page,
    pendingPolls: number,
    nowMs: number,
    statistics?: StatisticsSnapshot,
  ): QueryJob {
    this.createdCount++;
    // Real ids look like "<uuid>-<n>".
    const job: QueryJob = {
      id: `${randomUUID()}-${this.createdCount}`,
      orgId,
      spec,
      page,
      remainingPolls: pendingPolls,
      pollsServed: 0,
      createdAtMs: nowMs,
      ...(statistics ? { statistics } : {}),
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > MAX_LIVE_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest !== undefined) this.jobs.delete(oldest);
    }
    return job;
  }

  get(id: string): QueryJob | undefined {
    return this.jobs.get(id);
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  get size(): number {
    return this.jobs.size;
  }

  get created(): number {
    return this.createdCount;
  }

  clear(): void {
    this.jobs.clear();
    this.createdCount = 0;
  }
}
