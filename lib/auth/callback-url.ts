/**
 * Where to go after signing in: only a path on this console. `callbackUrl` comes from the
 * address bar, so anything that would leave the site is refused: other origins, and the
 * forms browsers read as one, like `//other-host/x` or `/\other-host` (a backslash counts
 * as a slash). Control characters are refused too, since browsers strip them before
 * reading the address.
 */
const SAFE_DEFAULT = "/";
const PROBE_ORIGIN = "http://intake.invalid";

export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/")) return SAFE_DEFAULT;
  if (/[\\\u0000-\u001f\u007f]/.test(value) || value.startsWith("//")) return SAFE_DEFAULT;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return SAFE_DEFAULT;
  }
  if (url.origin !== PROBE_ORIGIN) return SAFE_DEFAULT;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** For next-auth's redirect callback: a URL on this console (absolute or a path), else the console's start page. */
export function sameOriginUrl(url: string, baseUrl: string): string {
  if (url.startsWith("/")) return `${baseUrl}${safeCallbackPath(url)}`;
  try {
    const target = new URL(url);
    if (target.origin === new URL(baseUrl).origin)
      return `${baseUrl}${safeCallbackPath(`${target.pathname}${target.search}${target.hash}`)}`;
  } catch {
    // not a URL at all
  }
  return baseUrl;
}
