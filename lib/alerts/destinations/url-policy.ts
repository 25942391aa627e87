/**
 * The shape of a destination URL. Isomorphic (the destination form checks the same rule
 * as the server).
 *
 * - Only http:// and https://. Whether plain http:// and the host itself are acceptable
 *   depends on the operator's allow-list and on what the host resolves to, which only
 *   the server knows: address-policy.ts, checked on save and before every send.
 * - No user:password in the URL (use the webhook signing secret).
 */
const DESTINATION_URL_MAX = 2048;

/** Why this URL cannot be a destination, or null when it can. */
export function destinationUrlProblem(raw: string): string | null {
  const text = raw.trim();
  if (text === "") return "Enter the URL alerts are sent to.";
  if (text.length > DESTINATION_URL_MAX) return `Use a URL of at most ${DESTINATION_URL_MAX} characters.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, starting with https://.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// URL.";
  if (!url.hostname) return "Enter a full URL with a host name, starting with https://.";
  if (url.username || url.password)
    return "Remove the user name and password from the URL; set a signing secret instead.";
  return null;
}

/** Scheme and host (with port): what the console shows of a stored URL. */
export function destinationUrlHint(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.host}`;
}
