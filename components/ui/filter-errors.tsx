import Link from "next/link";
import { Callout } from "./callout";

/**
 * A list page opened with filters in its URL that it cannot use (a hand-edited or outdated
 * link): each problem by filter, and a way out. The filter form above marks the fields too.
 */
export function FilterErrors({
  title,
  errors,
  labelOf = (field) => field,
  resetHref,
  resetLabel,
}: {
  title: string;
  /** Message by filter name, as a ValidationError's fieldErrors. */
  errors: Readonly<Record<string, string>>;
  /** How a filter is named on the page. */
  labelOf?: (field: string) => string;
  resetHref: string;
  resetLabel: string;
}) {
  return (
    <Callout tone="error" title={title} className="mt-6">
      <ul className="list-disc space-y-1 pl-5">
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            <span className="font-medium">{labelOf(field)}:</span> {message}
          </li>
        ))}
      </ul>
      <p className="mt-2">
        Fix it above, or{" "}
        <Link href={resetHref} className="underline">
          {resetLabel}
        </Link>
        .
      </p>
    </Callout>
  );
}
