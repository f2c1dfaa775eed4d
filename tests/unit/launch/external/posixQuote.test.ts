import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteCommand, quoteWord } from '../../../../main/launch/external/posixQuote';

const dir = mkdtempSync(path.join(tmpdir(), 'pamdesk-quote-'));
const canary = path.join(dir, 'canary');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// CVE-2023-51385-style metacharacters, CVE-2017-1000117-style options, and quoting edge cases.
const words = [
  'plain',
  '',
  'alice+Linux Root Shell (SSH)+lnx-web-01',
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `; touch ${canary}`,
  `| touch ${canary}`,
  `&& touch ${canary} &`,
  `'; touch ${canary}; '`,
  `"; touch ${canary}; "`,
  `it's`,
  `''`,
  `\\'`,
  '-oProxyCommand=touch /tmp/x',
  '~root',
  '*',
  '$HOME ${PATH}',
  'line\nbreak',
  'tab\there',
  'ünïcødé ＄(touch x)',
  '!',
  '#comment',
];

describe('quoteWord', () => {
  it.each(words)('a POSIX shell reads %j back as exactly that word and runs nothing', (word) => {
    const out = execFileSync('/bin/sh', ['-c', `printf '%s' ${quoteWord(word)}`], { encoding: 'utf8' });
    expect(out).toBe(word);
    expect(existsSync(canary)).toBe(false);
  });

  it('keeps words apart in a command line', () => {
    const out = execFileSync('/bin/sh', ['-c', `printf '[%s]' ${quoteCommand(words)}`], { encoding: 'utf8' });
    expect(out).toBe(words.map((w) => `[${w}]`).join(''));
    expect(existsSync(canary)).toBe(false);
  });

  it('refuses a NUL and an empty command', () => {
    expect(() => quoteWord('a\u0000b')).toThrow(/NUL/);
    expect(() => quoteCommand([])).toThrow(/no command/);
  });
});
