"use client";

import type { ColumnSizingState } from "@tanstack/react-table";
import { useCallback, useMemo, useSyncExternalStore } from "react";

/**
 * The Search table's column widths as this browser's person left them, in localStorage:
 * a width is a reading preference, not part of a search link. Read through
 * useSyncExternalStore so the server and the first client render agree (no saved widths)
 * and the saved ones apply right after hydration; other tabs follow through `storage`.
 */
const STORAGE_KEY = "intake.search.column-widths";
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy settings); the defaults apply.
    return null;
  }
}

function write(value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Without storage the widths last until the page is left; nothing to tell the person.
  }
  for (const listener of listeners) listener();
}

/** Only whole, positive pixel widths survive a hand-edited or outdated entry. */
function parse(text: string | null): ColumnSizingState {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]) && entry[1] > 0,
      ),
    );
  } catch {
    return {};
  }
}

export function useColumnWidths(): {
  widths: ColumnSizingState;
  setWidths: (next: ColumnSizingState) => void;
  resetWidths: () => void;
} {
  const stored = useSyncExternalStore(subscribe, readStored, () => null);
  const widths = useMemo(() => parse(stored), [stored]);
  const setWidths = useCallback((next: ColumnSizingState) => write(JSON.stringify(next)), []);
  const resetWidths = useCallback(() => write(null), []);
  return { widths, setWidths, resetWidths };
}
