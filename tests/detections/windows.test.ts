import { describe, expect, it } from "vitest";
import { alertDedupKey, alertKeyPrefix, anchorOf, assignWindows } from "@/lib/detections/alert-windows";
import { compileChangeWindow, DEFAULT_CHANGE_WINDOW } from "@/lib/detections/change-window";
import { isAdminAction, isApiKeyCreation, isReadAction, isVisibilityDeletion } from "@/lib/detections/rapid7/actions";

/** The pure parts of detection: dedup windows, change windows, the action vocabulary. */
const t = (hhmm: string) => new Date(`2024-06-04T${hhmm}:00.000Z`);
const source = "6f1d2c3b-0000-4000-8000-000000000001";

describe("dedup windows", () => {
  const times = (chunks: { anchor: Date; matches: Date[] }[]) =>
    chunks.map((chunk) => ({
      anchor: chunk.anchor.toISOString().slice(11, 16),
      at: chunk.matches.map((d) => d.toISOString().slice(11, 16)),
    }));

  it("groups matches within the window of the first one and opens a new window after it", () => {
    const chunks = assignWindows([t("10:30"), t("10:00"), t("11:00"), t("10:59"), t("12:30")], (d) => d, [], 60);
    expect(times(chunks)).toEqual([
      { anchor: "10:00", at: ["10:00", "10:30", "10:59"] },
      { anchor: "11:00", at: ["11:00"] },
      { anchor: "12:30", at: ["12:30"] },
    ]);
  });

  it("continues a window an earlier run opened, and a late match before it opens its own", () => {
    const chunks = assignWindows([t("10:20"), t("09:50")], (d) => d, [t("10:00")], 60);
    expect(times(chunks)).toEqual([
      { anchor: "09:50", at: ["09:50"] },
      { anchor: "10:00", at: ["10:20"] },
    ]);
  });

  it("prefers the latest window that contains the match when windows overlap", () => {
    const chunks = assignWindows([t("10:40")], (d) => d, [t("10:00"), t("10:30")], 60);
    expect(times(chunks)).toEqual([{ anchor: "10:30", at: ["10:40"] }]);
  });

  it("alert keys carry the anchor after a per-source, per-rule prefix, and nothing an event says", () => {
    const prefix = alertKeyPrefix(source, "rapid7.failed_action_burst");
    const key = alertDedupKey(prefix, t("10:00"));
    expect(key).toBe(`detection:${source}:rapid7.failed_action_burst#2024-06-04T10:00:00.000Z`);
    expect(anchorOf(prefix, key)).toEqual(t("10:00"));
    expect(anchorOf(alertKeyPrefix(source, "rapid7.failed_action"), key)).toBeNull();
    // Keys written before actors stopped splitting alerts ("…:<rule>:<actor>#…") are not this rule's windows.
    expect(
      anchorOf(prefix, `detection:${source}:rapid7.failed_action_burst:alice@example.com#2024-06-04T10:00:00.000Z`),
    ).toBeNull();
  });
});

describe("change windows", () => {
  const utc = compileChangeWindow(DEFAULT_CHANGE_WINDOW);

  it("default: weekdays 06:00 (inclusive) to 20:00 (exclusive) UTC", () => {
    expect(utc.contains(new Date("2024-06-04T06:00:00Z"))).toBe(true); // Tuesday
    expect(utc.contains(new Date("2024-06-04T19:59:59Z"))).toBe(true);
    expect(utc.contains(new Date("2024-06-04T20:00:00Z"))).toBe(false);
    expect(utc.contains(new Date("2024-06-04T05:59:59Z"))).toBe(false);
    expect(utc.contains(new Date("2024-06-08T12:00:00Z"))).toBe(false); // Saturday
    expect(utc.describe()).toBe("Mon, Tue, Wed, Thu, Fri 06:00–20:00 UTC");
  });

  it("evaluates days and hours in the window's time zone", () => {
    const tokyo = compileChangeWindow({ ...DEFAULT_CHANGE_WINDOW, timeZone: "Asia/Tokyo" });
    // Monday 22:00 UTC is Tuesday 07:00 in Tokyo; Friday 12:00 UTC is Friday 21:00 there.
    expect(tokyo.contains(new Date("2024-06-03T22:00:00Z"))).toBe(true);
    expect(utc.contains(new Date("2024-06-03T22:00:00Z"))).toBe(false);
    expect(tokyo.contains(new Date("2024-06-07T12:00:00Z"))).toBe(false);
  });

  it("refuses a window that is not one", () => {
    expect(() => compileChangeWindow({ ...DEFAULT_CHANGE_WINDOW, start: "20:00", end: "06:00" })).toThrow(
      /start before it ends/,
    );
    expect(() => compileChangeWindow({ ...DEFAULT_CHANGE_WINDOW, start: "6am" })).toThrow(/HH:MM/);
    expect(() => compileChangeWindow({ ...DEFAULT_CHANGE_WINDOW, days: [7] })).toThrow(/0 \(Sunday\)/);
    expect(() => compileChangeWindow({ ...DEFAULT_CHANGE_WINDOW, timeZone: "Mars/Olympus" })).toThrow();
  });
});

describe("Rapid7 action vocabulary", () => {
  it("visibility deletions: the documented four and their siblings, any case", () => {
    for (const action of [
      "LOG_DELETED",
      "DELETE_COLLECTOR",
      "DELETE_HONEYPOT",
      "delete_orchestrator",
      "DELETE_EVENT_SOURCE",
    ])
      expect(isVisibilityDeletion(action), action).toBe(true);
    for (const action of ["LOG_UPDATED", "DELETE_RULES", "DELETE_API_KEY", "ACTIVATE_COLLECTOR"])
      expect(isVisibilityDeletion(action), action).toBe(false);
  });

  it("reads", () => {
    for (const action of ["LIST_USERS", "GET_LOG", "EXPORT_EVENTS", "LOG_VIEWED"])
      expect(isReadAction(action), action).toBe(true);
    for (const action of ["LOG_UPDATED", "DELETE_COLLECTOR", "SAVE_POLICY"])
      expect(isReadAction(action), action).toBe(false);
  });

  it("administration, not content edits or reads", () => {
    for (const action of [
      "UPDATE_USER_ROLES",
      "INVITE_USER",
      "CREATE_API_KEY",
      "ACTIVATE_COLLECTOR",
      "COPY_EVENT_SOURCES",
      "ADD_EVENT_SOURCE",
      "LOG_CREATED",
      "DELETE_HONEYPOT",
    ]) {
      expect(isAdminAction(action), action).toBe(true);
    }
    for (const action of ["SAVE_POLICY", "CREATE_NEW_RULE", "LIST_USERS", "REORDER_RULES", "LOGIN"])
      expect(isAdminAction(action), action).toBe(false);
  });

  it("API key creation", () => {
    for (const action of ["CREATE_API_KEY", "GENERATE_ORGANIZATION_API_KEY", "API_KEY_CREATED", "USER_API_KEY_CREATED"])
      expect(isApiKeyCreation(action), action).toBe(true);
    for (const action of ["DELETE_API_KEY", "API_KEY_DELETED", "CREATE_USER", "LIST_API_KEYS"])
      expect(isApiKeyCreation(action), action).toBe(false);
  });
});
