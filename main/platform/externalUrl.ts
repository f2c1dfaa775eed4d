/**
 * Which links may leave the app for the system browser. Only plain https URLs: no credentials (they would
 * end up in the browser's history), no control or whitespace characters (argument/URL smuggling into the
 * OS handler), a bounded length, and a real host.
 */
const MAX_EXTERNAL_URL_LENGTH = 2048;
// C0 controls, space, DEL, C1 controls, and the Unicode line/paragraph separators and BOM.
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\u2028\u2029\ufeff]/;

export function isSafeExternalUrl(candidate: unknown): candidate is string {
  if (typeof candidate !== 'string') return false;
  if (candidate.length === 0 || candidate.length > MAX_EXTERNAL_URL_LENGTH) return false;
  if (UNSAFE_CHARACTERS.test(candidate)) return false;
  // The authority must follow directly: WHATWG parsing would read 'https:///x' as host 'x'.
  if (!/^https:\/\/[^/?#]/i.test(candidate)) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.hostname === '' || candidate.includes('\\')) return false;
  return true;
}
