"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps the console's problem surface current without a reload: the open-alert count in
 * the navigation, the worker pill, a source's health and problem banner. Re-renders the
 * page from the server every `everyMs` while the tab is visible, and at once when it
 * becomes visible again; a hidden tab costs the server nothing.
 */
export function ConsoleRefresh({ everyMs = 20_000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const refreshIfVisible = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    const timer = setInterval(refreshIfVisible, everyMs);
    document.addEventListener("visibilitychange", refreshIfVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", refreshIfVisible);
    };
  }, [router, everyMs]);
  return null;
}
