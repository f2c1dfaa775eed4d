/**
 * A private RDP server for `npm run sandbox`, when this machine has one: FreeRDP's `freerdp-shadow-cli`
 * sharing its own `Xvfb` display (Debian packages `xvfb` and `freerdp2-shadow-x11`), on 127.0.0.1 and a free
 * port, TLS only, its certificate made in a private temporary HOME (0700) and pinned by the gateway.
 *
 * It runs without authentication of its own (`-auth`): the sandbox's gateway is the gate
 * (owner, state, lock, the NPS password) and the only client told where it listens; it needs no local
 * account, so it works without root. Anyone on this machine who finds the port could still connect to the
 * empty desktop, which is why it is only started by the developer's `npm run sandbox`. Without the packages
 * it is not started and an RDP launch says the resource has no reachable RDP server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RdpTarget } from '../directory/types';
import { XVFB, startXvfb, type Xvfb } from './xvfb';

const SHADOW = '/usr/bin/freerdp-shadow-cli';
const XMESSAGE = '/usr/bin/xmessage';

export interface PrivateRdpTarget {
  target: RdpTarget;
  /** The X display the desktop shows (X clients started there appear in the session). */
  display: string;
  stop(): Promise<void>;
}

/** Why no private RDP server can run here, or null when it can. */
export function privateRdpTargetMissing(): string | null {
  const missing = [XVFB, SHADOW].filter((binary) => !existsSync(binary));
  return missing.length ? `${missing.join(' and ')} missing (apt: xvfb freerdp2-shadow-x11)` : null;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts Xvfb and freerdp-shadow-cli; rejects with the reason when they cannot run. */
export async function startPrivateRdpTarget(size = '1280x800x24'): Promise<PrivateRdpTarget> {
  const missing = privateRdpTargetMissing();
  if (missing) throw new Error(missing);
  const home = await mkdtemp(path.join(tmpdir(), 'pamdesk-sandbox-rdp-'));
  await chmod(home, 0o700);
  let xvfb: Xvfb | null = null;
  let shadow: ChildProcess | null = null;
  let banner: ChildProcess | null = null;
  const cleanup = async () => {
    await stop(banner);
    await stop(shadow);
    await xvfb?.stop();
    await rm(home, { recursive: true, force: true });
  };
  try {
    xvfb = await startXvfb(size);
    const display = xvfb.display;
    const port = await freePort();
    const env = { ...process.env, DISPLAY: display, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
    // `-auth` explicitly: freerdp-shadow-cli 2.x authenticates with PAM unless told not to.
    const server = spawn(SHADOW, [`/port:${port}`, '/bind-address:127.0.0.1', '/sec:tls', '-auth'], {
      stdio: 'ignore',
      env,
    });
    shadow = server;
    const certificate = path.join(home, '.config', 'freerdp', 'shadow', 'shadow.crt');
    await until(
      'freerdp-shadow-cli to listen',
      async () => {
        if (server.exitCode !== null) throw new Error(`freerdp-shadow-cli exited (${server.exitCode})`);
        return existsSync(certificate) && (await accepting(port));
      },
      15_000,
    );
    // Something to see on the otherwise black desktop.
    if (existsSync(XMESSAGE))
      banner = spawn(XMESSAGE, ['-center', 'PAM Desk sandbox: remote desktop through the RDP gateway'], {
        stdio: 'ignore',
        env,
      });
    return {
      target: {
        host: '127.0.0.1',
        port,
        certificateSha256: new X509Certificate(readFileSync(certificate)).fingerprint256,
      },
      display,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
