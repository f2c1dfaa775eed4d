import { describe, expect, it } from 'vitest';
import type { RdpFrame, RdpPrompt, RdpStatus } from '../../../../contract';
import type { RgbaRect } from '../../../../main/launch/rdp/bitmapDecoder';
import type { RdpCertificateStore } from '../../../../main/launch/rdp/certificateStore';
import {
  RdpLaunchError,
  type openRdpConnection,
  type RdpConnectionEvents,
} from '../../../../main/launch/rdp/rdpConnection';
import { createRdpLaunchService } from '../../../../main/launch/rdp/rdpLaunchService';
import type { NpsSessionApi } from '../../../../main/nps/npsClient';
import { isPamError } from '../../../../main/errors/pamError';
import { MemoryLogger } from '../../../fakes/memoryLogger';
import { waitFor } from '../../../integration/sandbox/helpers';

const SESSION = '11111111-2222-4333-8444-555555555555';
const NAME = 'alice+Desktop (RDP)+win-01';
const GOOD = `full address:s:127.0.0.1:4489\r\nusername:s:${NAME}\r\nloadbalanceinfo:s:${NAME}\r\n`;
const FP = Array(32).fill('AB').join(':');
const OTHER = Array(32).fill('CD').join(':');

/** A rectangle of varied pixels (a one-colour one travels as its colour). */
function rect(width: number, height: number, x = 0, y = 0, seed = 0): RgbaRect {
  return {
    x,
    y,
    width,
    height,
    rgba: Buffer.from(Array.from({ length: width * height * 4 }, (_, i) => (i + seed) & 0xff)),
  };
}

function setup(options: { file?: string; remembered?: string | null; gatewayShows?: string } = {}) {
  const frames: RdpFrame[] = [];
  const statuses: RdpStatus[] = [];
  const prompts: RdpPrompt[] = [];
  const flow: string[] = [];
  const audits: Array<{ outcome: string; detail: string }> = [];
  const pins = new Map<string, string>();
  const used: Array<{ password: string; pinnedFingerprint: string }> = [];
  let events: RdpConnectionEvents | null = null;
  const certificates: RdpCertificateStore = {
    pinned: (p, h, port) => pins.get(`${p} ${h}:${port}`) ?? null,
    pin: (p, h, port, f) => void pins.set(`${p} ${h}:${port}`, f),
    pinForThisRun: () => undefined,
    forget: () => undefined,
  };
  const shows = options.gatewayShows ?? FP;
  const connect: typeof openRdpConnection = async (_endpoint, login, _size, e) => {
    used.push(login);
    if (login.pinnedFingerprint !== shows) throw new RdpLaunchError('certificate_changed', 'certificate changed');
    events = e;
    return {
      certificateFingerprint: shows,
      desktop: { width: 1024, height: 768 },
      acknowledgedFrames: 0,
      pointer: () => undefined,
      wheel: () => undefined,
      key: () => undefined,
      pause: () => flow.push('pause'),
      resume: () => flow.push('resume'),
      close: () => e.onClose('You closed the connection.'),
    };
  };
  const service = createRdpLaunchService({
    call: (fn) => fn({ rdpFile: async () => options.file ?? GOOD } as unknown as NpsSessionApi),
    signedIn: () => ({ serverUrl: 'https://127.0.0.1:6500', profileId: 'p1' }),
    rememberedPassword: async () => (options.remembered === undefined ? 'remembered' : options.remembered),
    certificates,
    emitFrame: (f) => frames.push(f),
    emitStatus: (s) => statuses.push(s),
    emitPrompt: (p) => prompts.push(p),
    log: new MemoryLogger(),
    audit: (entry) => audits.push(entry),
    connect,
    probe: async () => shows,
    window: { highWater: 100_000, lowWater: 10_000 },
  });
  return { service, frames, statuses, prompts, flow, pins, used, audits, events: () => events! };
}

const opened = (statuses: RdpStatus[]) => async () => statuses.some((s) => s.state === 'open') || undefined;
const closed = (statuses: RdpStatus[]) => async () => statuses.find((s) => s.state === 'closed');

