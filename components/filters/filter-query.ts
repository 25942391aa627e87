/**
 * The query string a filter form sends for these values: blanks and defaults left out,
 * in the order given (the order of the form's fields, so the page and the form agree).
 * Pages pass it to AutoApplyForm as the query they were rendered for.
 */
export function filterQuery(values: Record<string, string>, defaults: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value.trim() !== "" && defaults[name] !== value) query.append(name, value);
  }
  return query.toString();
}
