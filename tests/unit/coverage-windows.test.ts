import { describe, expect, it } from "vitest";
import { mayReconcile } from "@/lib/sources/coverage/budget";
import {
  consecutiveRuns,
  judgeWindow,
  needsCheck,
  WINDOW_MS,
  settledBefore,
  windowStartOf,
} from "@/lib/sources/coverage/windows";

const T = Date.UTC(2026, 11, 6, 10, 0, 0);
const MINUTE = 60_000;

describe("cutting the timeline into windows", () => {
  it("aligns windows to quarter hours of UTC", () => {
    expect(WINDOW_MS).toBe(15 * MINUTE);
    expect(windowStartOf(T)).toBe(T);
    expect(windowStartOf(T + 14 * MINUTE + 59_999)).toBe(T);
    expect(windowStartOf(T + 15 * MINUTE)).toBe(T + 15 * MINUTE);
    expect(windowStartOf(T - 1)).toBe(T - 15 * MINUTE);
  });

  it("groups consecutive windows into runs of at most a day, one count query each", () => {
    const day = Array.from({ length: 100 }, (_, i) => T + i * WINDOW_MS);
    const runs = consecutiveRuns([...day, T + 200 * WINDOW_MS].reverse());
    expect(runs.map((run) => run.length)).toEqual([96, 4, 1]);
    expect(runs[0]![0]).toBe(T);
    expect(consecutiveRuns([T, T + 2 * WINDOW_MS])).toEqual([[T], [T + 2 * WINDOW_MS]]);
  });
});

describe("settling", () => {
  const settle = 60 * MINUTE;
  it("waits the settle delay after a window's end", () => {
    expect(settledBefore(T + settle, settle, T + 10 * settle)).toBe(T);
    expect(settledBefore(T + settle - 1, settle, T + 10 * settle)).toBe(T - 1);
  });

  it("waits for the pull's checkpoint to pass a window: until then Intake is merely behind", () => {
    const later = T + 10 * 60 * MINUTE;
    expect(settledBefore(later, settle, null)).toBeNull();
    expect(settledBefore(later, settle, T + WINDOW_MS - 1)).toBe(T + WINDOW_MS - 1);
  });
});

describe("state transitions", () => {
  it("judges equal counts verified, or repaired after a re-pull", () => {
    expect(judgeWindow(12, 12, false)).toBe("verified");
    expect(judgeWindow(12, 12, true)).toBe("repaired");
    expect(judgeWindow(0, 0, false)).toBe("verified");
  });

  it("keeps a difference: short when Rapid7 holds more, over when Intake does", () => {
    expect(judgeWindow(10, 12, true)).toBe("short");
    expect(judgeWindow(10, 12, false)).toBe("short");
    expect(judgeWindow(13, 12, false)).toBe("over");
  });

  it("checks pending windows, retries short and unverifiable ones a few times, and leaves settled verdicts alone", () => {
    expect(needsCheck("pending", 5, 3)).toBe(true);
    expect(needsCheck("short", 2, 3)).toBe(true);
    expect(needsCheck("short", 3, 3)).toBe(false);
    expect(needsCheck("unverifiable", 0, 3)).toBe(true);
    for (const state of ["verified", "repaired", "over"] as const) expect(needsCheck(state, 0, 3)).toBe(false);
  });
});

describe("the rate-limit share", () => {
  const resetAt = new Date(T + 10 * MINUTE);
  it("asks only while more than the live pulls' part of the window remains", () => {
    // 10% of 1,000: reconciliation may use the window's top 100 requests.
    expect(mayReconcile({ limit: 1000, remaining: 1000, resetAt }, 10, 3, T)).toBe(true);
    expect(mayReconcile({ limit: 1000, remaining: 903, resetAt }, 10, 3, T)).toBe(true);
    expect(mayReconcile({ limit: 1000, remaining: 902, resetAt }, 10, 3, T)).toBe(false);
  });

  it("is off at 0%, and asks when nothing is known or the known window is over", () => {
    expect(mayReconcile(null, 0, 3, T)).toBe(false);
    expect(mayReconcile(null, 10, 3, T)).toBe(true);
    expect(mayReconcile({ limit: 1000, remaining: 0, resetAt }, 10, 3, resetAt.getTime())).toBe(true);
  });
});
