/**
 * OpenSSH's own `ssh` through the sandbox's proxy, as a user would run it: the proxy's key pinned in a
 * known_hosts file (taken from the wire and checked against the fingerprint the sandbox reports), the
 * password and the MFA code fed by an askpass helper (secrets in its environment, never in argv).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { SandboxHandle } from '../../../../sandbox/index';
import { sshFingerprint } from '../../../../sandbox/ssh/hostKey';

export const SSH = '/usr/bin/ssh';
export const canRunOpenSsh = existsSync(SSH);

export interface OpenSshResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The proxy's public key line (`ssh-ed25519 AAAA…`) as offered on the wire, if it has the reported fingerprint. */
export function proxyKeyLine(sandbox: SandboxHandle): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('error', () => undefined);
    client.connect({
      host: '127.0.0.1',
      port: sandbox.sshProxy.port,
      username: 'probe',
      hostVerifier: (key: Buffer) => {
        if (sshFingerprint(key) === sandbox.sshProxy.hostKeyFingerprint) {
          const type = key.subarray(4, 4 + key.readUInt32BE(0)).toString();
          resolve(`${type} ${key.toString('base64')}`);
        } else reject(new Error('the proxy offered a key other than the one reported'));
        client.end();
        return false;
      },
    });
  });
}

const ASKPASS = `#!/bin/sh
case "$1" in
  *"Verification code"*) printf '%s\\n' "$PD_TEST_CODE" ;;
  *) printf '%s\\n' "$PD_TEST_PASSWORD" ;;
esac
`;

/** Runs `ssh` to the proxy as `username` with the given answers and returns what it printed. */
export async function runOpenSsh(
  sandbox: SandboxHandle,
  options: { username: string; password: string; code: string; command: string },
): Promise<OpenSshResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pamdesk-ssh-client-'));
  try {
    const askpass = path.join(dir, 'askpass.sh');
    await writeFile(askpass, ASKPASS);
    await chmod(askpass, 0o700);
    const knownHosts = path.join(dir, 'known_hosts');
    await writeFile(knownHosts, `[127.0.0.1]:${sandbox.sshProxy.port} ${await proxyKeyLine(sandbox)}\n`);
    // OpenSSH refuses spaces and brackets in a user name given on its command line (-l, user@host, -o),
    // but takes them quoted from a configuration file: the connection string goes there.
    const config = path.join(dir, 'ssh_config');
    await writeFile(
      config,
      [
        'Host pamdesk-proxy',
        '  HostName 127.0.0.1',
        `  Port ${sandbox.sshProxy.port}`,
        `  User "${options.username}"`,
        `  UserKnownHostsFile ${knownHosts}`,
        '  StrictHostKeyChecking yes',
        '  PubkeyAuthentication no',
        '  PreferredAuthentications password,keyboard-interactive',
        '  NumberOfPasswordPrompts 1',
        '',
      ].join('\n'),
    );
    return await new Promise<OpenSshResult>((resolve) => {
      const child = spawn(SSH, ['-F', config, 'pamdesk-proxy', options.command], {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          SSH_ASKPASS: askpass,
          SSH_ASKPASS_REQUIRE: 'force',
          DISPLAY: ':0',
          PD_TEST_PASSWORD: options.password,
          PD_TEST_CODE: options.code,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
