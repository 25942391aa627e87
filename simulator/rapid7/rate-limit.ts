/**
 * Fixed-window rate limiting per (API key, API family), as Logentries documents it: separate
 * budgets for /query and /management. `Reset` is seconds until the window ends, as observed.
 */
export type ApiFamily = "query" | "management";

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSec: number;
}

interface Window {
  startMs: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  consume(key: string, family: ApiFamily, config: { limit: number; windowSec: number }): RateLimitVerdict {
    const nowMs = this.now();
    const windowMs = config.windowSec * 1000;
    const id = `${family}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window || nowMs - window.startMs >= windowMs) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(id, window);
    }
    const resetSec = Math.max(1, Math.ceil((window.startMs + windowMs - nowMs) / 1000));
    if (window.used >= config.limit) return { allowed: false, limit: config.limit, remaining: 0, resetSec };
    window.used++;
    return { allowed: true, limit: config.limit, remaining: config.limit - window.used, resetSec };
  }

  clear(): void {
    this.windows.clear();
  }
}
