import type { FormEvent, KeyboardEvent } from "react";

/**
 * A filter form's submit and Enter handlers: both apply at once. Enter in a text field is
 * caught itself because a form with several fields has no implicit submit; a checkbox's
 * Enter is left alone (Space toggles it).
 */
export function applyOnSubmit(apply: (form: HTMLFormElement) => void) {
  return {
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      apply(event.currentTarget);
    },
    onKeyDown: (event: KeyboardEvent<HTMLFormElement>) => {
      const target = event.target;
      if (event.key === "Enter" && target instanceof HTMLInputElement && target.type !== "checkbox") {
        event.preventDefault();
        apply(event.currentTarget);
      }
    },
  };
}
