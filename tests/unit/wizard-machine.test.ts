import { describe, expect, it } from "vitest";
import {
  type Command,
  INITIAL_WIZARD,
  KEY_FORGOTTEN,
  reduceWizard,
  type SetupResult,
  type StepId,
  stepFromParam,
  type WizardEvent,
  type WizardState,
} from "@/components/onboarding/wizard-machine";
import type { ActionError } from "@/lib/action-result";

/**
 * The onboarding wizard's logic, event by event, without a browser: what each step shows,
 * where the URL is sent, and which of Setup's checks run. The browser test
 * (tests/e2e/onboarding.spec.ts) drives the same flows through the page.
 */
const KEY = "demo-us3-admin-key";
const LOGS = [
  { id: "platform", name: "Platform", logsetName: null },
  { id: "idr", name: "InsightIDR", logsetName: "Audit" },
];
const RESULT: SetupResult = { auditLogs: LOGS, preview: [], unparsed: 0, scanned: 12 };
const rejected: ActionError = {
  code: "VALIDATION",
  message: "Rapid7 rejected this API key in United States - 3 (us3).",
  fieldErrors: { apiKey: "Rapid7 rejected this API key." },
};
const unreachable: ActionError = { code: "UPSTREAM", message: "Intake could not reach Rapid7.", fieldErrors: {} };

/** The state after these events, and the commands the last event emitted. */
function after(events: WizardEvent[], from: WizardState = INITIAL_WIZARD) {
  let state = from;
  let emitted: Command[] = [];
  for (const event of events) {
    const next = reduceWizard(state, event);
    emitted = next.commands.slice(state.commands.length);
    state = next;
  }
  return { state, emitted: emitted.map(({ id: _id, ...command }) => command) };
}

const loaded = (saved: object | null = null) =>
  after([{ type: "draftLoaded", saved: saved && JSON.stringify(saved) }]).state;
const at = (step: StepId): WizardEvent => ({ type: "urlChanged", step });
const toSetup: WizardEvent[] = [
  at("name"),
  { type: "nameDone", name: "My Rapid7 logs" },
  at("credentials"),
  { type: "credentialsDone", region: "us3", apiKey: KEY },
  at("setup"),
];
const input = { name: "My Rapid7 logs", region: "us3", apiKey: KEY };
/** Setup on screen with its first run going. */
const running = () => after(toSetup, loaded()).state;

describe("starting the flow", () => {
  it("shows nothing until the saved draft is read, then starts from it (an empty one when missing or damaged)", () => {
    expect(after([at("credentials")]).state).toMatchObject({ loaded: false, step: "credentials", commands: [] });
    expect(loaded().draft).toMatchObject({ name: "", region: "", auditLogIds: null, noEventsAlertEnabled: true });
    expect(after([{ type: "draftLoaded", saved: "{not json" }]).state.draft.name).toBe("");
    expect(loaded({ name: "Kept", region: "eu" }).draft).toMatchObject({ name: "Kept", region: "eu" });
    // Read once: storage written later by this page does not replace what is on screen.
    const state = loaded({ name: "Kept" });
    expect(reduceWizard(state, { type: "draftLoaded", saved: null })).toBe(state);
  });

  it("reads the step from the URL, the first step for anything unknown", () => {
    expect(stepFromParam("setup")).toBe("setup");
    expect(stepFromParam(null)).toBe("name");
    expect(stepFromParam("finish-now")).toBe("name");
  });

  it("sends a link into the middle back to the name when there is none yet", () => {
    expect(after([at("credentials")], loaded())).toMatchObject({
      state: { step: "credentials" },
      emitted: [{ kind: "navigate", to: "name", mode: "replace" }],
    });
  });
});

