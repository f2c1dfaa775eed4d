/**
 * The one place an address is normalised. Two spellings of one server (`HTTPS://NPS.example:443/`,
 * `https://nps.example`) must give one pin, one profile and one sandbox check.
 */

/**
 * `scheme://host[:port]` of a URL (default port dropped), or null when it is not an absolute URL with a
 * host. Node's `URL.origin` is the string "null" for non-special schemes such as our page's `app:`, so
 * the origin is built from its parts; the parser already lower-cases scheme and host of http(s) URLs.
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

/** The origin of a server address, which pins are kept by; throws a TypeError when `url` has none. */
export function serverOrigin(url: string): string {
  const origin = originOf(url);
  if (origin === null) throw new TypeError('A server address needs a scheme and a host.');
  return origin.toLowerCase();
}

/** Origin plus path, lower-cased and without a trailing slash: what profiles and the sandbox check compare. */
export function serverAddress(url: string): string {
  return `${serverOrigin(url)}${new URL(url).pathname.replace(/\/+$/, '')}`.toLowerCase();
}
