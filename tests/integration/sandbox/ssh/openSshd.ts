/**
 * OpenSSH's sshd on 127.0.0.1 as a real target for the proxy tests. The set-up creates a throw-away
 * local account (needs root, as on CI), writes its own sshd_config and host key in a temp folder, runs
 * `sshd -D` on a free port, and `stop()` ends that sshd and deletes the account and the folder again.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sshFingerprint } from '../../../../sandbox/ssh/hostKey';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/** Whether this machine can run the sshd tests: root (to create the account) and OpenSSH's server installed. */
export const canRunSshd = process.getuid?.() === 0 && existsSync(SSHD) && existsSync('/usr/sbin/useradd');

export interface TestSshd {
  host: string;
  port: number;
  /** The local account created for the test. */
  user: string;
  /** The host key as OpenSSH prints it. */
  fingerprint: string;
  /** Folder that is deleted at the end (for known_hosts, helper scripts). */
  dir: string;
  setPassword(password: string): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
export function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs useradd, userdel or chpasswd. They lock /etc/passwd and /etc/shadow and give up at once when another
 * test file's account change holds the lock, so they are run again while the lock is the reason.
 */
export async function accountCommand(file: string, args: string[], input = ''): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const { code, errors } = await new Promise<{ code: number | null; errors: string }>((resolve, reject) => {
      const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let text = '';
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, errors: text }));
      child.stdin.end(input);
    });
    if (code === 0) return;
    if (!/lock|try again/i.test(errors) || attempt >= 40) {
      throw new Error(`${path.basename(file)} failed (${code}): ${errors.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
  }
}

/** Sets a local account's password (the password goes by stdin, never argv). */
export function chpasswd(user: string, password: string): Promise<void> {
  return accountCommand('/usr/sbin/chpasswd', [], `${user}:${password}\n`);
}

export async function startTestSshd(password: string): Promise<TestSshd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pamdesk-sshd-'));
  // The account's home is inside: it must be able to pass through (but not list) the folder.
  await chmod(dir, 0o711);
  const user = `pdt${randomBytes(4).toString('hex')}`;
  let sshd: ChildProcess | null = null;
  let userCreated = false;
  const cleanup = async () => {
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd!.once('exit', resolve));
      sshd.kill('SIGTERM');
      await exited;
    }
    // -f: also when a session process of the account is still finishing.
    if (userCreated) await accountCommand('/usr/sbin/userdel', ['-r', '-f', user]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await accountCommand('/usr/sbin/useradd', ['-m', '-d', path.join(dir, 'home'), '-s', '/bin/sh', user]);
    userCreated = true;
    await chpasswd(user, password);
    const hostKey = path.join(dir, 'host_ed25519');
    await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    const blob = Buffer.from((await readFile(`${hostKey}.pub`, 'utf8')).split(' ')[1]!, 'base64');
    const port = await freePort();
    const config = path.join(dir, 'sshd_config');
    await writeFile(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        'PidFile none',
        'UsePAM no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication no',
        'AuthorizedKeysFile none',
        'PermitRootLogin no',
        `AllowUsers ${user}`,
        'StrictModes no',
        'PrintMotd no',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    sshd.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await accepting(port))) {
      if (sshd.exitCode !== null || Date.now() > deadline) throw new Error(`sshd did not start: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      host: '127.0.0.1',
      port,
      user,
      fingerprint: sshFingerprint(blob),
      dir,
      setPassword: (next) => chpasswd(user, next),
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
