import type { ActionError } from "@/lib/action-result";
import { auditLogChoiceAfterSetup } from "@/lib/sources/audit-log-choice";
import type { AuditLogOption, PreviewEvent } from "@/lib/sources/onboarding";

/**
 * The Rapid7 setup flow as a pure state machine: Name → Set Credentials → Setup (its
 * checks running, failed, stopped or passed) → Finish. `reduceWizard(state, event)` is the
 * whole of its logic; rapid7-setup.tsx only renders the state, turns clicks and the URL
 * into events, and carries out the commands the machine emits (move the URL, run one of
 * Setup's checks), each once.
 *
 * The URL owns the step, so Back, Forward and a reload work: the machine follows it
 * (`urlChanged`), sends a step that lost what it needs back to where that is entered, and
 * moves it only by commands. What was typed is the draft (kept in sessionStorage by the
 * component); the API key lives only in this state, never in storage.
 */
export const STEPS = [
  { id: "name", label: "Name" },
  { id: "credentials", label: "Set Credentials" },
  { id: "setup", label: "Setup" },
  { id: "success", label: "Finish" },
] as const;
export type StepId = (typeof STEPS)[number]["id"];

/** What the person typed, kept across Back, Forward and a reload. Never the API key. */
export type OnboardingDraft = {
  name: string;
  region: string;
  /** null until Setup first finds the audit logs; after that the person's choice, even an empty one. */
  auditLogIds: string[] | null;
  noEventsAlertEnabled: boolean;
  noEventsThresholdMinutes: number;
  detectionPacks: string[];
};

const EMPTY_DRAFT: OnboardingDraft = {
  name: "",
  region: "",
  auditLogIds: null,
  noEventsAlertEnabled: true,
  noEventsThresholdMinutes: 1440,
  detectionPacks: [],
};

/** The choices made on the Finish step. */
export type FinishChoices = Pick<
  OnboardingDraft,
  "noEventsAlertEnabled" | "noEventsThresholdMinutes" | "detectionPacks"
> & { auditLogIds: string[] };

type SetupInput = { name: string; region: string; apiKey: string };
export type SetupResult = { auditLogs: AuditLogOption[]; preview: PreviewEvent[]; unparsed: number; scanned: number };
export type StageState = "waiting" | "running" | "done" | "failed";
type SetupFailure = { message: string; field: "apiKey" | "region" | "name" | null; retryable: boolean };
/**
 * Setup's three checks with Rapid7: the key in its region, the audit logs, a read of the
 * latest events. Stopped: the person left Setup while they ran.
 */
export type SetupChecks =
  | { status: "idle" | "running" | "stopped"; stages: StageState[] }
  | { status: "failed"; stages: StageState[]; failure: SetupFailure }
  | { status: "passed"; stages: StageState[]; result: SetupResult };

type CredentialErrors = { region?: string; apiKey?: string };

/** One of Setup's checks, for the component to run; its answer comes back as an event with the same run. */
export type CheckCommand =
  | { kind: "checkKey"; run: number; input: SetupInput }
  | { kind: "findAuditLogs"; run: number; input: SetupInput }
  | { kind: "readPreview"; run: number; input: SetupInput; auditLogs: AuditLogOption[] };
export type Command = { id: number } & (
  | { kind: "navigate"; to: StepId; mode: "push" | "replace" }
  /** The browser's Back: Setup and Finish always sit right after Set Credentials in history. */
  | { kind: "back" }
  | CheckCommand
);
type NewCommand = Command extends infer C ? (C extends Command ? Omit<C, "id"> : never) : never;

export type WizardState = {
  /** False until the saved draft has been read (never on the server). */
  loaded: boolean;
  /** The step shown: the URL's, once the machine has seen it. */
  step: StepId | null;
  draft: OnboardingDraft;
  apiKey: string;
  /** Why the person is on Set Credentials again (the key was forgotten by a reload). */
  notice: string | null;
  /** Problems found later (by Setup or Finish), shown next to the field on the way back. */
  nameError: string | null;
  credentialErrors: CredentialErrors | null;
  checks: SetupChecks;
  /** The current run of the checks; answers of any other run are ignored. */
  run: number;
  /** What the current run checks. */
  runInput: SetupInput | null;
  /** Checks asked for on Set Credentials: they start once the Setup step is on screen, so it is in history first. */
  pendingRun: SetupInput | null;
  /** What the last passing run found, for the Finish step. */
  result: SetupResult | null;
  /** The source was created: the page is on its way to it, and the flow stops redirecting. */
  finished: boolean;
  /** Every command emitted so far, in order; the component carries out each new one once. */
  commands: readonly Command[];
};

