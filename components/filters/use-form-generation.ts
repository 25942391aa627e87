"use client";

import { useCallback, useState } from "react";

/**
 * When a filter form must be rebuilt from the page's query. Navigations the form asked
 * for are remembered until they land; a query that arrives without having been asked for
 * (Back, a link, a "Filter by" button) bumps `generation`, which keys the form so its
 * fields start again from the new values. A form's own navigations never rebuild it, so
 * typing carries on while results load, however many changes are in flight.
 */
export function useFormGeneration(currentQuery: string) {
  const [seenQuery, setSeenQuery] = useState(currentQuery);
  const [inFlight, setInFlight] = useState<string[]>([]);
  const [generation, setGeneration] = useState(0);
  if (currentQuery !== seenQuery) {
    setSeenQuery(currentQuery);
    const landed = inFlight.indexOf(currentQuery);
    if (landed === -1) {
      setInFlight([]);
      setGeneration((value) => value + 1);
    } else {
      setInFlight(inFlight.slice(landed + 1));
    }
  }
  const noteRequest = useCallback((query: string) => setInFlight((queries) => [...queries, query].slice(-20)), []);
  return { generation, noteRequest };
}
