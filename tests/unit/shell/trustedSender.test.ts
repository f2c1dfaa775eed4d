import { describe, expect, it } from 'vitest';
import { isTrustedSender, type ExpectedSender, type SenderInfo } from '../../../main/ipc/trustedSender';

const expected: ExpectedSender = { webContentsId: 7, origin: 'app://pam-desk' };
const top = (url: string) => ({ url, isTopLevel: true });

describe('isTrustedSender', () => {
  const cases: Array<[string, SenderInfo, ExpectedSender | null, boolean]> = [
    ['our top-level page', { webContentsId: 7, frame: top('app://pam-desk/index.html') }, expected, true],
    [
      'our page with a query and fragment',
      { webContentsId: 7, frame: top('app://pam-desk/index.html?x=1#a') },
      expected,
      true,
    ],
    [
      'a subframe on our origin',
      { webContentsId: 7, frame: { url: 'app://pam-desk/x.html', isTopLevel: false } },
      expected,
      false,
    ],
    ['another window', { webContentsId: 8, frame: top('app://pam-desk/index.html') }, expected, false],
    ['our window after navigating away', { webContentsId: 7, frame: top('https://evil.example/') }, expected, false],
    ['a look-alike host', { webContentsId: 7, frame: top('app://pam-desk.evil/index.html') }, expected, false],
    ['another scheme, same host', { webContentsId: 7, frame: top('http://pam-desk/index.html') }, expected, false],
    ['a file:// page', { webContentsId: 7, frame: top('file:///index.html') }, expected, false],
    ['about:blank', { webContentsId: 7, frame: top('about:blank') }, expected, false],
    ['an unparsable URL', { webContentsId: 7, frame: top('::::') }, expected, false],
    ['no frame (destroyed or navigated)', { webContentsId: 7, frame: null }, expected, false],
    ['no window open', { webContentsId: 7, frame: top('app://pam-desk/index.html') }, null, false],
    [
      'the dev server page',
      { webContentsId: 3, frame: top('http://localhost:5173/') },
      { webContentsId: 3, origin: 'http://localhost:5173' },
      true,
    ],
    [
      'the dev server host on another port',
      { webContentsId: 3, frame: top('http://localhost:5174/') },
      { webContentsId: 3, origin: 'http://localhost:5173' },
      false,
    ],
  ];

  it.each(cases)('%s', (_name, info, expectation, trusted) => {
    expect(isTrustedSender(info, expectation)).toBe(trusted);
  });
});
