/**
 * Bidirectional control characters (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069,
 * the marks U+200E, U+200F and U+061C) let a name reorder what the user reads: "svc\u202Enimda" reads
 * "svcadmin". In names from the server they are shown as a visible mark, "[U+202E]", rather than
 * stripped: stripped, a doctored name would look exactly like the real one; marked, it shows that it
 * is not. Letters of right-to-left scripts are left alone (see IsolatedName for their layout).
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function revealBidiControls(text: string): string {
  return text.replace(
    BIDI_CONTROLS,
    (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}
