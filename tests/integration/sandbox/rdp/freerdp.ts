/**
 * FreeRDP on loopback for the gateway tests: an Xvfb display per program, `freerdp-shadow-cli` as the RDP
 * target (TLS security, `+auth`: it checks the Client Info credentials against a real local account with
 * PAM, so rotation really locks an old password out), and `xfreerdp` as an independent client. Needs root
 * (the account) and the apt packages xvfb, freerdp2-shadow-x11, freerdp2-x11.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../helpers';
import { accepting, accountCommand, chpasswd, freePort } from '../ssh/openSshd';
import { startXvfb, type Xvfb } from '../../../../sandbox/rdp/xvfb';

const STDBUF = '/usr/bin/stdbuf';

/**
 * `spawn` arguments that run a FreeRDP program with its log handed over line by line. Writing to a pipe, C's
 * stdio sends its output in blocks of 4 KiB: once a connection goes quiet, the lines a test waits for (the
 * first frame, "Accepted client") can stay in the program's buffer for good — seen in CI as a desktop that
 * "did not show" within 45 s while xfreerdp had decoded it in 1 s.
 */
export function lineBuffered(program: string, args: string[]): [string, string[]] {
  return [STDBUF, ['-oL', '-eL', program, ...args]];
}

export { startXvfb, type Xvfb };

const BINARIES = ['/usr/bin/Xvfb', '/usr/bin/freerdp-shadow-cli', '/usr/bin/xfreerdp', '/usr/sbin/useradd', STDBUF];

/** Why these tests cannot run here, or null when they can. */
export const freerdpMissing: string | null =
  process.getuid?.() !== 0
    ? 'the RDP gateway tests need root to create a local account'
    : (BINARIES.filter((b) => !existsSync(b)).map(
        (b) => `${b} is missing (apt: xvfb freerdp2-shadow-x11 freerdp2-x11)`,
      )[0] ?? null);
if (freerdpMissing) console.warn(`[rdp tests] skipped: ${freerdpMissing}`);

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface ShadowTarget {
  port: number;
  /** The X display the server shares (an X client started there shows on the remote desktop). */
  display: string;
  /** The local account created for the test. */
  user: string;
  /** SHA-256 of the target's TLS certificate, as `X509Certificate.fingerprint256` gives it. */
  fingerprint: string;
  setPassword(password: string): Promise<void>;
  /** What freerdp-shadow-cli logged so far. */
  log(): string;
  stop(): Promise<void>;
}

/** freerdp-shadow-cli sharing its own Xvfb display, TLS only, PAM authentication of a fresh local account. */
export async function startShadowTarget(
  password: string,
  options: { interactive?: boolean; size?: string } = {},
): Promise<ShadowTarget> {
  const home = await mkdtemp(path.join(tmpdir(), 'pamdesk-rdp-target-'));
  await chmod(home, 0o700);
  const user = `pdr${randomBytes(4).toString('hex')}`;
  let xvfb: Xvfb | null = null;
  let shadow: ChildProcess | null = null;
  let userCreated = false;
  let log = '';
  const cleanup = async () => {
    await stopChild(shadow);
    await xvfb?.stop();
    if (userCreated) await accountCommand('/usr/sbin/userdel', ['-f', user]).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  };
  try {
    await accountCommand('/usr/sbin/useradd', ['-M', '-s', '/usr/sbin/nologin', user]);
    userCreated = true;
    await chpasswd(user, password);
    xvfb = await startXvfb(options.size ?? '800x600x24');
    const port = await freePort();
    shadow = spawn(
      ...lineBuffered('/usr/bin/freerdp-shadow-cli', [
        `/port:${port}`,
        '/bind-address:127.0.0.1',
        '/sec:tls',
        '+auth',
        // `-may-interact` keeps clients view-only; a viewer test that types lets them interact.
        ...(options.interactive ? [] : ['-may-interact']),
      ]),
      // Its certificate is made in $HOME/.config/freerdp/shadow on first start.
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DISPLAY: xvfb.display, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
      },
    );
    const collect = (d: Buffer) => (log += d.toString());
    shadow.stdout!.on('data', collect);
    shadow.stderr!.on('data', collect);
    const started = shadow;
    const certificate = path.join(home, '.config', 'freerdp', 'shadow', 'shadow.crt');
    await waitFor(
      async () => {
        if (started.exitCode !== null) throw new Error(`freerdp-shadow-cli exited: ${log}`);
        return existsSync(certificate) && (await accepting(port));
      },
      'freerdp-shadow-cli to listen',
      15_000,
    );
    return {
      port,
      display: xvfb.display,
      user,
      fingerprint: new X509Certificate(readFileSync(certificate)).fingerprint256,
      setPassword: (next) => chpasswd(user, next),
      log: () => log,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export interface XfreerdpRun {
  /** The client name it sends (`/client-hostname`), unique per run: the target logs it as "Accepted client: <name>". */
  clientName: string;
  /** Everything xfreerdp printed so far (DEBUG level: its connection states). */
  output(): string;
  /** Resolves with the exit code once xfreerdp ends. */
  exited: Promise<number | null>;
  /**
   * Resolves once the first frame of the remote desktop was decoded. (CONNECTION_STATE_ACTIVE alone proves
   * nothing: freerdp-shadow-cli checks the password only after activation and then hangs up.)
   */
  desktop(): Promise<void>;
  stop(): Promise<void>;
}

/** The arguments xfreerdp gets from the sandbox's .rdp values: the gateway's address and the connection string. */
export function startXfreerdp(
  display: string,
  gateway: { host: string; port: number },
  userName: string,
  password: string,
  extra: string[] = ['/sec:tls'],
): XfreerdpRun {
  const clientName = `pd${randomBytes(5).toString('hex')}`;
  const child = spawn(
    ...lineBuffered('/usr/bin/xfreerdp', [
      `/v:${gateway.host}:${gateway.port}`,
      ...extra,
      '/cert:ignore',
      `/u:${userName}`,
      // The test's throw-away password; FreeRDP hides /p: from its own process title.
      `/p:${password}`,
      '/log-level:DEBUG',
      '-clipboard',
      '/size:800x600',
      `/client-hostname:${clientName}`,
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: display } },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    clientName,
    output: () => output,
    exited,
    desktop: async () => {
      await waitFor(
        async () => {
          if (/CONNECTION_STATE_ACTIVE[^]*RFX_FRAME_BEGIN/.test(output)) return true;
          if (ended) throw new Error(`xfreerdp ended without a session:\n${output.slice(-3000)}`);
          return false;
        },
        'xfreerdp to show the remote desktop',
        // Generous: on a loaded two-core machine the shadow server and xfreerdp share the cores with the
        // other test files.
        45_000,
      ).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}; xfreerdp said:\n${output.slice(-3000)}`);
      });
    },
    stop: () => stopChild(child),
  };
}
