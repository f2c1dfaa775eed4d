/**
 * RDP viewers through the real core and router, against the sandbox's RDP gateway in front of
 * freerdp-shadow-cli: the sandbox's gateway certificate is pinned from the source (no question), the
 * remembered NPS password is used without asking, the screen arrives as `rdp.frame` events, typed keys and
 * mouse reach the remote X display, and ending the session closes the viewer with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RdpFrame, RdpPrompt, RdpStatus, RdpViewerInfo, SessionRow, SessionSnapshot } from '../../../../contract';
import { buildCore, type Core } from '../../../../main/core';
import { MemoryKeychain } from '../../../../main/keychain/memoryKeychain';
import { MemoryLogger } from '../../../fakes/memoryLogger';
import { call as http, waitFor, waitForStatus } from '../../sandbox/helpers';
import { Framebuffer, nearWhite } from './framebuffer';
import { freerdpMissing, startRdpWorld, type RdpWorld } from './rdpTarget';

describe.skipIf(freerdpMissing !== null)('RDP viewers through the core', () => {
  let world: RdpWorld;
  let core: Core;
  let dir: string;
  let xev: ChildProcess | null = null;
  let xevOutput = '';

  const call = async (channel: string, payload?: unknown): Promise<never> => {
    const result = await core.router.handle(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as never;
  };

  beforeAll(async () => {
    world = await startRdpWorld();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-rdp-core-'));
    core = buildCore({
      dataDir: dir,
      log: new MemoryLogger(),
      transport: 'bridge',
      version: '0.0.0',
      platform: 'linux',
      sandbox: { start: async () => world.sandbox },
      keychain: new MemoryKeychain(),
      http: { timeoutMs: 5000, retries: 0 },
    });
    // xev on the remote display prints the keys its window receives; it fills the top-left 400×400.
    xev = spawn('/usr/bin/xev', ['-geometry', '400x400+0+0', '-event', 'keyboard'], {
      env: { ...process.env, DISPLAY: world.target.display },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    xev.stdout!.on('data', (d: Buffer) => (xevOutput += d.toString()));
  }, 60_000);
  afterAll(async () => {
    xev?.kill();
    await core?.dispose();
    await world?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the desktop with the remembered password, types into it, and closes when the session ends', async () => {
    const { url } = (await call('sandbox.start')) as { url: string };
    const password = world.sandbox.users.find((u) => u.login === 'alice')!.password;
    await call('auth.signIn', { url, login: 'alice', password, rememberMe: true, rememberPassword: true });
    await call('auth.verifyMfa', { code: world.sandbox.totp('alice') });
    const session = await world.available('alice');
    const snapshot = (await call('sessions.watch', { scope: 'mine' })) as SessionSnapshot;
    await waitFor(
      async () =>
        ((await call('sessions.watch', { scope: 'mine' })) as SessionSnapshot).rows.some(
          (r: SessionRow) => r.id === session.id,
        ) || undefined,
      'the session on the dashboard',
    );
    expect(snapshot).toBeDefined();

    const screen = new Framebuffer(800, 600);
    const prompts: RdpPrompt[] = [];
    const statuses: RdpStatus[] = [];
    let viewerId = '';
    core.events.subscribe((channel, payload) => {
      if (channel === 'rdp.frame') {
        const frame = payload as RdpFrame;
        let bytes = 0;
        for (const rect of frame.rects) {
          if (rect.fill !== undefined) {
            const pixel = Buffer.from([rect.fill >> 16, (rect.fill >> 8) & 0xff, rect.fill & 0xff, 255]);
            screen.paint({ ...rect, rgba: Buffer.concat(Array(rect.width * rect.height).fill(pixel) as Buffer[]) });
            bytes += 16;
            continue;
          }
          const rgba = Buffer.from(rect.rgba);
          bytes += rgba.length;
          screen.paint({ ...rect, rgba });
        }
        void call('rdp.ack', { viewerId: frame.viewerId, bytes });
      }
      if (channel === 'rdp.prompt') prompts.push(payload as RdpPrompt);
      if (channel === 'rdp.status') statuses.push(payload as RdpStatus);
    });

    const info = (await call('rdp.open', { sessionId: session.id, width: 800, height: 600 })) as RdpViewerInfo;
    viewerId = info.viewerId;
    expect(info).toMatchObject({ host: '127.0.0.1', port: world.sandbox.rdpProxy.port });
    await waitFor(async () => statuses.some((s) => s.state === 'open') || undefined, 'the desktop', 20_000);
    expect(prompts).toEqual([]);
    await waitFor(
      async () =>
        (screen.painted >= 800 * 600 && nearWhite(screen.pixels.subarray((200 * 800 + 200) * 4))) || undefined,
      "xev's white window on the screen",
    );
    expect(screen.colours()).toBeGreaterThan(1);
    await waitForStatus(world.sandbox, session.token, session.id, 'Active');

    // Pointer over xev's window (X focus follows the pointer), then "pam" typed as scancodes.
    await call('rdp.input', { viewerId, events: [{ type: 'mouse', x: 200, y: 200, button: 0, down: false }] });
    const keys = [0x19, 0x1e, 0x32].flatMap((scancode) => [
      { type: 'key', scancode, extended: false, down: true },
      { type: 'key', scancode, extended: false, down: false },
    ]);
    await call('rdp.input', { viewerId, events: keys });
    await waitFor(
      async () => /keysym 0x70, p\)[^]*keysym 0x61, a\)[^]*keysym 0x6d, m\)/.test(xevOutput) || undefined,
      `xev to receive p, a, m (it printed: ${xevOutput.slice(-500)})`,
      10_000,
    );

    await http(world.sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
    const closed = await waitFor(async () => statuses.find((s) => s.state === 'closed'), 'the viewer to close');
    expect(closed.reason).toBe('The session was ended.');
  });

  it('passes the server’s refusal on for a session that has ended, and opens no viewer', async () => {
    const session = await world.available('alice');
    await http(world.sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
    await expect(call('rdp.open', { sessionId: session.id, width: 800, height: 600 })).rejects.toMatchObject({
      code: expect.stringMatching(/conflict|not_found|bad_request|forbidden/),
    });
  });
});
