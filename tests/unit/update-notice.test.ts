import { describe, expect, it } from "vitest";
import { eventCountMilestone, notableChange } from "@/lib/alerts/update-notice";

describe("which updates of an open alert are notified", () => {
  it("finds the highest power of ten the event count reached", () => {
    expect(eventCountMilestone(0, 9)).toBeNull();
    expect(eventCountMilestone(9, 10)).toBe(10);
    expect(eventCountMilestone(10, 99)).toBeNull();
    expect(eventCountMilestone(99, 100)).toBe(100);
    expect(eventCountMilestone(3, 1_500)).toBe(1_000);
    expect(eventCountMilestone(1_000, 1_000)).toBeNull();
    expect(eventCountMilestone(0, 0)).toBeNull();
  });

  it("notifies escalations and milestones, and nothing else", () => {
    expect(notableChange({ severity: "medium", eventCount: 3 }, { severity: "medium", eventCount: 8 })).toBeNull();
    expect(notableChange({ severity: "high", eventCount: 3 }, { severity: "high", eventCount: 3 })).toBeNull();
    expect(notableChange({ severity: "medium", eventCount: 3 }, { severity: "critical", eventCount: 3 })).toEqual({
      reasons: ["severity_escalated"],
      previousSeverity: "medium",
      previousEventCount: 3,
      eventCountMilestone: null,
    });
    expect(notableChange({ severity: "low", eventCount: 9 }, { severity: "high", eventCount: 11 })).toEqual({
      reasons: ["severity_escalated", "event_count_milestone"],
      previousSeverity: "low",
      previousEventCount: 9,
      eventCountMilestone: 10,
    });
    // A lower severity is not news (raiseAlert never lowers one anyway).
    expect(notableChange({ severity: "high", eventCount: 1 }, { severity: "low", eventCount: 1 })).toBeNull();
  });
});
