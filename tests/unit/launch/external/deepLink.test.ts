import { describe, expect, it } from 'vitest';
import { createDeepLinkHandler, type PendingDeepLink } from '../../../../main/launch/external/deepLink';

const SESSION = '3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';
const profiles = [
  { id: 'p-nps', name: 'Production NPS', url: 'https://nps.example.com:6500' },
  { id: 'p-plain', name: 'Lab', url: 'https://lab.example.com' },
];

function handler() {
  const pending: PendingDeepLink[] = [];
  const refused: string[] = [];
  const h = createDeepLinkHandler({
    profiles: async () => profiles,
    emitPending: (link) => pending.push(link),
    emitRefused: (message) => refused.push(message),
    log: { info: () => undefined, warn: () => undefined },
  });
  return { h, pending, refused };
}

describe('deep links through the single-instance handler', () => {
  const good: Array<[string, Partial<PendingDeepLink>]> = [
    [
      `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}`,
      { action: 'launch', profileId: 'p-nps', client: null },
    ],
    [
      `pam-desk://launch/?server=https%3A%2F%2Fnps.example.com%3A6500&session=${SESSION}&client=external`,
      { client: 'external' },
    ],
    [
      `PAM-DESK://session?session=${SESSION.toUpperCase()}&server=lab.example.com`,
      { action: 'session', profileId: 'p-plain', sessionId: SESSION },
    ],
  ];
  it.each(good)('%s waits for the user’s confirmation', async (url, expected) => {
    const { h, pending, refused } = handler();
    const link = await h.handleArgv(['/opt/PAM Desk/pam-desk', '--no-sandbox', url]);
    expect(refused).toEqual([]);
    expect(pending).toHaveLength(1);
    expect(link).toMatchObject(expected);
    // Only the user's click takes it, once.
    expect(h.take(link!.linkId)).toEqual(link);
    expect(h.take(link!.linkId)).toBeNull();
  });

  const hostile: Array<[string, string, RegExp]> = [
    ['unknown server', `pam-desk://launch?server=evil.example.net&session=${SESSION}`, /no profile for/],
    ['known host, other port', `pam-desk://launch?server=nps.example.com&session=${SESSION}`, /no profile for/],
    ['http server', `pam-desk://launch?server=http://nps.example.com:6500&session=${SESSION}`, /not an https/],
    [
      'server with credentials',
      `pam-desk://launch?server=https://u:p@nps.example.com:6500&session=${SESSION}`,
      /credentials/,
    ],
    ['server with a path', `pam-desk://launch?server=https://nps.example.com:6500/x&session=${SESSION}`, /path/],
    ['look-alike host', `pam-desk://launch?server=nps.exаmple.com:6500&session=${SESSION}`, /not ASCII|not valid/],
    ['unknown action', `pam-desk://exec?server=nps.example.com:6500&session=${SESSION}`, /not an action/],
    [
      'unknown parameter',
      `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}&cmd=calc`,
      /unknown parameter/,
    ],
    [
      'duplicate session',
      `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}&session=${SESSION}`,
      /twice/,
    ],
    ['session not a UUID', 'pam-desk://launch?server=nps.example.com:6500&session=../../etc', /no valid session/],
    ['session injection', `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}%0Arm`, /unsafe/],
    [
      'option as session',
      'pam-desk://launch?server=nps.example.com:6500&session=-oProxyCommand=calc',
      /no valid session/,
    ],
    ['space', `pam-desk://launch?server=nps.example.com:6500 &session=${SESSION}`, /spaces/],
    ['backslash', `pam-desk://launch?server=nps.example.com\\@evil&session=${SESSION}`, /backslash/],
    ['user info', `pam-desk://x@launch?server=nps.example.com:6500&session=${SESSION}`, /not of the form/],
    ['fragment', `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}#x`, /not of the form/],
    ['bad client', `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}&client=calc.exe`, /neither/],
    [
      'session link with client',
      `pam-desk://session?server=nps.example.com:6500&session=${SESSION}&client=app`,
      /unknown parameter/,
    ],
    ['bad encoding', `pam-desk://launch?server=%E0%A4%A&session=${SESSION}`, /badly encoded/],
    ['other scheme', `https://launch?server=nps.example.com:6500&session=${SESSION}`, /not of the form/],
    ['too long', `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}&${'a'.repeat(3000)}`, /too long/],
  ];
  it.each(hostile)('refuses %s with a message and nothing pending', async (_name, url, reason) => {
    const { h, pending, refused } = handler();
    expect(await h.handleUrl(url)).toBeNull();
    expect(pending).toEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(reason);
  });

  it('refuses two links in one argv, ignores an argv without one, and forgets an unknown id', async () => {
    const { h, refused } = handler();
    const link = `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}`;
    expect(await h.handleArgv(['app', link, link])).toBeNull();
    expect(refused[0]).toMatch(/more than one/);
    expect(await h.handleArgv(['app', '--flag'])).toBeNull();
    expect(refused).toHaveLength(1);
    expect(h.take('nope')).toBeNull();
  });
});
