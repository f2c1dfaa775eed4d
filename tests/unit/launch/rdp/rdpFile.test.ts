import { describe, expect, it } from 'vitest';
import { parseRdpFile, RdpFileRefused } from '../../../../main/launch/rdp/rdpFile';

const SANDBOX = 'https://127.0.0.1:6500';
const NPS = 'https://nps.example.com:6500';
const name = 'alice+Windows Desktop (RDP)+win-01';
/** What the sandbox (and NPS) hand out. */
const good = [
  'full address:s:127.0.0.1:4489',
  `username:s:${name}`,
  'prompt for credentials:i:1',
  'administrative session:i:1',
  'screen mode id:i:2',
  'session bpp:i:32',
  'authentication level:i:2',
  'enablecredsspsupport:i:0',
  `loadbalanceinfo:s:${name}`,
];
const file = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('parseRdpFile', () => {
  it('reads the gateway and the connection string of a sandbox file', () => {
    expect(parseRdpFile(file(good), SANDBOX)).toEqual({ host: '127.0.0.1', port: 4489, username: name });
  });

  it('accepts LF line ends, a BOM, and the server’s own host name', () => {
    const lines = ['full address:s:NPS.example.com:4489', `username:s:${name}`];
    expect(parseRdpFile(`\uFEFF${lines.join('\n')}`, NPS)).toEqual({
      host: 'nps.example.com',
      port: 4489,
      username: name,
    });
  });

  const hostile: Array<[string, unknown, RegExp]> = [
    ['not text', 42, /is empty/],
    ['empty', '   ', /is empty/],
    ['too long', `${file(good)}${'x'.repeat(5000)}`, /too long/],
    [
      'an alternate shell',
      file([...good, 'alternate shell:s:cmd.exe /c calc']),
      /run or open something \("alternate shell"\)/,
    ],
    ['a RemoteApp program', file([...good, 'remoteapplicationprogram:s:||calc']), /run or open something/],
    ['a shell working directory', file([...good, 'shell working directory:s:C:\\']), /run or open something/],
    ['drive redirection', file([...good, 'drivestoredirect:s:*']), /run or open something/],
    ['a camera redirection', file([...good, 'camerastoredirect:s:*']), /run or open something \("camerastoredirect"\)/],
    ['an unknown key', file([...good, 'smart sizing:i:1']), /does not accept \("smart sizing"\)/],
    ['a NUL', file(good).replace('alice', 'al\u0000ice'), /control characters/],
    ['an escape sequence', file([...good.slice(0, 1), `username:s:\u001b[2J${name}`]), /control characters/],
    ['a bare CR inside a line', 'full address:s:127.0.0.1:4489\rusername:s:x', /control characters/],
    [
      'a foreign gateway',
      file(['full address:s:evil.example.net:4489', `username:s:${name}`]),
      /points to evil\.example\.net/,
    ],
    ['no gateway', file([`username:s:${name}`]), /names no gateway/],
    ['no user', file(['full address:s:127.0.0.1:4489']), /names no user/],
    ['a key twice', file([...good, 'session bpp:i:16']), /twice/],
    ['a wrong type', file(['full address:i:4489', `username:s:${name}`]), /wrong type/],
    ['a number that is not', file([...good.slice(0, 2), 'session bpp:i:32; rm']), /no number/],
    ['a line without type', file([...good, 'just text']), /not key:type:value/],
    ['a bad port', file(['full address:s:127.0.0.1:99999', `username:s:${name}`]), /port outside/],
    ['an invalid host', file(['full address:s:bad_host!:4489', `username:s:${name}`]), /invalid gateway/],
    [
      'a user name with a quote',
      file(['full address:s:127.0.0.1:4489', 'username:s:alice";x']),
      /characters in its user name/,
    ],
    [
      'a routing token for another session',
      file(['full address:s:127.0.0.1:4489', `username:s:${name}`, 'loadbalanceinfo:s:bob+x+y']),
      /different connection string/,
    ],
  ];
  it.each(hostile)('refuses %s', (_, raw, message) => {
    expect(() => parseRdpFile(raw, SANDBOX)).toThrow(RdpFileRefused);
    expect(() => parseRdpFile(raw, SANDBOX)).toThrow(message);
  });

  it('refuses a loopback gateway when the server is not on loopback', () => {
    expect(() => parseRdpFile(file(good), NPS)).toThrow(/points to 127\.0\.0\.1, not to the server you signed in to/);
  });
});
