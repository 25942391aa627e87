import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False while the server renders and while the page hydrates, true after: for parts worth
 * drawing only in the browser (dense visualisations whose data the page already carries).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
