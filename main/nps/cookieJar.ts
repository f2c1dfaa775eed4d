/**
 * The cookies one NPS server sets, kept like the PowerShell sample's web session ("cookie container for
 * multi-factor authentication"): `/signinBody` may set a cookie that `/signin2fa` must carry, and a
 * server behind a load balancer may pin later calls with one. In memory only, for one origin (the
 * transport's), never written anywhere and never logged. A reasonable subset of RFC 6265: host-only
 * cookies (a `Domain` that is not this host rejects the cookie), `Path` with its default and matching
 * rules, `Expires`/`Max-Age` (a past date or `Max-Age<=0` deletes), `Secure` only over HTTPS.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; null for a session cookie (kept until the jar is cleared). */
  expiresAt: number | null;
  secure: boolean;
}

export interface CookieJar {
  /** Takes the `Set-Cookie` headers of a response to `requestPath`. */
  store(setCookie: string | string[] | undefined, requestPath: string): void;
  /** The `Cookie` header value for a request to `requestPath`, or null when no cookie applies. */
  header(requestPath: string): string | null;
  /** Whether a cookie this jar held for `requestPath` has lapsed since it was set (for honest errors). */
  lapsedFor(requestPath: string): boolean;
  /** How many cookies apply to `requestPath` now. */
  count(requestPath: string): number;
  clear(): void;
}

const MAX_COOKIES = 50;
const MAX_COOKIE_BYTES = 4096;
// RFC 6265 cookie-name is an HTTP token; values are printable ASCII without ; , \ or spaces (quotes allowed).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VALUE = /^"?[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"?$/;

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(requestPath: string): string {
  const path = requestPath.split('?')[0] ?? '/';
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = requestPath.split('?')[0] || '/';
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path.charAt(cookiePath.length) === '/';
}

export function createCookieJar(options: { host: string; secure: boolean; now?: () => number }): CookieJar {
  const now = options.now ?? Date.now;
  const host = options.host.toLowerCase().replace(/^\[|\]$/g, '');
  const cookies = new Map<string, StoredCookie>();
  const lapsed = new Set<string>();
  const keyOf = (cookie: Pick<StoredCookie, 'name' | 'path'>) => `${cookie.name}\u0000${cookie.path}`;

  function parse(line: string, requestPath: string): { cookie: StoredCookie; remove: boolean } | null {
    if (line.length > MAX_COOKIE_BYTES) return null;
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!TOKEN.test(name) || !VALUE.test(value)) return null;
    const cookie: StoredCookie = { name, value, path: defaultPath(requestPath), expiresAt: null, secure: false };
    let remove = false;
    let maxAgeSeen = false;
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const arg = at < 0 ? '' : attribute.slice(at + 1).trim();
      if (key === 'secure') cookie.secure = true;
      else if (key === 'path') cookie.path = arg.startsWith('/') ? arg : defaultPath(requestPath);
      else if (key === 'domain' && arg) {
        // Host-only jar: a cookie for another domain (or a parent domain) is not ours to keep.
        if (arg.toLowerCase().replace(/^\./, '') !== host) return null;
      } else if (key === 'max-age' && /^-?\d+$/.test(arg)) {
        maxAgeSeen = true;
        const seconds = Number(arg);
        if (seconds <= 0) remove = true;
        else cookie.expiresAt = now() + Math.min(seconds, 400 * 24 * 3600) * 1000;
      } else if (key === 'expires' && !maxAgeSeen) {
        const at = Date.parse(arg);
        if (!Number.isNaN(at)) {
          if (at <= now()) remove = true;
          else cookie.expiresAt = at;
        }
      }
    }
    // A Secure cookie set over plain HTTP would be sent nowhere; refuse it as browsers do.
    if (cookie.secure && !options.secure) return null;
    return { cookie, remove };
  }

  function live(requestPath: string): StoredCookie[] {
    const at = now();
    const matching: StoredCookie[] = [];
    for (const [key, cookie] of cookies) {
      if (cookie.expiresAt !== null && cookie.expiresAt <= at) {
        cookies.delete(key);
        lapsed.add(key);
        continue;
      }
      if (cookie.secure && !options.secure) continue;
      if (pathMatches(requestPath, cookie.path)) matching.push(cookie);
    }
    // RFC 6265 §5.4: longer paths first.
    return matching.sort((a, b) => b.path.length - a.path.length);
  }

  return {
    store(setCookie, requestPath) {
      const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      for (const line of lines) {
        const parsed = parse(line, requestPath);
        if (!parsed) continue;
        const key = keyOf(parsed.cookie);
        lapsed.delete(key);
        if (parsed.remove) cookies.delete(key);
        else if (cookies.has(key) || cookies.size < MAX_COOKIES) cookies.set(key, parsed.cookie);
      }
    },
    header(requestPath) {
      const matching = live(requestPath);
      return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : null;
    },
    lapsedFor(requestPath) {
      live(requestPath);
      for (const key of lapsed) {
        const path = key.slice(key.indexOf('\u0000') + 1);
        if (pathMatches(requestPath, path)) return true;
      }
      return false;
    },
    count: (requestPath) => live(requestPath).length,
    clear() {
      cookies.clear();
      lapsed.clear();
    },
  };
}
