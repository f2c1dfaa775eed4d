import { describe, expect, it } from 'vitest';
import { keyboardLayoutId, systemLocale } from '../../../../main/launch/rdp/keyboardLayout';

describe('keyboardLayoutId', () => {
  it.each([
    ['en-US', 0x409],
    ['en_GB.UTF-8', 0x809],
    ['de-DE', 0x407],
    ['de_AT.UTF-8', 0x407],
    ['de-CH', 0x807],
    ['fr_FR.UTF-8@euro', 0x40c],
    ['fr-CA', 0x1009],
    ['fr-CH', 0x100c],
    ['nb_NO', 0x414],
    ['pt-BR', 0x416],
    ['pt-PT', 0x816],
    ['ja', 0x411],
    ['es-419', 0x40a],
    ['DE-de', 0x407],
  ])('%s → 0x%s', (locale, klid) => {
    expect(keyboardLayoutId(locale)).toBe(klid);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['empty', ''],
    ['C', 'C'],
    ['an unknown language', 'xx-YY'],
    ['not a locale', '../../etc/passwd'],
    ['control characters', 'de\u0000-DE'],
    ['very long', `de-${'x'.repeat(200)}`],
    ['a language glued to more letters', 'deutsch'],
  ])('falls back to US English for %s', (_name, locale) => {
    expect(keyboardLayoutId(locale as string | null | undefined)).toBe(0x409);
  });
});

describe('systemLocale', () => {
  it('takes LC_ALL, then LC_CTYPE, then LANG, skipping the C locale', () => {
    expect(systemLocale({ LC_ALL: 'fr_CH.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('fr_CH.UTF-8');
    expect(systemLocale({ LC_ALL: 'C', LC_CTYPE: 'C.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('de_DE.UTF-8');
    expect(typeof systemLocale({})).toBe('string');
  });
});
