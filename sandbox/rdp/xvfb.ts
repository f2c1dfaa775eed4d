/**
 * An Xvfb server for the private RDP target and the tests.
 *
 * `-noreset`: by default an X server resets itself when its last client disconnects, and
 * freerdp-shadow-cli opens the display once to list the monitors, closes it, and opens it again at once;
 * on a loaded machine the second open lands in the reset and fails ("failed to open display", seen in CI).
 *
 * Each server asks for one display number, drawn at random from a range well above the ones people use;
 * Xvfb's lock file (`/tmp/.X<n>-lock`) settles a clash, the loser exits, and it is started again on another
 * number. Ready means an X client can connect to the display's socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import net from 'node:net';

export const XVFB = '/usr/bin/Xvfb';

export interface Xvfb {
  display: string;
  stop(): Promise<void>;
}

const FIRST = 200;
const LAST = 5999;
const ATTEMPTS = 8;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** True once an X client could connect to the display's socket. */
function connectable(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

type Attempt = { ok: true; xvfb: Xvfb } | { ok: false; reason: string };

async function startOn(number: number, size: string, timeoutMs: number): Promise<Attempt> {
  const child = spawn(XVFB, [`:${number}`, '-screen', '0', size, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const socketPath = `/tmp/.X11-unix/X${number}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      return { ok: false, reason: `Xvfb :${number} exited (${child.exitCode ?? child.signalCode}): ${output.trim()}` };
    if (await connectable(socketPath))
      return { ok: true, xvfb: { display: `:${number}`, stop: () => stopChild(child) } };
    if (Date.now() > deadline) {
      await stopChild(child);
      return { ok: false, reason: `Xvfb :${number} did not accept connections within ${timeoutMs / 1000} s` };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts Xvfb (`WxHxDepth`); rejects with what Xvfb said when it cannot start after a few numbers. */
export async function startXvfb(size = '1024x768x24', timeoutMs = 15_000): Promise<Xvfb> {
  const reasons: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const result = await startOn(randomInt(FIRST, LAST + 1), size, timeoutMs);
    if (result.ok) return result.xvfb;
    reasons.push(result.reason);
  }
  throw new Error(`Xvfb could not start: ${reasons.join('; ')}`);
}
