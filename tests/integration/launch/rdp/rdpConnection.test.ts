/**
 * node-rdpjs-2 (with our patches) through the sandbox's RDP gateway to a real RDP server
 * (freerdp-shadow-cli): the gateway's certificate is read without sending anything, a wrong pin is refused
 * before credentials go out, the right one shows the remote desktop, and ending the session closes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRdpConnection, probeRdpCertificate, RdpLaunchError } from '../../../../main/launch/rdp/rdpConnection';
import { call, waitFor, waitForStatus } from '../../sandbox/helpers';
import { connectXPainter } from '../../../bench/support/xPainter';
import { Framebuffer } from './framebuffer';
import { freerdpMissing, RDP_ACTIVITY, RDP_RESOURCE, startRdpWorld, type RdpWorld } from './rdpTarget';

describe.skipIf(freerdpMissing !== null)('RDP connection with node-rdpjs-2 through the gateway', () => {
  let world: RdpWorld;
  let window: ChildProcess | null = null;
  beforeAll(async () => {
    world = await startRdpWorld();
    // Something to see on the otherwise black-and-white desktop: xmessage's window in colours of its own.
    const look = ['-bg', '#3366cc', '-fg', '#ffcc00', '-geometry', '+40+40'];
    window = spawn('/usr/bin/xmessage', [...look, 'PAM Desk RDP test'], {
      env: { ...process.env, DISPLAY: world.target.display },
      stdio: 'ignore',
    });
  }, 60_000);
  afterAll(async () => {
    window?.kill();
    await world?.stop();
  });

  const endpoint = (login: string) => ({
    host: world.sandbox.rdpProxy.host,
    port: world.sandbox.rdpProxy.port,
    username: `${login}+${RDP_ACTIVITY}+${RDP_RESOURCE}`,
  });
  const passwordOf = (login: string) => world.sandbox.users.find((u) => u.login === login)!.password;
  const size = { width: 800, height: 600 };

  it('reads the gateway certificate without logging in', async () => {
    const fingerprint = await probeRdpCertificate(endpoint('alice'));
    expect(fingerprint).toBe(world.sandbox.rdpProxy.certificateFingerprint.toUpperCase());
  });

  it('refuses a gateway whose certificate is not the pinned one, before sending the password', async () => {
    const session = await world.available('alice');
    const refused = openRdpConnection(
      endpoint('alice'),
      { password: passwordOf('alice'), pinnedFingerprint: Array(32).fill('AB').join(':') },
      size,
      { onRects: () => undefined, onClose: () => undefined },
    );
    await expect(refused).rejects.toMatchObject({ reason: 'certificate_changed' });
    await expect(refused).rejects.toThrow(/certificate changed .*Nothing was sent/);
    // The gateway never saw a login: the session is still waiting for one.
    const log = await call<{ lines: Array<{ logMessage: string }> }>(
      world.sandbox,
      'GET',
      `/api/v1/ActivitySession/${session.id}/Log`,
      { token: session.token },
    );
    expect(log.json.lines.map((l) => l.logMessage).join('\n')).not.toMatch(/RDP connection|refused/i);
  });

  it('refuses a wrong NPS password with the gateway’s reason', async () => {
    await world.available('bob');
    const refused = openRdpConnection(
      endpoint('bob'),
      { password: 'not-the-password', pinnedFingerprint: world.sandbox.rdpProxy.certificateFingerprint },
      size,
      { onRects: () => undefined, onClose: () => undefined },
    );
    await expect(refused).rejects.toBeInstanceOf(RdpLaunchError);
    await expect(refused).rejects.toThrow(/denied the connection/);
  });

  it('shows the remote desktop, and ending the session closes the connection with the reason', async () => {
    const session = await world.available('alice');
    const screen = new Framebuffer(size.width, size.height);
    let closed: string | null = null;
    const connection = await openRdpConnection(
      endpoint('alice'),
      { password: passwordOf('alice'), pinnedFingerprint: world.sandbox.rdpProxy.certificateFingerprint },
      size,
      {
        onRects: (rects) => rects.forEach((r) => screen.paint(r)),
        onClose: (reason) => (closed = reason),
      },
    );
    try {
      expect(connection.certificateFingerprint).toBe(world.sandbox.rdpProxy.certificateFingerprint.toUpperCase());
      // The whole 800×600 screen arrives; several colours prove pixels, not a blank fill.
      await waitFor(
        async () => screen.painted >= size.width * size.height && screen.colours() > 2,
        'the first screen with xmessage on it',
      );
      // In NSCodec frames that were acknowledged (the server's pace follows the acknowledgements).
      expect(connection.acknowledgedFrames).toBeGreaterThan(0);
      // Colours painted on the target arrive as the target shows them, within NSCodec's loss (its luma drops
      // up to 2 levels, colour loss level 3 up to 3 more per channel), at the right place.
      const painter = await connectXPainter(world.target.display);
      try {
        const swatches = [0xff0000, 0x00ff00, 0x0000ff, 0x3366cc, 0xffcc00, 0x808080, 0xffffff];
        swatches.forEach((colour, i) => painter.fill(colour, 300 + i * 64, 400, 64, 64));
        const at = (i: number) => screen.pixels.subarray(((400 + 32) * size.width + 300 + i * 64 + 32) * 4);
        const close = (shown: Uint8Array, colour: number) =>
          [colour >> 16, (colour >> 8) & 0xff, colour & 0xff].every((c, k) => Math.abs(shown[k]! - c) <= 8);
        await waitFor(async () => swatches.every((colour, i) => close(at(i), colour)), 'the swatches on the screen');
        for (const [i, colour] of swatches.entries()) {
          expect(await painter.pixel(300 + i * 64 + 32, 432)).toBe(colour);
          expect(close(at(i), colour)).toBe(true);
        }
      } finally {
        painter.close();
      }
      await waitForStatus(world.sandbox, session.token, session.id, 'Active');
      const out = path.join('test-results', 'rdp');
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'node-rdpjs-screen.png'), screen.png());

      await call(world.sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
      await waitFor(async () => closed !== null, 'the connection to close');
      expect(closed).toBe('The session was ended.');
    } finally {
      connection.close();
    }
  });
});