describe("the happy path", () => {
  it("pushes each step, starts the checks only once Setup is on screen, and replaces Setup with Finish", () => {
    const named = after([at("name"), { type: "nameDone", name: "My Rapid7 logs" }], loaded());
    expect(named.emitted).toEqual([{ kind: "navigate", to: "credentials", mode: "push" }]);
    expect(named.state.draft.name).toBe("My Rapid7 logs");

    const submitted = after([at("credentials"), { type: "credentialsDone", region: "us3", apiKey: KEY }], named.state);
    expect(submitted.emitted).toEqual([{ kind: "navigate", to: "setup", mode: "push" }]);
    expect(submitted.state.checks).toEqual({ status: "running", stages: ["running", "waiting", "waiting"] });
    expect(submitted.state.draft).not.toHaveProperty("apiKey");

    const started = after([at("setup")], submitted.state);
    const { run } = started.state;
    expect(started.emitted).toEqual([{ kind: "checkKey", run, input }]);

    const keyOk = after([{ type: "keyChecked", run }], started.state);
    expect(keyOk.emitted).toEqual([{ kind: "findAuditLogs", run, input }]);
    expect(keyOk.state.checks.stages).toEqual(["done", "running", "waiting"]);

    const found = after([{ type: "auditLogsFound", run, auditLogs: LOGS }], keyOk.state);
    expect(found.emitted).toEqual([{ kind: "readPreview", run, input, auditLogs: LOGS }]);
    expect(found.state.checks.stages).toEqual(["done", "done", "running"]);

    const passed = after([{ type: "checksPassed", run, result: RESULT }], found.state);
    expect(passed.emitted).toEqual([{ kind: "navigate", to: "success", mode: "replace" }]);
    expect(passed.state).toMatchObject({ result: RESULT, checks: { status: "passed" } });
    expect(passed.state.draft.auditLogIds).toEqual(["platform", "idr"]);
    expect(after([at("success")], passed.state).emitted).toEqual([]);
  });

  it("keeps the choices made on Finish, and stops redirecting once the source is created", () => {
    const { state } = after(
      [
        { type: "checksPassed", run: running().run, result: RESULT },
        at("success"),
        {
          type: "choicesChanged",
          choices: {
            auditLogIds: ["idr"],
            detectionPacks: ["p"],
            noEventsAlertEnabled: false,
            noEventsThresholdMinutes: 60,
          },
        },
        { type: "finished" },
      ],
      running(),
    );
    expect(state.draft).toMatchObject({ auditLogIds: ["idr"], detectionPacks: ["p"], noEventsAlertEnabled: false });
    expect(after([at("name")], state).emitted).toEqual([]);
  });
});

describe("when Setup fails", () => {
  it("marks the stage, says what is wrong, and shows it next to the field on the way back through history", () => {
    const state = running();
    const failed = after([{ type: "checkFailed", run: state.run, error: rejected }], state).state;
    expect(failed.checks).toEqual({
      status: "failed",
      stages: ["failed", "waiting", "waiting"],
      failure: { message: rejected.message, field: "apiKey", retryable: false },
    });
    const back = after([{ type: "setupBack", target: "credentials" }], failed);
    expect(back.emitted).toEqual([{ kind: "back" }]);
    expect(back.state.credentialErrors).toEqual({ apiKey: rejected.message });
  });

  it("never runs the checks again because a step was shown: Back, then Forward into Setup, shows how it ended", () => {
    const state = running();
    const failed = after([{ type: "checkFailed", run: state.run, error: rejected }], state).state;
    const returned = after([at("credentials"), at("name"), at("credentials"), at("setup")], failed);
    expect(returned.emitted).toEqual([]);
    expect(returned.state.checks.status).toBe("failed");
  });

  it("runs them again on Try again, ignoring whatever the earlier run still answers", () => {
    const state = running();
    const failed = after([{ type: "checkFailed", run: state.run, error: unreachable }], state).state;
    expect(failed.checks).toMatchObject({ failure: { retryable: true } });
    const again = after([{ type: "runRequested" }], failed);
    expect(again.emitted).toEqual([{ kind: "checkKey", run: state.run + 1, input }]);
    expect(again.state.checks).toEqual({ status: "running", stages: ["running", "waiting", "waiting"] });
    expect(after([{ type: "keyChecked", run: state.run }], again.state).emitted).toEqual([]);
  });

  it("sends a problem with the name back to the name step", () => {
    const state = running();
    const taken: ActionError = {
      code: "CONFLICT",
      message: "A source with this name exists.",
      fieldErrors: { name: "Taken." },
    };
    const failed = after([{ type: "checkFailed", run: state.run, error: taken }], state).state;
    const back = after([{ type: "setupBack", target: "name" }], failed);
    expect(back.emitted).toEqual([{ kind: "navigate", to: "name", mode: "push" }]);
    expect(back.state.nameError).toBe(taken.message);
    expect(after([at("name"), { type: "nameDone", name: "Another" }], back.state).state.nameError).toBeNull();
  });
});

