import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  copyableSshCommand,
  HOST_ALIAS,
  knownHostsText,
  sshArguments,
  sshConfigText,
} from '../../../../main/launch/external/sshInvocation';
import { parseSshUrl } from '../../../../main/launch/ssh/sshUrl';

const SANDBOX = 'https://127.0.0.1:41373';
const dir = mkdtempSync(path.join(tmpdir(), 'pamdesk-sshargs-'));
const canary = path.join(dir, 'canary');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files = { configPath: path.join(dir, 'ssh_config'), knownHostsPath: path.join(dir, 'known_hosts') };
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

/** What OpenSSH itself makes of our arguments and config (`ssh -G` resolves without connecting). */
function resolvedBySsh(args: string[]): Map<string, string> {
  const out = execFileSync('/usr/bin/ssh', ['-G', ...args], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: dir },
  });
  return new Map(out.split('\n').map((line) => [line.split(' ')[0]!, line.slice(line.indexOf(' ') + 1)]));
}

describe('ssh arguments for the user’s terminal', () => {
  it('OpenSSH reads the connection string with spaces and brackets from the generated config, strict host keys on', () => {
    const target = parseSshUrl(
      `ssh://${encodeURIComponent('alice+Linux Root Shell (SSH)+lnx-web-01')}@127.0.0.1:40222`,
      SANDBOX,
    );
    writeFileSync(files.configPath, sshConfigText(target, files));
    const args = sshArguments(target, files);
    expect(args.slice(-2)).toEqual(['--', HOST_ALIAS]);
    expect(args).toEqual(expect.arrayContaining(['-p', '40222', '-o', 'StrictHostKeyChecking=yes']));
    expect(args.join(' ')).not.toContain('alice');
    const resolved = resolvedBySsh(args);
    expect(resolved.get('user')).toBe('alice+Linux Root Shell (SSH)+lnx-web-01');
    expect(resolved.get('hostname')).toBe('127.0.0.1');
    expect(resolved.get('port')).toBe('40222');
    expect(resolved.get('stricthostkeychecking')).toBe('true');
    expect(resolved.get('userknownhostsfile')).toBe(files.knownHostsPath);
    expect(resolved.get('proxycommand')).toBeUndefined();
    expect(resolved.get('localcommand')).toBeUndefined();
  });

  it('pins the key for exactly the host and port', () => {
    expect(knownHostsText({ host: '127.0.0.1', port: 40222, username: 'a' }, KEY)).toBe(`[127.0.0.1]:40222 ${KEY}\n`);
    expect(knownHostsText({ host: 'nps.example.com', port: 22, username: 'a' }, KEY)).toBe(`nps.example.com ${KEY}\n`);
    expect(() => knownHostsText({ host: 'h', port: 22, username: 'a' }, `${KEY}\n* ssh-rsa AAAA`)).toThrow(
      /not an SSH/,
    );
  });

  // CVE-2017-1000117 (-oProxyCommand in a host/user) and CVE-2023-51385 (metacharacters in a user name
  // expanded by a ProxyCommand %r): refused at the URL, so nothing reaches ssh; the canary proves nothing ran.
  const hostileUrls = [
    `ssh://-oProxyCommand=touch%20${encodeURIComponent(canary)}@127.0.0.1:4422`,
    `ssh://${encodeURIComponent(`-oProxyCommand=touch ${canary}`)}@127.0.0.1:4422`,
    `ssh://alice@-oProxyCommand=touch:4422`,
    `ssh://${encodeURIComponent(`alice$(touch ${canary})`)}@127.0.0.1:4422`,
    `ssh://${encodeURIComponent(`alice\`touch ${canary}\``)}@127.0.0.1:4422`,
    `ssh://${encodeURIComponent(`alice;touch ${canary}`)}@127.0.0.1:4422`,
    `ssh://${encodeURIComponent(`alice|touch ${canary}`)}@127.0.0.1:4422`,
    `ssh://${encodeURIComponent('alice"\n  ProxyCommand touch x')}@127.0.0.1:4422`,
    `ssh://alice@127.0.0.1:4422%20-oProxyCommand=x`,
    `ssh://--@127.0.0.1:4422`,
    `ssh://alice@evil.example.net:22`,
    `ssh://alice@127.0.0.1:22 -oProxyCommand=x`,
    `ssh://аlice@127.0.0.1:22`, // Cyrillic a, raw
  ];
  it.each(hostileUrls)('refuses %j before anything is started', (url) => {
    expect(() => parseSshUrl(url, SANDBOX)).toThrow(/did not start/);
    expect(existsSync(canary)).toBe(false);
  });

  it('refuses a name that would break out of the config quotes, and relative or unsafe file paths', () => {
    expect(() => sshConfigText({ host: 'h', port: 22, username: 'a"b' }, files)).toThrow(/cannot be written/);
    expect(() => sshConfigText({ host: 'h', port: 22, username: 'a\\' }, files)).toThrow(/cannot be written/);
    expect(() => sshArguments({ host: 'h', port: 22, username: 'a' }, { ...files, configPath: 'ssh_config' })).toThrow(
      /absolute/,
    );
    expect(() => sshConfigText({ host: 'h', port: 22, username: 'a' }, { knownHostsPath: '/tmp/a b' })).toThrow(
      /unsafe/,
    );
  });

  it('gives a copyable command, and says when OpenSSH will want the config entry instead', () => {
    expect(copyableSshCommand({ host: 'nps.example.com', port: 4422, username: 'alice+Shell+srv' })).toEqual({
      command: "ssh -p 4422 'alice+Shell+srv'@nps.example.com",
      needsConfig: false,
    });
    expect(
      copyableSshCommand({ host: '127.0.0.1', port: 4422, username: 'alice+Root Shell (SSH)+x' }).needsConfig,
    ).toBe(true);
  });
});