export type WizardEvent =
  | { type: "draftLoaded"; saved: string | null }
  | { type: "urlChanged"; step: StepId }
  | { type: "nameDone"; name: string }
  | { type: "credentialsBack"; region: string; apiKey: string }
  | { type: "credentialsDone"; region: string; apiKey: string }
  /** Try again, or Run the checks, on the Setup step. */
  | { type: "runRequested" }
  | { type: "setupBack"; target: "name" | "credentials" }
  | { type: "choicesChanged"; choices: FinishChoices }
  | { type: "finishBack" }
  /** Finish found a problem that is fixed on an earlier step (the name was taken meanwhile). */
  | { type: "fixElsewhere"; target: "name" | "credentials"; message: string }
  | { type: "finished" }
  | { type: "keyChecked"; run: number }
  | { type: "auditLogsFound"; run: number; auditLogs: AuditLogOption[] }
  | { type: "checksPassed"; run: number; result: SetupResult }
  | { type: "checkFailed"; run: number; error: ActionError };

export const KEY_FORGOTTEN =
  "Enter the API key again: Intake keeps it only in this page's memory, never in your browser's storage, so a reload clears it.";

const WAITING: StageState[] = ["waiting", "waiting", "waiting"];

export const INITIAL_WIZARD: WizardState = {
  loaded: false,
  step: null,
  draft: EMPTY_DRAFT,
  apiKey: "",
  notice: null,
  nameError: null,
  credentialErrors: null,
  checks: { status: "idle", stages: WAITING },
  run: 0,
  runInput: null,
  pendingRun: null,
  result: null,
  finished: false,
  commands: [],
};

/** The step a `?step=` value names; anything else is the first step. */
export function stepFromParam(value: string | null): StepId {
  return STEPS.find((step) => step.id === value)?.id ?? "name";
}

export function reduceWizard(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case "draftLoaded":
      return state.loaded ? state : { ...state, loaded: true, draft: parseDraft(event.saved) };
    case "urlChanged":
      return arrive({ ...state, step: event.step });
    case "nameDone":
      return emit({ ...state, nameError: null, draft: { ...state.draft, name: event.name } }, push("credentials"));
    case "credentialsBack":
      return emit(
        { ...state, draft: { ...state.draft, region: event.region }, apiKey: event.apiKey, credentialErrors: null },
        push("name"),
      );
    case "credentialsDone":
      return emit(
        {
          ...state,
          draft: { ...state.draft, region: event.region },
          apiKey: event.apiKey,
          notice: null,
          credentialErrors: null,
          result: null,
          // Shown as starting while the page moves to Setup, where they really start.
          checks: { status: "running", stages: ["running", "waiting", "waiting"] },
          run: state.run + 1,
          pendingRun: { name: state.draft.name, region: event.region, apiKey: event.apiKey },
        },
        push("setup"),
      );
    case "runRequested":
      if (state.step !== "setup" || !state.apiKey) return state;
      return startChecks(state, { name: state.draft.name, region: state.draft.region, apiKey: state.apiKey });
    case "setupBack":
      return emit(
        { ...state, ...errorsFromFailure(state.checks) },
        event.target === "name" ? push("name") : { kind: "back" },
      );
    case "choicesChanged":
      return { ...state, draft: { ...state.draft, ...event.choices } };
    case "finishBack":
      return emit(state, { kind: "back" });
    case "fixElsewhere":
      return event.target === "name"
        ? emit({ ...state, nameError: event.message }, push("name"))
        : emit({ ...state, credentialErrors: { apiKey: event.message } }, { kind: "back" });
    case "finished":
      return { ...state, finished: true };
    case "keyChecked":
      if (!isCurrent(state, event.run) || !state.runInput) return state;
      return emit(
        { ...state, checks: { status: "running", stages: ["done", "running", "waiting"] } },
        { kind: "findAuditLogs", run: event.run, input: state.runInput },
      );
    case "auditLogsFound":
      if (!isCurrent(state, event.run) || !state.runInput) return state;
      return emit(
        { ...state, checks: { status: "running", stages: ["done", "done", "running"] } },
        { kind: "readPreview", run: event.run, input: state.runInput, auditLogs: event.auditLogs },
      );
    case "checksPassed": {
      if (!isCurrent(state, event.run)) return state;
      const { result } = event;
      const offered = result.auditLogs.map((log) => log.id);
      const draft = { ...state.draft, auditLogIds: auditLogChoiceAfterSetup(state.draft.auditLogIds, offered) };
      return emit(
        { ...state, draft, result, checks: { status: "passed", stages: ["done", "done", "done"], result } },
        replace("success"),
      );
    }
    case "checkFailed": {
      if (!isCurrent(state, event.run)) return state;
      const stages = state.checks.stages.map((stage) => (stage === "running" ? "failed" : stage));
      return { ...state, checks: { status: "failed", stages, failure: failureOf(event.error) } };
    }
  }
}

