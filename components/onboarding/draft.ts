"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * What the person typed during onboarding, kept in sessionStorage so Back, Forward and
 * a reload keep it. The API key is deliberately not part of it: it lives only in the
 * page's memory and is never written to the browser's storage.
 */
export type OnboardingDraft = {
  name: string;
  region: string;
  /** null until Setup first finds the audit logs; after that the person's choice, even an empty one. */
  auditLogIds: string[] | null;
  noEventsAlertEnabled: boolean;
  noEventsThresholdMinutes: number;
  detectionPacks: string[];
};

export const EMPTY_DRAFT: OnboardingDraft = {
  name: "",
  region: "",
  auditLogIds: null,
  noEventsAlertEnabled: true,
  noEventsThresholdMinutes: 1440,
  detectionPacks: [],
};

type DraftPatch = Partial<OnboardingDraft> | ((current: OnboardingDraft) => Partial<OnboardingDraft>);

export function useOnboardingDraft(
  storageKey: string,
): [OnboardingDraft, (patch: DraftPatch) => void, () => void, boolean] {
  const [draft, setDraft] = useState<OnboardingDraft>(EMPTY_DRAFT);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    try {
      const saved = window.sessionStorage.getItem(storageKey);
      if (saved) setDraft({ ...EMPTY_DRAFT, ...(JSON.parse(saved) as Partial<OnboardingDraft>) });
    } catch {
      // A damaged or blocked storage just means starting from an empty form.
    }
    setLoaded(true);
  }, [storageKey]);
  const update = useCallback(
    (patch: DraftPatch) =>
      setDraft((current) => {
        const next = { ...current, ...(typeof patch === "function" ? patch(current) : patch) };
        try {
          window.sessionStorage.setItem(storageKey, JSON.stringify(next));
        } catch {
          // Not persisted; the flow still works within this page.
        }
        return next;
      }),
    [storageKey],
  );
  /** Drops the saved draft; the page keeps its state until it navigates away. */
  const forget = useCallback(() => window.sessionStorage.removeItem(storageKey), [storageKey]);
  return [draft, update, forget, loaded];
}
