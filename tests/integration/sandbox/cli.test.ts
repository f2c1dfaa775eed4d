/** `npm run sandbox` and `npm run sandbox:code` as a user runs them. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox, totpCode } from '../../../sandbox/index';
import { PROTOCOL_SSL, SSL_CERT_NOT_ON_SERVER } from '../../../sandbox/rdp/x224';
import { privateRdpTargetMissing } from '../../../sandbox/rdp/privateTarget';
import { connectionRequestOffering, firstAnswer } from './rdp/rawRdp';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function run(args: string[]): ChildProcess {
  // Own process group, so the test can stop npm, tsx and the server together.
  return spawn('npm', ['run', ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve(); // the group is already gone
    }
  });
}

function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sandbox command line', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(children.map(stopGroup));
  });

  it('prints the JSON object as the first line of stdout of plain `npm run sandbox`, then serves', async () => {
    const child = run(['sandbox', '--', '--http', '--port', '0', '--memory']);
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const info = JSON.parse(first) as {
      url: string;
      fingerprint: string | null;
      sshProxy: { host: string; port: number; hostKeyFingerprint: string };
      rdpProxy: { host: string; port: number; certificateFingerprint: string };
      users: Array<{ login: string; password: string; totpSecret: string; role: string }>;
    };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.fingerprint).toBeNull();
    expect(info.sshProxy).toEqual({
      host: '127.0.0.1',
      port: expect.any(Number) as number,
      hostKeyFingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/) as string,
    });
    // The SSH proxy answers on that port with an SSH identification line.
    const ident = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: info.sshProxy.port });
      socket.once('data', (data: Buffer) => {
        socket.destroy();
        resolve(data.toString('utf8'));
      });
      socket.once('error', reject);
    });
    expect(ident).toMatch(/^SSH-2\.0-/);
    // The RDP gateway listens. With xvfb and freerdp-shadow-cli installed the demo's Windows servers have a
    // private RDP server behind it (TLS is selected); without them the gateway says so before TLS.
    expect(info.rdpProxy).toEqual({
      host: '127.0.0.1',
      port: expect.any(Number) as number,
      certificateFingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) as string,
    });
    const refusal = await firstAnswer(
      info.rdpProxy.port,
      connectionRequestOffering('alice+Windows Admin (RDP)+win-app-01', PROTOCOL_SSL),
    );
    if (privateRdpTargetMissing() === null) {
      expect(refusal[11]).toBe(0x02); // RDP_NEG_RSP
      expect(refusal.readUInt32LE(15)).toBe(PROTOCOL_SSL);
    } else {
      expect([...refusal.subarray(11)]).toEqual([0x03, 0, 8, 0, SSL_CERT_NOT_ON_SERVER, 0, 0, 0]);
    }
    expect(info.users.map((u) => [u.login, u.role])).toEqual([
      ['alice', 'user'],
      ['bob', 'user'],
      ['rita', 'approver'],
      ['adam', 'admin'],
      ['helen', 'helpdesk'],
    ]);
    const health = await fetch(`${info.url}/sandbox/health`);
    expect(health.status).toBe(200);

    // The interactive hint: typing "code alice" prints the current code.
    const answer = new Promise<string>((resolve) =>
      lines.on('line', (line) => line.startsWith('alice: ') && resolve(line)),
    );
    child.stdin!.write('code alice\n');
    const code = (await answer).slice('alice: '.length);
    const secret = info.users[0]!.totpSecret;
    const now = Date.now();
    expect([totpCode(secret, now - 30_000), totpCode(secret, now), totpCode(secret, now + 30_000)]).toContain(code);

    await stopGroup(child);
  });

  it('explains its options and rejects unknown ones', async () => {
    const help = await collect(run(['--silent', 'sandbox', '--', '--help']));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--seed-sessions N/);
    const wrong = await collect(run(['--silent', 'sandbox', '--', '--no-such-option']));
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/no-such-option/);
  });

  it('prints the current MFA code from a data folder with `npm run sandbox:code`', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pam-sandbox-cli-'));
    try {
      const handle = await startSandbox({ dataDir: dir, http: true, log: () => undefined });
      const secret = handle.users.find((u) => u.login === 'bob')!.totpSecret;
      await handle.stop();
      const result = await collect(run(['sandbox:code', '--', 'bob', '--data', dir]));
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      const now = Date.now();
      expect([totpCode(secret, now - 30_000), totpCode(secret, now), totpCode(secret, now + 30_000)]).toContain(
        lines[0],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
