import { describe, expect, it } from 'vitest';
import { parseRdpFile, RdpFileRefused } from '../../../../main/launch/external/rdpFile';

const SANDBOX = 'https://127.0.0.1:41373';
const SERVER = 'https://nps.example.com:6500';
const USER = 'alice+Test Desktop (RDP)+win-shadow-01';

/** The file as the sandbox serves it (sandbox/api/activitySessionAccess.ts). */
function sandboxFile(extra: string[] = [], address = '127.0.0.1:43389'): string {
  return [
    `full address:s:${address}`,
    `username:s:${USER}`,
    'prompt for credentials:i:1',
    'administrative session:i:1',
    'screen mode id:i:2',
    'session bpp:i:32',
    'authentication level:i:2',
    'enablecredsspsupport:i:0',
    `loadbalanceinfo:s:${USER}`,
    ...extra,
    '',
  ].join('\r\n');
}

describe('parseRdpFile accepts what the server hands out', () => {
  it('reads the sandbox file and writes the same allowed keys back, CRLF-ended', () => {
    const parsed = parseRdpFile(sandboxFile(), SANDBOX);
    expect(parsed).toMatchObject({ host: '127.0.0.1', port: 43389, username: USER });
    expect(parsed.text).toBe(sandboxFile());
  });

  it('accepts the profile’s own host in any case, LF line ends, a BOM, and writes the allowed keys back', () => {
    const text = `\ufeff${sandboxFile(['desktopwidth:i:1280'], 'NPS.example.com').replace(/\r\n/g, '\n')}`;
    const parsed = parseRdpFile(text, SERVER);
    expect(parsed.host).toBe('nps.example.com');
    expect(parsed.port).toBe(3389);
    expect(parsed.text).toContain('desktopwidth:i:1280\r\n');
    expect(parsed.text.startsWith('full address:s:nps.example.com:3389\r\n')).toBe(true);
  });

  it('refuses a key outside the allow-list, even a harmless one (the one parser of the in-app viewer)', () => {
    expect(() => parseRdpFile(sandboxFile(['smart sizing:i:1']), SANDBOX)).toThrow(
      /does not accept \("smart sizing"\)/,
    );
  });
});

describe('parseRdpFile refuses hostile files (nothing of them reaches a client)', () => {
  const hostile: Array<[string, unknown, RegExp]> = [
    ['not a string', 42, /is empty/],
    ['empty', '  ', /is empty/],
    ['alternate shell', sandboxFile(['alternate shell:s:cmd.exe /c calc']), /alternate shell/],
    ['alternate shell, other case and spacing', sandboxFile(['Alternate Shell :s:calc']), /alternate shell/],
    ['shell working directory', sandboxFile(['shell working directory:s:C:\\']), /shell working directory/],
    ['remote application', sandboxFile(['remoteapplicationprogram:s:||cmd']), /remoteapplicationprogram/],
    ['remote application mode', sandboxFile(['remoteapplicationmode:i:1']), /remoteapplicationmode/],
    ['all drives shared', sandboxFile(['drivestoredirect:s:*']), /drivestoredirect/],
    ['drives', sandboxFile(['redirectdrives:i:1']), /redirectdrives/],
    ['a gateway elsewhere', sandboxFile(['gatewayhostname:s:evil.example.net']), /gatewayhostname/],
    ['a KDC proxy', sandboxFile(['kdcproxyname:s:evil.example.net']), /kdcproxyname/],
    ['a second address key', sandboxFile(['alternate full address:s:evil.example.net']), /alternate full address/],
    ['a stored password', sandboxFile(['password 51:b:01000000D08C9DDF']), /password 51/],
    ['full address twice', sandboxFile(['full address:s:evil.example.net']), /twice/],
    ['full address with a second host', sandboxFile([], '127.0.0.1:3389;evil.example.net'), /invalid "full address"/],
    ['full address with a space and host', sandboxFile([], '127.0.0.1 evil.example.net'), /invalid host/],
    ['a foreign host', sandboxFile([], 'evil.example.net:3389'), /points to evil\.example\.net/],
    ['a foreign host for a real server', sandboxFile([], '127.0.0.1'), /points to 127\.0\.0\.1/],
    ['a non-ASCII look-alike host', sandboxFile([], 'nps.exаmple.com'), /invalid host/],
    ['a port out of range', sandboxFile([], '127.0.0.1:70000'), /outside/],
    [
      'CR inside a value',
      sandboxFile([]).replace('screen mode id:i:2', 'screen mode id:i:2\ralternate shell:s:calc'),
      /carriage return/,
    ],
    [
      'LF inside the user name',
      sandboxFile([]).replace(`username:s:${USER}`, `username:s:alice\nalternate shell:s:calc`),
      /alternate shell/,
    ],
    ['a NUL', sandboxFile(['desktopwidth:i:1024\u0000']), /control characters/],
    ['a tab', sandboxFile(['desktopwidth:i:\t1024']), /control characters/],
    ['a bidi override', sandboxFile([]).replace(USER, `alice\u202e`), /control characters/],
    [
      'a user name that is an option',
      sandboxFile([]).replace(`username:s:${USER}`, 'username:s:-/p:x'),
      /invalid value of "username"/,
    ],
    [
      'a user name with shell metacharacters',
      sandboxFile([]).replace(`username:s:${USER}`, 'username:s:a;$(touch x)'),
      /invalid value of "username"/,
    ],
    ['an integer key as a string', sandboxFile(['desktopwidth:s:1024']), /wrong type/],
    ['a value out of range', sandboxFile(['redirectclipboard:i:7']), /invalid value/],
    ['a line without a type', sandboxFile(['just text']), /not key:type:value/],
    ['no user name', sandboxFile([]).replace(`username:s:${USER}\r\n`, ''), /no user name/],
    ['no host', sandboxFile([]).replace(/^full address.*\r\n/, ''), /no host/],
    ['too long', sandboxFile(['x'.repeat(20_000)]), /too long/],
  ];
  it.each(hostile)('%s', (_name, input, reason) => {
    const server = _name.includes('real server') ? SERVER : SANDBOX;
    expect(() => parseRdpFile(input, server)).toThrow(RdpFileRefused);
    expect(() => parseRdpFile(input, server)).toThrow(reason);
  });
});