describe('RdpLaunchService', () => {
  it('refuses a hostile .rdp file with launch_refused and connects nothing', async () => {
    const t = setup({ file: `${GOOD}alternate shell:s:cmd.exe\r\n` });
    const error = await t.service.open(SESSION, { width: 800, height: 600 }).catch((e: unknown) => e);
    expect(isPamError(error) && error.code).toBe('launch_refused');
    expect(String((error as Error).message)).toMatch(/alternate shell/);
    expect(t.used).toEqual([]);
    expect(t.audits).toMatchObject([{ outcome: 'refused' }]);
  });

  it('on first use shows the certificate, pins it once trusted, and then connects against the pin', async () => {
    const t = setup();
    const info = await t.service.open(SESSION, { width: 800, height: 600 });
    expect(info).toMatchObject({ host: '127.0.0.1', port: 4489, username: NAME });
    const prompt = await waitFor(async () => t.prompts[0], 'the certificate question');
    expect(prompt).toMatchObject({ kind: 'certificate', fingerprint: FP });
    expect(t.used).toEqual([]);
    t.service.answer(info.viewerId, prompt.promptId, 'trust');
    await waitFor(opened(t.statuses), 'open');
    expect(t.pins.get('p1 127.0.0.1:4489')).toBe(FP);
    expect(t.used).toEqual([{ password: 'remembered', pinnedFingerprint: FP }]);
  });

  it('closes without sending the password when the user does not trust the certificate', async () => {
    const t = setup();
    const info = await t.service.open(SESSION, { width: 800, height: 600 });
    const prompt = await waitFor(async () => t.prompts[0], 'the certificate question');
    t.service.answer(info.viewerId, prompt.promptId, null);
    expect((await waitFor(closed(t.statuses), 'closed')).reason).toMatch(/did not trust/);
    expect(t.used).toEqual([]);
    expect(t.pins.size).toBe(0);
  });

  it('refuses a changed certificate (the pin is kept) and audits the refusal', async () => {
    const t = setup({ gatewayShows: OTHER });
    t.pins.set('p1 127.0.0.1:4489', FP);
    await t.service.open(SESSION, { width: 800, height: 600 });
    expect((await waitFor(closed(t.statuses), 'closed')).reason).toMatch(/certificate changed/);
    expect(t.prompts).toEqual([]);
    expect(t.pins.get('p1 127.0.0.1:4489')).toBe(FP);
    expect(t.audits).toMatchObject([{ outcome: 'refused' }]);
  });

  it('asks for the password when none is remembered, and cancelling closes', async () => {
    const t = setup({ remembered: null });
    t.pins.set('p1 127.0.0.1:4489', FP);
    const info = await t.service.open(SESSION, { width: 800, height: 600 });
    const prompt = await waitFor(async () => t.prompts[0], 'the password question');
    expect(prompt.kind).toBe('password');
    t.service.answer(info.viewerId, prompt.promptId, null);
    await waitFor(closed(t.statuses), 'closed');
    expect(t.used).toEqual([]);
  });

  it('batches a frame’s updates into events of at most 1 MiB, and holds the gateway back until acknowledged', async () => {
    const t = setup();
    t.pins.set('p1 127.0.0.1:4489', FP);
    const info = await t.service.open(SESSION, { width: 800, height: 600 });
    await waitFor(opened(t.statuses), 'open');
    // One frame: 120 tiles, then one full-screen bitmap (1.9 MB) that changes every pixel under them.
    t.events().onRects(Array.from({ length: 120 }, (_, i) => rect(64, 64, (i % 12) * 64, Math.floor(i / 12) * 64)));
    t.events().onRects([rect(800, 600, 0, 0, 1)]);
    await waitFor(async () => t.frames.length >= 3 || undefined, 'the frame events');
    const sizes = t.frames.map((f) => f.rects.reduce((n, r) => n + r.rgba.length, 0));
    expect(sizes.every((n) => n <= 1024 * 1024)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(120 * 64 * 64 * 4 + 800 * 600 * 4);
    expect(t.flow).toEqual(['pause']);
    t.service.ack(
      info.viewerId,
      sizes.reduce((a, b) => a + b, 0),
    );
    expect(t.flow).toEqual(['pause', 'resume']);
    // The same screen again changes nothing on the page, so nothing is sent; one changed tile is sent alone.
    const sent = t.frames.length;
    t.events().onRects([rect(800, 600, 0, 0, 1)]);
    const changed = rect(800, 600, 0, 0, 1);
    changed.rgba[(300 * 800 + 500) * 4] = 0xff - changed.rgba[(300 * 800 + 500) * 4]!;
    t.events().onRects([changed]);
    await waitFor(async () => t.frames.length > sent || undefined, 'the changed tile');
    expect(t.frames.slice(sent).flatMap((f) => f.rects.map((r) => [r.x, r.y, r.width, r.height]))).toEqual([
      [448, 256, 64, 64],
    ]);
  });

  it('sends a run of one-colour tiles in a row as one fill', async () => {
    const t = setup({});
    t.pins.set('p1 127.0.0.1:4489', FP);
    await t.service.open(SESSION, { width: 800, height: 600 });
    await waitFor(opened(t.statuses), 'open');
    const grey = { x: 0, y: 0, width: 800, height: 100, rgba: Buffer.alloc(800 * 100 * 4, 0x80) };
    t.events().onRects([grey]);
    await waitFor(async () => t.frames[0], 'the frame');
    expect(t.frames[0]!.rects.map((r) => [r.x, r.y, r.width, r.height, r.fill])).toEqual([
      [0, 0, 800, 64, 0x808080],
      [0, 64, 800, 36, 0x808080],
    ]);
  });

  it('sends a one-colour rectangle as its colour, counted as 16 bytes', async () => {
    const t = setup({});
    t.pins.set('p1 127.0.0.1:4489', FP);
    await t.service.open(SESSION, { width: 800, height: 600 });
    await waitFor(opened(t.statuses), 'open');
    const blue = { x: 64, y: 0, width: 64, height: 64, rgba: Buffer.alloc(64 * 64 * 4) };
    for (let i = 0; i < blue.rgba.length; i += 4) blue.rgba.set([0x12, 0x34, 0xff, 0xff], i);
    t.events().onRects([blue, rect(2, 2)]);
    await waitFor(async () => t.frames[0], 'the frame');
    expect(t.frames[0]!.rects[0]).toEqual({
      x: 64,
      y: 0,
      width: 64,
      height: 64,
      rgba: new Uint8Array(0),
      fill: 0x1234ff,
    });
    expect(t.frames[0]!.rects[1]!.rgba.length).toBe(16);
  });

  it('closing the viewer closes the connection with the reason; closeAll ends every viewer', async () => {
    const t = setup();
    t.pins.set('p1 127.0.0.1:4489', FP);
    const first = await t.service.open(SESSION, { width: 800, height: 600 });
    await waitFor(opened(t.statuses), 'open');
    t.service.close(first.viewerId);
    expect(t.statuses.at(-1)).toMatchObject({
      viewerId: first.viewerId,
      state: 'closed',
      reason: 'You closed the connection.',
    });
    const second = await t.service.open(SESSION, { width: 800, height: 600 });
    t.service.closeAll('You signed out.');
    expect(t.statuses.filter((s) => s.viewerId === second.viewerId).at(-1)).toMatchObject({
      state: 'closed',
      reason: 'You signed out.',
    });
  });
});
