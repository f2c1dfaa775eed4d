/**
 * The last server and login, so the next start skips the welcome screen. No secret is stored:
 * passwords and tokens stay in main (OS keychain).
 */
const KEY = 'pamdesk.lastServer';

export interface RememberedServer {
  url: string;
  login: string;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function rememberedServer(): RememberedServer | null {
  try {
    const value: unknown = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    if (value && typeof value === 'object' && 'url' in value && 'login' in value) {
      const { url, login } = value as { url: unknown; login: unknown };
      if (typeof url === 'string' && typeof login === 'string') return { url, login };
    }
  } catch {
    // A damaged entry is the same as none: the welcome screen shows again.
  }
  return null;
}

export function rememberServer(server: RememberedServer): void {
  storage()?.setItem(KEY, JSON.stringify(server));
}

/** Accepts `pam.example.com:6500` and adds https:// the way people expect. */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (!trimmed) return '';
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

export function isValidServerUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      !parsed.username &&
      !parsed.password &&
      !parsed.hash
    );
  } catch {
    return false;
  }
}
