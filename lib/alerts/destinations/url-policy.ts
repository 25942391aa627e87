/**
 * Which destination URLs Intake accepts. Isomorphic (the destination form checks the
 * same rule as the server).
 *
 * - Only http:// and https://.
 * - Plain http:// only to a receiver on the same machine (localhost, *.localhost,
 *   127.0.0.0/8, [::1]), in every environment: a destination URL and the alerts sent to
 *   it are credentials and incident data, and must not cross a network unencrypted.
 *   Slack incoming webhooks are always https.
 * - No user:password in the URL (use the webhook signing secret; fetch refuses such URLs).
 */
export const DESTINATION_URL_MAX = 2048;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

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
  if (url.username || url.password) return "Remove the user name and password from the URL; set a signing secret instead.";
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return "Use https://. Plain http:// is accepted only for a receiver on this machine (localhost, 127.0.0.1 or [::1]).";
  }
  return null;
}

/** Scheme and host (with port): what the console shows of a stored URL. */
export function destinationUrlHint(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.host}`;
}
