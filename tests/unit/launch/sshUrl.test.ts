import { describe, expect, it } from 'vitest';
import { parseSshUrl, SshUrlRefused } from '../../../main/launch/ssh/sshUrl';

const SERVER = 'https://nps.example.com:6500';
const SANDBOX = 'https://127.0.0.1:41373';
const connection = encodeURIComponent('alice+Linux Root Shell (SSH)+lnx-web-01');

describe('parseSshUrl accepts what the server hands out', () => {
  it('reads the sandbox URL: a URL-encoded connection string with spaces and parentheses', () => {
    expect(parseSshUrl(`ssh://${connection}@127.0.0.1:40222`, SANDBOX)).toEqual({
      host: '127.0.0.1',
      port: 40222,
      username: 'alice+Linux Root Shell (SSH)+lnx-web-01',
    });
  });

  it('accepts the server profile’s own host, in any case, with the default port 22', () => {
    expect(parseSshUrl(`ssh://${connection}@NPS.example.com`, SERVER)).toMatchObject({
      host: 'nps.example.com',
      port: 22,
    });
  });

  it('accepts a domain login and a note', () => {
    const user = encodeURIComponent('CORP\\alice+Domain Admin+srv-01+ticket #42, urgent');
    expect(parseSshUrl(`ssh://${user}@nps.example.com:4422`, SERVER).username).toBe(
      'CORP\\alice+Domain Admin+srv-01+ticket #42, urgent',
    );
  });
});

describe('parseSshUrl refuses hostile or malformed URLs', () => {
  const hostile: Array<[string, unknown, RegExp]> = [
    ['not a string', 42, /empty/],
    ['empty', '', /empty/],
    ['another scheme', `http://${connection}@127.0.0.1:4422`, /scheme "http"/],
    ['file scheme', 'file:///etc/passwd', /not of the form/],
    ['no login', 'ssh://127.0.0.1:4422', /not of the form/],
    ['an option as login', 'ssh://-oProxyCommand%3Dtouch%20%2Ftmp%2Fx@127.0.0.1:4422', /starts with "-"/],
    ['a raw option as login', 'ssh://-oProxyCommand=x@127.0.0.1:4422', /may not carry/],
    ['ProxyCommand inside the login', `ssh://alice%2BProxyCommand%20sh@127.0.0.1:4422`, /command option/],
    ['LocalCommand inside the login', `ssh://LocalCommand%20x@127.0.0.1:4422`, /command option/],
    ['a raw space', 'ssh://alice+Linux Root@127.0.0.1:4422', /spaces/],
    ['a raw newline', `ssh://${connection}@127.0.0.1:4422\nProxyCommand x`, /control characters/],
    ['an encoded newline', `ssh://alice%0AProxyCommand@127.0.0.1:4422`, /control characters in its login/],
    ['an encoded NUL', `ssh://alice%00@127.0.0.1:4422`, /control characters in its login/],
    ['an escape sequence', `ssh://alice%1B%5B31m@127.0.0.1:4422`, /control characters in its login/],
    ['a bidi override', `ssh://alice%E2%80%AEnimda@127.0.0.1:4422`, /never has/],
    ['an equals sign', `ssh://alice%3Dx@127.0.0.1:4422`, /never has/],
    ['a semicolon', `ssh://alice%3Brm@127.0.0.1:4422`, /never has/],
    ['a password in the URL', `ssh://alice:secret@127.0.0.1:4422`, /may not carry/],
    ['a bad escape', `ssh://alice%E0%A4@127.0.0.1:4422`, /badly encoded/],
    ['a foreign host', `ssh://${connection}@evil.example.net:4422`, /points to evil\.example\.net/],
    ['a foreign IP for a real server', `ssh://${connection}@127.0.0.1:4422`, /points to 127\.0\.0\.1/],
    ['a LAN host for the sandbox', `ssh://${connection}@10.0.0.5:4422`, /points to 10\.0\.0\.5/],
    ['a host with an underscore', `ssh://${connection}@bad_host:4422`, /invalid host/],
    ['a host with a trailing dot', `ssh://${connection}@nps.example.com.:4422`, /invalid host/],
    ['a second @', `ssh://a@b@127.0.0.1:4422`, /may not carry|not of the form/],
    ['port 0', `ssh://${connection}@127.0.0.1:0`, /outside/],
    ['port 65536', `ssh://${connection}@127.0.0.1:65536`, /outside/],
    ['a named port', `ssh://${connection}@127.0.0.1:ssh`, /invalid port/],
    ['a negative port', `ssh://${connection}@127.0.0.1:-22`, /invalid port/],
    ['a path', `ssh://${connection}@127.0.0.1:4422/etc`, /not of the form/],
    ['a query', `ssh://${connection}@127.0.0.1:4422?x=1`, /not of the form/],
    ['too long', `ssh://${'a'.repeat(3000)}@127.0.0.1:4422`, /too long/],
  ];

  it.each(hostile)('%s', (_what, url, reason) => {
    const server = String(url).includes('127.0.0.1') && !/real server/.test(_what) ? SANDBOX : SERVER;
    let thrown: unknown;
    try {
      parseSshUrl(url, _what.includes('LAN') ? SANDBOX : server);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SshUrlRefused);
    expect((thrown as Error).message).toMatch(/^PAM Desk did not start the SSH connection: /);
    expect((thrown as Error).message).toMatch(reason);
  });
});
