/** The launch folder, client detection and terminal commands: plain Node, real files. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectClients, findProgram } from '../../../../main/launch/external/clientDetect';
import { createLaunchFolder } from '../../../../main/launch/external/launchFolder';
import { terminalCommand, TerminalUnsupported } from '../../../../main/launch/external/terminalCommand';

const root = mkdtempSync(path.join(tmpdir(), 'pamdesk-pieces-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('launch folder', () => {
  it('creates private folders, removes one, and sweeps a crash’s leftovers at the next start', async () => {
    const base = path.join(root, 'launch');
    const first = createLaunchFolder(base);
    const a = await first.create();
    const b = await first.create();
    writeFileSync(path.join(a, 'session.rdp'), 'x', { mode: 0o600 });
    expect(statSync(base).mode & 0o777).toBe(0o700);
    expect(statSync(a).mode & 0o777).toBe(0o700);
    await first.remove(a);
    expect(existsSync(a)).toBe(false);
    // "Crash": a new run finds b and removes it.
    expect(await createLaunchFolder(base).sweep()).toBe(1);
    expect(existsSync(b)).toBe(false);
    await expect(first.remove('/etc')).rejects.toThrow(/not a launch folder/);
  });

  it('refuses a base folder someone else prepared: open permissions or a link', async () => {
    const open = path.join(root, 'open');
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    await expect(createLaunchFolder(open).create()).rejects.toThrow(/can be read by other users/);
    const link = path.join(root, 'link');
    symlinkSync(open, link);
    await expect(createLaunchFolder(link).create()).rejects.toThrow(/is not a folder/);
  });
});

describe('client detection', () => {
  it('offers only executables found on absolute PATH entries', () => {
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    for (const [name, mode] of [
      ['xfreerdp', 0o755],
      ['xterm', 0o755],
      ['ssh', 0o755],
      ['remmina', 0o644],
    ] as const) {
      writeFileSync(path.join(bin, name), '#!/bin/sh\n', { mode });
    }
    mkdirSync(path.join(bin, 'konsole'));
    const found = detectClients(`relative/bin::${bin}`, 'linux');
    expect(found.rdp.map((c) => c.id)).toEqual(['xfreerdp']);
    expect(found.terminals.map((c) => c.id)).toEqual(['xterm']);
    expect(found.ssh).toBe(path.join(bin, 'ssh'));
    expect(detectClients('', 'linux')).toEqual({ rdp: [], terminals: [], ssh: null });
    expect(findProgram('../xterm', bin, 'linux')).toBeNull();
  });
});

describe('terminal commands', () => {
  const ssh = { program: '/usr/bin/ssh', args: ['-F', '/tmp/l-1/ssh_config', '-p', '4422', '--', 'pamdesk-proxy'] };
  const env = { SSH_ASKPASS: '/tmp/l-1/askpass', PAMDESK_ASKPASS_TICKET: "t'$(x)" };

  it('passes ssh as separate words to Linux terminals', () => {
    expect(terminalCommand({ id: 'xterm', program: '/usr/bin/xterm' }, ssh, env)).toEqual({
      program: '/usr/bin/xterm',
      args: ['-e', '/usr/bin/ssh', ...ssh.args],
    });
    expect(terminalCommand({ id: 'gnome-terminal', program: '/usr/bin/gnome-terminal' }, ssh, env).args).toEqual([
      '--wait',
      '--',
      '/usr/bin/ssh',
      ...ssh.args,
    ]);
  });

  it('quotes the macOS Terminal command so the shell reads back exactly the words', () => {
    const { args } = terminalCommand({ id: 'macos-terminal', program: '/usr/bin/osascript' }, ssh, env);
    const script = /^tell application "Terminal" to do script "(.*)"$/.exec(args[1]!)![1]!;
    const command = script.replace(/\\(["\\])/g, '$1');
    const words = execFileSync('/bin/sh', ['-c', `printf '[%s]' ${command.replace(/^\/usr\/bin\/env /, '')}`], {
      encoding: 'utf8',
    });
    expect(words).toBe(
      [
        `SSH_ASKPASS=${env.SSH_ASKPASS}`,
        `PAMDESK_ASKPASS_TICKET=${env.PAMDESK_ASKPASS_TICKET}`,
        ssh.program,
        ...ssh.args,
      ]
        .map((w) => `[${w}]`)
        .join(''),
    );
  });

  it('says plainly when a terminal cannot be used yet', () => {
    expect(() => terminalCommand({ id: 'windows-terminal', program: 'wt.exe' }, ssh, env)).toThrow(TerminalUnsupported);
  });
});
