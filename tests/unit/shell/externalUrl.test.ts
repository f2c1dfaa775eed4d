import { describe, expect, it } from 'vitest';
import { createExternalOpener } from '../../../main/platform/externalOpener';
import { isSafeExternalUrl } from '../../../main/platform/externalUrl';
import { recordingLogger } from '../../integration/bridge/fakeCore';

describe('isSafeExternalUrl', () => {
  it.each([
    'https://netwrix.com/',
    'https://docs.example.com/path/to/page?query=1#section',
    'https://[2001:db8::1]:8443/x',
    'HTTPS://EXAMPLE.COM/',
  ])('accepts %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    ['http (not encrypted)', 'http://example.com/'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['our own scheme', 'app://pam-desk/index.html'],
    ['credentials', 'https://user:pass@example.com/'],
    ['a username only', 'https://user@example.com/'],
    ['a newline', 'https://example.com/\nfoo'],
    ['a tab', 'https://exa\tmple.com/'],
    ['a space', 'https://example.com/a b'],
    ['a NUL', 'https://example.com/\u0000'],
    ['DEL', 'https://example.com/\u007f'],
    ['a C1 control', 'https://example.com/\u0085'],
    ['a line separator', 'https://example.com/\u2028'],
    ['a backslash', 'https://example.com\\@evil.example/'],
    ['leading spaces', '  https://example.com/'],
    ['no host', 'https:///path'],
    ['scheme-relative', '//example.com/'],
    ['too long', `https://example.com/${'a'.repeat(2100)}`],
    ['empty', ''],
  ])('refuses %s', (_name, url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['https://example.com/']])('refuses the non-string %j', (value) => {
    expect(isSafeExternalUrl(value)).toBe(false);
  });
});

describe('external opener', () => {
  it('opens a safe URL and refuses the rest without logging the URL', async () => {
    const opened: string[] = [];
    const log = recordingLogger();
    const opener = createExternalOpener(async (url) => void opened.push(url), log);
    expect(await opener.open('https://example.com/help')).toBe(true);
    expect(await opener.open('https://admin:hunter2@example.com/')).toBe(false);
    expect(opened).toEqual(['https://example.com/help']);
    expect(log.lines.join('\n')).toContain('[shell] refused');
    expect(log.lines.join('\n')).not.toContain('hunter2');
  });

  it('reports a failure of the OS handler as false', async () => {
    const opener = createExternalOpener(async () => {
      throw new Error('no handler');
    }, recordingLogger());
    expect(await opener.open('https://example.com/')).toBe(false);
  });
});
