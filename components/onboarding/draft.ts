"use client";

import { useSyncExternalStore } from "react";
import type { OnboardingDraft } from "./wizard-machine";

/**
 * The onboarding draft in sessionStorage, so Back, Forward and a reload keep what was
 * typed. The API key is never part of it. Storage that is blocked or damaged just means
 * starting from an empty form, and a flow that works within the page.
 */
const DRAFT_STORAGE_KEY = "intake:onboarding:rapid7";

/** The saved draft's text (null: none); undefined while it cannot be read yet (on the server, and while hydrating). */
export function useSavedDraft(): string | null | undefined {
  return useSyncExternalStore(subscribe, readSaved, () => undefined);
}

export function saveDraft(draft: OnboardingDraft): void {
  try {
    window.sessionStorage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Not persisted; the flow still works within this page.
  }
}

export function forgetDraft(): void {
  try {
    window.sessionStorage.removeItem(DRAFT_STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
}

function readSaved(): string | null {
  try {
    return window.sessionStorage.getItem(DRAFT_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Another tab's changes do not concern this flow; the draft is read once, when the page starts. */
function subscribe(): () => void {
  return () => {};
}
