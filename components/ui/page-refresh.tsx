"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every `everyMs` while `active` and the tab is
 * visible, and at once when the tab becomes visible again: a hidden tab costs the server
 * nothing. The console layout keeps its problem surface current with a slow one (open
 * alerts, worker pill, health); pages add a fast one while something on them is in
 * progress (a first pull, a pending delivery).
 */
export function PageRefresh({ everyMs, active = true }: { everyMs: number; active?: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const refreshIfVisible = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    const timer = setInterval(refreshIfVisible, everyMs);
    document.addEventListener("visibilitychange", refreshIfVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", refreshIfVisible);
    };
  }, [router, everyMs, active]);
  return null;
}