/**
 * The URL shows `state.step` now. A step that lost what it needs (a reload forgets the key;
 * a link can point into the middle) sends the person back to where that is entered. Leaving
 * Setup abandons a run still going, so its answers cannot pull the page on to Finish;
 * arriving on Setup starts the checks asked for on Set Credentials.
 */
function arrive(state: WizardState): WizardState {
  const { step } = state;
  if (!state.loaded || state.finished || step === null) return state;
  const settled = step === "setup" ? state : stopChecks(state);
  if (step !== "name" && !settled.draft.name) return emit(settled, replace("name"));
  if ((step === "setup" || step === "success") && !settled.apiKey)
    return emit({ ...settled, notice: KEY_FORGOTTEN }, replace("credentials"));
  if (step === "success" && !settled.result) return emit(settled, replace("setup"));
  if (step === "setup" && settled.checks.status === "passed" && settled.result)
    return emit(settled, replace("success"));
  if (step === "setup" && settled.pendingRun) return startChecks({ ...settled, pendingRun: null }, settled.pendingRun);
  return settled;
}

function startChecks(state: WizardState, input: SetupInput): WizardState {
  const run = state.run + 1;
  return emit(
    { ...state, run, runInput: input, checks: { status: "running", stages: ["running", "waiting", "waiting"] } },
    { kind: "checkKey", run, input },
  );
}

/** Server actions cannot be aborted: a stopped run's answers are ignored when they come. */
function stopChecks(state: WizardState): WizardState {
  const { checks } = state;
  const stopped: SetupChecks =
    checks.status === "running"
      ? { status: "stopped", stages: checks.stages.map((stage) => (stage === "running" ? "waiting" : stage)) }
      : checks;
  return { ...state, checks: stopped, run: state.run + 1, runInput: null, pendingRun: null };
}

function isCurrent(state: WizardState, run: number): boolean {
  return run === state.run && state.checks.status === "running";
}

/** Going back from a failed Setup shows its problem next to the field it is about. */
function errorsFromFailure(checks: SetupChecks): Partial<WizardState> {
  if (checks.status !== "failed") return {};
  const { field, message } = checks.failure;
  if (field === "name") return { nameError: message };
  if (field === "region" || field === "apiKey") return { credentialErrors: { [field]: message } };
  return {};
}

function failureOf(error: ActionError): SetupFailure {
  const field = error.fieldErrors.apiKey
    ? "apiKey"
    : error.fieldErrors.region
      ? "region"
      : error.fieldErrors.name
        ? "name"
        : null;
  return {
    message: error.message,
    field,
    retryable: error.code === "UPSTREAM" || error.code === "RATE_LIMITED" || error.code === "INTERNAL",
  };
}

/** A saved draft, or an empty one when there is none or it is damaged. */
function parseDraft(saved: string | null): OnboardingDraft {
  if (!saved) return EMPTY_DRAFT;
  try {
    return { ...EMPTY_DRAFT, ...(JSON.parse(saved) as Partial<OnboardingDraft>) };
  } catch {
    return EMPTY_DRAFT;
  }
}

function emit(state: WizardState, command: NewCommand): WizardState {
  const id = (state.commands.at(-1)?.id ?? 0) + 1;
  return { ...state, commands: [...state.commands, { ...command, id } as Command] };
}

const push = (to: StepId): NewCommand => ({ kind: "navigate", to, mode: "push" });
const replace = (to: StepId): NewCommand => ({ kind: "navigate", to, mode: "replace" });
