/**
 * Where the packaged page lives. A privileged standard scheme (instead of file://) gives the page a real
 * origin, so 'self' in the CSP, the IPC sender check and navigation checks all mean exactly our files.
 */
import { originOf } from '../nps/serverAddress';

export const APP_SCHEME = 'app';
export const APP_HOST = 'pam-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

// The one origin function (`main/nps/serverAddress.ts`), re-exported for the page and IPC checks.
export { originOf };

/** True only for a URL on exactly the page origin we loaded (scheme, host and port). */
export function isOwnPageUrl(url: string, pageOrigin: string): boolean {
  return originOf(url) === pageOrigin;
}
