import { markInvisible } from "./invisible-characters";

/** Words that keep their own casing when an identifier becomes a label. */
const PROPER_WORDS: Record<string, string> = { api: "API", ip: "IP", mfa: "MFA", sso: "SSO", url: "URL", idr: "IDR" };

const sentence = (words: string[], capitalized = true) =>
  words
    .map((word, index) => {
      const lower = word.toLowerCase();
      const proper = PROPER_WORDS[lower];
      if (proper) return proper;
      return index === 0 && capitalized ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(" ");

/**
 * An enum-style value as people read it in a filter option: "FAILURE" is "Failure",
 * "LOG_CREATED" is "Log created". Anything else (mixed case, free text written by a
 * vendor) is shown as it is, with invisible characters marked, since it may come from
 * event content.
 */
export function enumLabel(value: string): string {
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(value)) return sentence(value.split("_"));
  return markInvisible(value);
}

/**
 * An audit action or target type as a label: "auth.sign_in_failed" is "Auth: sign in
 * failed", "api_token" is "API token". Values Intake did not write are shown marked.
 */
export function identifierLabel(value: string): string {
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/.test(value)) return markInvisible(value);
  const [head = "", tail] = value.split(".");
  const first = sentence(head.split("_"));
  return tail === undefined ? first : `${first}: ${sentence(tail.split("_"), false)}`;
}
