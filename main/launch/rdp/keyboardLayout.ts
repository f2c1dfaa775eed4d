/**
 * The RDP keyboard layout id (a Windows KLID, MS-RDPBCGR 2.2.1.3.2 `keyboardLayout`) for the user's locale.
 * The viewer sends scancodes (the physical keys); the server turns them into characters with this layout,
 * so it must be the user's. Neither Chromium nor Electron tells the layout itself; the system locale is
 * the best guess this process has (a German locale usually has a German keyboard). Anything not in the
 * table, or not a locale at all, is US English (0x409), what node-rdpjs-2 sent before.
 */

/** Locale (language-REGION, lower case) or language → KLID. */
const LAYOUTS: Record<string, number> = {
  'en-us': 0x409,
  'en-gb': 0x809,
  'en-ie': 0x1809,
  'en-ca': 0x1009,
  en: 0x409,
  'de-ch': 0x807,
  de: 0x407,
  'fr-be': 0x80c,
  'fr-ca': 0x1009,
  'fr-ch': 0x100c,
  fr: 0x40c,
  es: 0x40a,
  it: 0x410,
  'nl-be': 0x813,
  nl: 0x413,
  'pt-br': 0x416,
  pt: 0x816,
  sv: 0x41d,
  nb: 0x414,
  no: 0x414,
  da: 0x406,
  fi: 0x40b,
  pl: 0x415,
  cs: 0x405,
  hu: 0x40e,
  ru: 0x419,
  tr: 0x41f,
  ja: 0x411,
  ko: 0x412,
};

const US = 0x409;

/** The KLID for a BCP 47 tag (`de-CH`) or a POSIX locale (`de_CH.UTF-8`); US English when unknown. */
export function keyboardLayoutId(locale: string | null | undefined): number {
  if (typeof locale !== 'string' || locale.length > 64) return US;
  const match = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?(?=$|[-_.@])/.exec(locale.trim());
  if (!match) return US;
  const language = match[1]!.toLowerCase();
  const region = match[2]?.toLowerCase();
  return (region && LAYOUTS[`${language}-${region}`]) || LAYOUTS[language] || US;
}

/** This process's locale: the POSIX variables first (what the desktop session set), then ICU's default. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['LC_ALL', 'LC_CTYPE', 'LANG'] as const) {
    const value = env[name];
    if (value && value !== 'C' && value !== 'POSIX' && !value.startsWith('C.')) return value;
  }
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
