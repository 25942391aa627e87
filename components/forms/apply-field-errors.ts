import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

/** Shows a server action's field errors next to the matching fields; false when none matched a field. */
export function applyFieldErrors<T extends FieldValues>(
  fieldErrors: Record<string, string>,
  setError: UseFormSetError<T>,
): boolean {
  let applied = false;
  for (const [field, message] of Object.entries(fieldErrors)) {
    if (field === "form") continue;
    setError(field as Path<T>, { type: "server", message }, { shouldFocus: !applied });
    applied = true;
  }
  return applied;
}
