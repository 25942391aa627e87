/** Request accounting, so tests can assert how a client used the API (retries, polls, pages). */
import type { ApiFamily } from "./rate-limit";

export interface RequestCount {
  key: string;
  family: ApiFamily;
  /** HTTP status answered; 0 when the connection was reset instead. */
  status: number;
  count: number;
}

export interface SimulatorStats {
  totalRequests: number;
  requests: RequestCount[];
  queryJobsCreated: number;
  activeQueryJobs: number;
  faultsInjected: number;
  pendingFaults: number;
}

export class RequestStats {
  private readonly counts = new Map<string, RequestCount>();
  private total = 0;

  record(key: string, family: ApiFamily, status: number): void {
    this.total++;
    const id = `${key}\u0000${family}\u0000${status}`;
    const existing = this.counts.get(id);
    if (existing) existing.count++;
    else this.counts.set(id, { key, family, status, count: 1 });
  }

  totalRequests(): number {
    return this.total;
  }

  requests(): RequestCount[] {
    return [...this.counts.values()].map((entry) => ({ ...entry }));
  }
}
