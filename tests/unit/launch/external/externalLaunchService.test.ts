/** The external launch service with hostile server answers: refused with a message, audited, nothing started. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createExternalLaunchService,
  type ExternalAuditEntry,
} from '../../../../main/launch/external/externalLaunchService';
import { createLaunchFolder } from '../../../../main/launch/external/launchFolder';
import type { NpsSessionApi } from '../../../../main/nps/npsClient';

const root = mkdtempSync(path.join(tmpdir(), 'pamdesk-extsvc-'));
const canary = path.join(root, 'canary');
const base = path.join(root, 'launch');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SERVER = 'https://127.0.0.1:41373';
const USER = 'alice+Test Desktop (RDP)+win-01';

function service(answers: { rdp?: string; ssh?: string }, clients = true) {
  const audit: ExternalAuditEntry[] = [];
  const started: string[][] = [];
  const launcher = createExternalLaunchService({
    call: (fn) =>
      fn({
        rdpFile: async () => answers.rdp ?? '',
        sshUrl: async () => answers.ssh ?? '',
      } as unknown as NpsSessionApi),
    signedIn: () => ({ serverUrl: SERVER, profileId: 'p' }),
    rememberedPassword: async () => 'pw-Secret1',
    pinnedProxyKey: () => 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    gatewayCertificate: () => null,
    clients: () =>
      clients
        ? {
            rdp: [{ id: 'xfreerdp', label: 'FreeRDP', program: '/usr/bin/xfreerdp' }],
            terminals: [{ id: 'xterm', label: 'xterm', program: '/usr/bin/xterm' }],
            ssh: '/usr/bin/ssh',
          }
        : { rdp: [], terminals: [], ssh: null },
    folder: createLaunchFolder(base),
    audit: (entry) => audit.push(entry),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    spawn: (program, args) => {
      started.push([program, ...args]);
      return spawn('/bin/true', [], { stdio: 'ignore' });
    },
  });
  return { launcher, audit, started };
}

const rdp = (extra: string) =>
  `full address:s:127.0.0.1:43389\r\nusername:s:${USER}\r\nloadbalanceinfo:s:${USER}\r\n${extra}`;

describe('hostile .rdp files start nothing', () => {
  const hostile = [
    rdp(`alternate shell:s:/bin/sh -c "touch ${canary}"\r\n`),
    rdp(`remoteapplicationprogram:s:||touch ${canary}\r\n`),
    rdp('drivestoredirect:s:*\r\n'),
    rdp('full address:s:evil.example.net\r\n'),
    rdp(`desktopwidth:i:1024\rshell working directory:s:${canary}\r\n`),
    rdp('').replace('127.0.0.1:43389', '127.0.0.1:43389;evil.example.net'),
    rdp('').replace(`username:s:${USER}`, `username:s:/p:x $(touch ${canary})`),
  ];
  it.each(hostile)('%j', async (text) => {
    const { launcher, audit, started } = service({ rdp: text });
    await expect(launcher.launchRdp('s-1', null, { password: null, code: null })).rejects.toMatchObject({
      code: 'launch_refused',
    });
    expect(started).toEqual([]);
    expect(audit).toEqual([expect.objectContaining({ sessionId: 's-1', protocol: 'rdp', outcome: 'refused' })]);
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(base) ? readdirSync(base) : []).toEqual([]);
  });
});

describe('hostile SSH URLs start nothing', () => {
  const hostile = [
    `ssh://-oProxyCommand=touch%20${encodeURIComponent(canary)}@127.0.0.1:4422`,
    `ssh://${encodeURIComponent(`alice$(touch ${canary})`)}@127.0.0.1:4422`,
    'ssh://alice@evil.example.net:4422',
    'ssh://alice@127.0.0.1:4422/ -oProxyCommand=x',
  ];
  it.each(hostile)('%j', async (url) => {
    const { launcher, audit, started } = service({ ssh: url });
    await expect(launcher.launchSsh('s-2', null, { password: null, code: '123456' })).rejects.toMatchObject({
      code: 'launch_refused',
    });
    await expect(launcher.sshDetails('s-2')).rejects.toMatchObject({ code: 'launch_refused' });
    expect(started).toEqual([]);
    expect(audit[0]).toMatchObject({ sessionId: 's-2', protocol: 'ssh', outcome: 'refused' });
    expect(existsSync(canary)).toBe(false);
  });
});

describe('missing clients and details', () => {
  it('says which client is missing', async () => {
    const { launcher, audit } = service({ rdp: rdp(''), ssh: 'ssh://alice@127.0.0.1:4422' }, false);
    await expect(launcher.launchRdp('s', null, { password: null, code: null })).rejects.toThrow(/No RDP client/);
    await expect(launcher.launchSsh('s', null, { password: null, code: null })).rejects.toThrow(
      /OpenSSH \(ssh\) was not found/,
    );
    expect(audit.map((a) => a.outcome)).toEqual(['refused', 'refused']);
  });

  it('gives the proxy host, port, connection string and a copyable command', async () => {
    const url = `ssh://${encodeURIComponent('alice+Linux Root Shell (SSH)+lnx-web-01')}@127.0.0.1:4422`;
    const { launcher } = service({ ssh: url });
    expect(await launcher.sshDetails('s')).toEqual({
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 4422,
      connectionString: 'alice+Linux Root Shell (SSH)+lnx-web-01',
      command: "ssh -p 4422 'alice+Linux Root Shell (SSH)+lnx-web-01'@127.0.0.1",
      configEntry:
        'Host pamdesk-proxy\n  HostName 127.0.0.1\n  Port 4422\n  User "alice+Linux Root Shell (SSH)+lnx-web-01"\n',
    });
  });
});
