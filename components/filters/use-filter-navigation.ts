"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useTransition } from "react";

/** How long typing must pause before the filters apply: long enough not to search every keystroke. */
export const TYPING_PAUSE_MS = 400;

/**
 * Applies filters by navigating to this page with them in the query string, so every
 * filtered view stays a link. A choice (a select, a checkbox) adds a history entry; a burst
 * of typing in one field adds one entry and then replaces it as the text grows, so Back
 * steps over the whole edit instead of through every pause. The burst ends when the
 * person leaves the field (`endTyping`) or changes another filter.
 */
export function useFilterNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const typingIn = useRef<string | null>(null);
  const lastHref = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const navigate = useCallback(
    (query: string, typedField: string | null) => {
      const href = query ? `${pathname}?${query}` : pathname;
      const current = `${pathname}${window.location.search}`;
      const continuesBurst = typedField !== null && typingIn.current === typedField;
      typingIn.current = typedField;
      if (href === current && href === (lastHref.current ?? current)) return;
      lastHref.current = href;
      startTransition(() => {
        if (continuesBurst) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [pathname, router],
  );

  /** Applies at once: a choice was made, or Enter was pressed. Cancels typing still waiting. */
  const applyNow = useCallback(
    (query: () => string | null, typedField: string | null = null) => {
      clearTimeout(timer.current);
      // After the event's own render, so values set by React (hidden inputs, controlled fields) are current.
      timer.current = setTimeout(() => {
        const next = query();
        if (next !== null) navigate(next, typedField);
      }, 0);
    },
    [navigate],
  );

  /** Applies once typing in `field` pauses. */
  const applyAfterTyping = useCallback(
    (query: () => string | null, field: string) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const next = query();
        if (next !== null) navigate(next, field);
      }, TYPING_PAUSE_MS);
    },
    [navigate],
  );

  const endTyping = useCallback(() => {
    typingIn.current = null;
  }, []);

  return { pending, applyNow, applyAfterTyping, endTyping };
}
