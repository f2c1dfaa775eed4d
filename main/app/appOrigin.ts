/**
 * Where the packaged page lives. A privileged standard scheme (instead of file://) gives the page a real
 * origin, so 'self' in the CSP, the IPC sender check and navigation checks all mean exactly our files.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pam-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null. Node's `URL.origin` is the string "null" for non-special
 * schemes such as `app:`, so it cannot be used to compare our own origin.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** True only for a URL on exactly the page origin we loaded (scheme, host and port). */
export function isOwnPageUrl(url: string, pageOrigin: string): boolean {
  return originOf(url) === pageOrigin;
}