describe("leaving Setup while it runs", () => {
  it("abandons the run: its answers go no further, and Forward shows it stopped until asked again", () => {
    const state = running();
    const keyOk = after([{ type: "keyChecked", run: state.run }], state).state;
    const left = after([at("credentials")], keyOk).state;
    expect(left.checks).toEqual({ status: "stopped", stages: ["done", "waiting", "waiting"] });
    // Rapid7's answer to the abandoned run arrives: nothing more is asked of it, and the page stays.
    expect(after([{ type: "auditLogsFound", run: state.run, auditLogs: LOGS }], left)).toMatchObject({
      emitted: [],
      state: { step: "credentials", checks: { status: "stopped" } },
    });
    const forward = after([at("setup")], left);
    expect(forward.emitted).toEqual([]);
    expect(after([{ type: "runRequested" }], forward.state).emitted).toEqual([
      { kind: "checkKey", run: left.run + 1, input },
    ]);
  });
});

describe("Back, Forward and reload", () => {
  it("keeps what was typed, the key included in memory, going back from credentials", () => {
    const { state, emitted } = after(
      [
        at("name"),
        { type: "nameDone", name: "N" },
        at("credentials"),
        { type: "credentialsBack", region: "eu", apiKey: KEY },
      ],
      loaded(),
    );
    expect(emitted).toEqual([{ kind: "navigate", to: "name", mode: "push" }]);
    expect(state).toMatchObject({ apiKey: KEY, draft: { name: "N", region: "eu" } });
  });

  it("after a reload on Setup or Finish, asks for the key again on Set Credentials", () => {
    for (const step of ["setup", "success"] as const) {
      expect(after([at(step)], loaded({ name: "Reload check", region: "us3" }))).toMatchObject({
        state: { notice: KEY_FORGOTTEN },
        emitted: [{ kind: "navigate", to: "credentials", mode: "replace" }],
      });
    }
  });

  it("sends Finish without a Setup result back to Setup, and Setup with a passed result on to Finish", () => {
    const state = running();
    const noResult = after([at("credentials"), { type: "credentialsDone", region: "us3", apiKey: KEY }], state).state;
    expect(after([at("success")], noResult).emitted).toEqual([{ kind: "navigate", to: "setup", mode: "replace" }]);

    const passed = after([{ type: "checksPassed", run: state.run, result: RESULT }, at("success")], state).state;
    expect(after([at("setup")], passed).emitted).toEqual([{ kind: "navigate", to: "success", mode: "replace" }]);
  });

  it("keeps an empty choice of audit logs when Setup runs again, instead of choosing everything", () => {
    const state = running();
    const { state: chosen } = after(
      [
        { type: "checksPassed", run: state.run, result: RESULT },
        at("success"),
        {
          type: "choicesChanged",
          choices: { auditLogIds: [], detectionPacks: [], noEventsAlertEnabled: true, noEventsThresholdMinutes: 1440 },
        },
        { type: "finishBack" },
        at("credentials"),
        { type: "credentialsDone", region: "us3", apiKey: KEY },
        at("setup"),
      ],
      state,
    );
    const rerun = after([{ type: "checksPassed", run: chosen.run, result: RESULT }], chosen).state;
    expect(rerun.draft.auditLogIds).toEqual([]);
  });

  it("a name taken by Finish time leads to the name step; a rejected key back to credentials", () => {
    const passed = after(
      [{ type: "checksPassed", run: running().run, result: RESULT }, at("success")],
      running(),
    ).state;
    expect(after([{ type: "fixElsewhere", target: "name", message: "Taken." }], passed)).toMatchObject({
      state: { nameError: "Taken." },
      emitted: [{ kind: "navigate", to: "name", mode: "push" }],
    });
    expect(after([{ type: "fixElsewhere", target: "credentials", message: "Rejected." }], passed)).toMatchObject({
      state: { credentialErrors: { apiKey: "Rejected." } },
      emitted: [{ kind: "back" }],
    });
  });
});
