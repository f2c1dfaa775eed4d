/** The external.* handlers as the core builds them: links wait for the user; choices are per profile. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LinkRefused, PendingLink } from '../../../../contract';
import { createExternalHandlers } from '../../../../main/launch/external/externalHandlers';
import { createLaunchFolder } from '../../../../main/launch/external/launchFolder';

const root = mkdtempSync(path.join(tmpdir(), 'pamdesk-exthandlers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SESSION = '3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';

function build(dataDir: string) {
  const links: PendingLink[] = [];
  const refused: LinkRefused[] = [];
  const serverCalls: string[] = [];
  const external = createExternalHandlers({
    dataDir,
    call: async () => {
      serverCalls.push('call');
      throw new Error('no server in this test');
    },
    signedIn: () => ({ serverUrl: 'https://nps.example.com:6500', profileId: 'p-1' }),
    rememberedPassword: async () => null,
    pinnedProxyKey: () => null,
    gatewayCertificate: () => null,
    profiles: async () => [{ id: 'p-1', name: 'Production', url: 'https://nps.example.com:6500' }],
    audit: () => undefined,
    emitLink: (link) => links.push(link),
    emitLinkRefused: (refusal) => refused.push(refusal),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    folder: createLaunchFolder(path.join(dataDir, 'launch')),
    clients: () => ({
      rdp: [{ id: 'xfreerdp', label: 'FreeRDP', program: '/usr/bin/xfreerdp' }],
      terminals: [{ id: 'xterm', label: 'xterm', program: '/usr/bin/xterm' }],
      ssh: '/usr/bin/ssh',
    }),
  });
  return { external, links, refused, serverCalls };
}

describe('external handlers', () => {
  it('a link from a second instance waits for the user; nothing asks the server or starts a client', async () => {
    const { external, links, refused, serverCalls } = build(mkdtempSync(path.join(root, 'a-')));
    await external.openLinkFromArgv(['pam-desk', `pam-desk://launch?server=nps.example.com:6500&session=${SESSION}`]);
    expect(refused).toEqual([]);
    expect(links).toHaveLength(1);
    expect(await external.handlers['external.pendingLink'](undefined)).toEqual(links[0]);
    expect(await external.handlers['external.takeLink']({ linkId: links[0]!.linkId })).toEqual(links[0]);
    expect(await external.handlers['external.takeLink']({ linkId: links[0]!.linkId })).toBeNull();
    expect(await external.handlers['external.pendingLink'](undefined)).toBeNull();
    expect(serverCalls).toEqual([]);

    await external.openLink(`pam-desk://launch?server=evil.example.net&session=${SESSION}`);
    expect(refused.map((r) => r.message)).toEqual([
      expect.stringMatching(/no profile for \(https:\/\/evil\.example\.net\)/),
    ]);
    expect(links).toHaveLength(1);
    expect(serverCalls).toEqual([]);
  });

  it('keeps the choice of client per profile and protocol; a damaged file means the defaults', async () => {
    const dataDir = mkdtempSync(path.join(root, 'b-'));
    const { external } = build(dataDir);
    expect((await external.handlers['external.clients'](undefined)).choice).toEqual({ ssh: 'app', rdp: 'app' });
    const after = await external.handlers['external.choose']({ protocol: 'rdp', choice: 'xfreerdp' });
    expect(after.choice).toEqual({ ssh: 'app', rdp: 'xfreerdp' });
    expect((await build(dataDir).external.handlers['external.clients'](undefined)).choice.rdp).toBe('xfreerdp');
    writeFileSync(path.join(dataDir, 'external-launch.json'), '{"p-1": {"ssh": "calc.exe", "rdp": 5}}');
    expect((await build(dataDir).external.handlers['external.clients'](undefined)).choice).toEqual({
      ssh: 'app',
      rdp: 'app',
    });
    writeFileSync(path.join(dataDir, 'external-launch.json'), 'not json');
    expect((await build(dataDir).external.handlers['external.clients'](undefined)).choice).toEqual({
      ssh: 'app',
      rdp: 'app',
    });
  });
});
