/**
 * What the window may navigate to and open, as pure decisions (the Electron wiring is in
 * `hardenWebContents.ts`). The page may only ever show our own origin; anything else is blocked, and
 * new windows are always denied — an https link is handed to the external-open check instead.
 */
import { isSafeExternalUrl } from '../platform/externalUrl';
import { isOwnPageUrl } from './appOrigin';

export function mayNavigate(url: string, pageOrigin: string): boolean {
  return isOwnPageUrl(url, pageOrigin);
}

export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/**
 * Replaces any Content-Security-Policy the response carries (in any letter case) with ours, so a dev
 * server or a custom protocol cannot loosen it.
 */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
