import { describe, expect, it } from 'vitest';
import { revealBidiControls } from '../../../renderer/common/bidiControls';

describe('bidi controls in names', () => {
  it.each([
    ['plain name', 'lnx-web-01', 'lnx-web-01'],
    ['right-to-left override', 'svc\u202Enimda', 'svc[U+202E]nimda'],
    ['left-to-right override', 'a\u202Db', 'a[U+202D]b'],
    ['embeddings and pop', '\u202Aa\u202Bb\u202C', '[U+202A]a[U+202B]b[U+202C]'],
    ['isolates', '\u2066a\u2067b\u2068c\u2069', '[U+2066]a[U+2067]b[U+2068]c[U+2069]'],
    ['marks', 'a\u200Eb\u200Fc\u061Cd', 'a[U+200E]b[U+200F]c[U+061C]d'],
    ['right-to-left letters, which stay', 'שרת-01', 'שרת-01'],
    ['Arabic letters, which stay', 'خادم', 'خادم'],
  ])('%s', (_what, name, shown) => {
    expect(revealBidiControls(name)).toBe(shown);
  });
});
