import { describe, expect, it, vi } from 'vitest';
import type { TerminalOutput, TerminalPrompt, TerminalStatus } from '../../../contract';
import type { HostKeyStore } from '../../../main/launch/ssh/hostKeyStore';
import type { openSshTerminal, SshTerminalEvents } from '../../../main/launch/ssh/sshConnection';
import { createSshLaunchService } from '../../../main/launch/ssh/sshLaunchService';
import type { NpsSessionApi } from '../../../main/nps/npsClient';
import { isPamError } from '../../../main/errors/pamError';
import { MemoryLogger } from '../../fakes/memoryLogger';

const SESSION = '11111111-2222-4333-8444-555555555555';

function setup(url: string, window = { highWater: 100_000, lowWater: 10_000 }, now?: () => number) {
  const outputs: TerminalOutput[] = [];
  const statuses: TerminalStatus[] = [];
  const prompts: TerminalPrompt[] = [];
  const flow: string[] = [];
  const audits: Array<{ outcome: string; detail: string }> = [];
  const pins = new Map<string, string>();
  let events: SshTerminalEvents | null = null;
  let connects = 0;
  const hostKeys: HostKeyStore = {
    pinned: (p, h, port) => pins.get(`${p} ${h}:${port}`) ?? null,
    pin: (p, h, port, f) => void pins.set(`${p} ${h}:${port}`, f),
    pinForThisRun: () => undefined,
    forget: () => undefined,
  };
  const connect: typeof openSshTerminal = async (_target, hooks, _size, e) => {
    connects += 1;
    events = e;
    if (hooks.pinnedHostKey === null && !(await hooks.confirmHostKey('SHA256:' + 'k'.repeat(43))))
      throw new Error('declined');
    await hooks.password();
    return {
      hostKeyFingerprint: 'SHA256:' + 'k'.repeat(43),
      write: () => undefined,
      resize: (cols, rows) => flow.push(`resize ${cols}x${rows}`),
      pause: () => flow.push('pause'),
      resume: () => flow.push('resume'),
      close: () => e.onClose('You closed the connection.'),
    };
  };
  const service = createSshLaunchService({
    call: (fn) => fn({ sshUrl: async () => url } as unknown as NpsSessionApi),
    signedIn: () => ({ serverUrl: 'https://127.0.0.1:6500', profileId: 'p1' }),
    rememberedPassword: async () => 'remembered',
    hostKeys,
    emitOutput: (o) => outputs.push(o),
    emitStatus: (s) => statuses.push(s),
    emitPrompt: (p) => prompts.push(p),
    log: new MemoryLogger(),
    audit: (entry) => audits.push(entry),
    connect,
    window,
    now,
  });
  return { audits, service, outputs, statuses, prompts, flow, pins, events: () => events!, connects: () => connects };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('SshLaunchService', () => {
  it('refuses a hostile URL with launch_refused and connects to nothing', async () => {
    const t = setup('ssh://-oProxyCommand%3Dsh@127.0.0.1:4422');
    const error = await t.service.open(SESSION, { cols: 80, rows: 24 }).catch((e: unknown) => e);
    expect(isPamError(error) && error.code).toBe('launch_refused');
    expect((error as Error).message).toMatch(/did not start the SSH connection/);
    await tick();
    expect(t.connects()).toBe(0);
    expect(t.statuses).toEqual([]);
    expect(t.audits).toMatchObject([{ outcome: 'refused', detail: expect.stringMatching(/starts with "-"/) }]);
  });

  it('asks to trust the host key on first use, pins it, then opens', async () => {
    const t = setup('ssh://alice%2Bssh%2Bhost@127.0.0.1:4422');
    const info = await t.service.open(SESSION, { cols: 80, rows: 24 });
    expect(info).toMatchObject({ host: '127.0.0.1', port: 4422, username: 'alice+ssh+host' });
    await tick();
    expect(t.prompts).toMatchObject([{ kind: 'hostKey', fingerprint: 'SHA256:' + 'k'.repeat(43) }]);
    t.service.answer(info.terminalId, t.prompts[0]!.promptId, 'trust');
    await tick();
    expect(t.pins.get('p1 127.0.0.1:4422')).toBe('SHA256:' + 'k'.repeat(43));
    expect(t.statuses.map((s) => s.state)).toEqual(['connecting', 'open']);
    expect(t.audits).toMatchObject([{ outcome: 'ok', detail: expect.stringMatching(/host key SHA256:/) }]);
  });

  it('gives the shell the size the view was fitted to while connecting', async () => {
    const t = setup('ssh://alice@127.0.0.1:4422');
    t.pins.set('p1 127.0.0.1:4422', 'SHA256:' + 'k'.repeat(43));
    const { terminalId } = await t.service.open(SESSION, { cols: 100, rows: 30 });
    t.service.resize(terminalId, { cols: 120, rows: 37 });
    await tick();
    expect(t.statuses.at(-1)?.state).toBe('open');
    expect(t.flow).toEqual(['resize 120x37']);
    t.service.resize(terminalId, { cols: 90, rows: 20 });
    expect(t.flow).toEqual(['resize 120x37', 'resize 90x20']);
  });

  it('pauses the channel when the page falls behind and resumes on its acknowledgements', async () => {
    const t = setup('ssh://alice@127.0.0.1:4422');
    t.pins.set('p1 127.0.0.1:4422', 'SHA256:' + 'k'.repeat(43));
    const { terminalId } = await t.service.open(SESSION, { cols: 80, rows: 24 });
    await tick();
    for (let i = 0; i < 4; i += 1) t.events().onData(Buffer.alloc(40_000, 0x79));
    await tick();
    const sent = t.outputs.reduce((n, o) => n + o.data.length, 0);
    expect(sent).toBe(160_000);
    expect(t.outputs.every((o) => o.data.length <= 256 * 1024)).toBe(true);
    expect(t.flow).toEqual(['pause']);
    t.service.ack(terminalId, 100_000);
    expect(t.flow).toEqual(['pause']);
    t.service.ack(terminalId, 50_000);
    expect(t.flow).toEqual(['pause', 'resume']);
  });

  it('gathers output into full events while the page is behind, and sends at once when it has caught up', async () => {
    // The flood meter's clock runs a second at each look: nothing here is fast enough to count as a flood.
    let clock = 0;
    const t = setup('ssh://alice@127.0.0.1:4422', { highWater: 4_000_000, lowWater: 1_000_000 }, () => (clock += 1000));
    t.pins.set('p1 127.0.0.1:4422', 'SHA256:' + 'k'.repeat(43));
    const { terminalId } = await t.service.open(SESSION, { cols: 80, rows: 24 });
    await tick();
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const sizes = () => t.outputs.map((o) => o.data.length);
    // Caught up: the first bytes go on the next turn, the next ones too (400 000 are not yet over 512 KiB).
    t.events().onData(Buffer.alloc(200_000, 0x61));
    await turn();
    t.events().onData(Buffer.alloc(200_000, 0x61));
    await turn();
    expect(sizes()).toEqual([200_000, 200_000]);
    // The page acknowledged nothing and 600 000 are not yet drawn: what follows waits until it fills an
    // event (256 KiB); the rest stays held.
    t.events().onData(Buffer.alloc(200_000, 0x61));
    await turn();
    for (let i = 0; i < 10; i += 1) {
      t.events().onData(Buffer.alloc(30_000, 0x62));
      await turn();
    }
    expect(sizes()).toEqual([200_000, 200_000, 200_000, 262_144]);
    // The page catches up: the held 37 856 go at once.
    t.service.ack(terminalId, 862_144);
    await turn();
    expect(sizes()).toEqual([200_000, 200_000, 200_000, 262_144, 37_856]);
    // Held bytes go after a short while even without an acknowledgement.
    t.events().onData(Buffer.alloc(600_000, 0x63));
    await turn();
    t.events().onData(Buffer.from('$ '));
    await turn();
    expect(sizes()).toEqual([200_000, 200_000, 200_000, 262_144, 37_856, 262_144, 262_144]);
    await vi.waitFor(() =>
      expect(sizes()).toEqual([200_000, 200_000, 200_000, 262_144, 37_856, 262_144, 262_144, 75_714]),
    );
    expect(Buffer.concat(t.outputs.map((o) => o.data)).toString('latin1')).toBe(
      'a'.repeat(600_000) + 'b'.repeat(300_000) + 'c'.repeat(600_000) + '$ ',
    );
  });

  it('during a flood gathers full events even while the page keeps up, and an echo after it goes at once', async () => {
    let clock = 0;
    const t = setup('ssh://alice@127.0.0.1:4422', { highWater: 4_000_000, lowWater: 1_000_000 }, () => clock);
    t.pins.set('p1 127.0.0.1:4422', 'SHA256:' + 'k'.repeat(43));
    const { terminalId } = await t.service.open(SESSION, { cols: 80, rows: 24 });
    await tick();
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const sizes = () => t.outputs.map((o) => o.data.length);
    const drawn = () =>
      t.service.ack(
        terminalId,
        sizes().reduce((a, b) => a + b, 0),
      );
    // 600 000 bytes within 100 ms, each event drawn at once: a flood all the same.
    for (let i = 0; i < 3; i += 1) {
      t.events().onData(Buffer.alloc(200_000, 0x61));
      await turn();
      drawn();
      clock += 10;
    }
    expect(sizes()).toEqual([200_000, 200_000, 200_000]);
    // The channel's pieces of 32 KiB now wait for a full event.
    for (let i = 0; i < 9; i += 1) {
      t.events().onData(Buffer.alloc(32 * 1024, 0x62));
      await turn();
      clock += 1;
    }
    expect(sizes()).toEqual([200_000, 200_000, 200_000, 262_144]);
    drawn();
    // The flood is over (200 ms later): the held piece has gone after HOLD_MS, and an echo goes at once.
    await vi.waitFor(() => expect(sizes()).toEqual([200_000, 200_000, 200_000, 262_144, 32 * 1024]));
    drawn();
    clock += 250;
    t.events().onData(Buffer.from('x'));
    await turn();
    expect(sizes().at(-1)).toBe(1);
  });

  it('closing tells the page why, once', async () => {
    const t = setup('ssh://alice@127.0.0.1:4422');
    t.pins.set('p1 127.0.0.1:4422', 'SHA256:' + 'k'.repeat(43));
    const { terminalId } = await t.service.open(SESSION, { cols: 80, rows: 24 });
    await tick();
    t.service.close(terminalId);
    t.service.close(terminalId);
    expect(t.statuses.filter((s) => s.state === 'closed')).toMatchObject([{ reason: 'You closed the connection.' }]);
  });
});

describe('SshLaunchService when the tab closes early', () => {
  it('sends no password once the user closed the tab during the handshake', async () => {
    const asked: string[] = [];
    let release: () => void = () => undefined;
    const handshake = new Promise<void>((resolve) => (release = resolve));
    const service = createSshLaunchService({
      call: (fn) => fn({ sshUrl: async () => 'ssh://alice@127.0.0.1:4422' } as unknown as NpsSessionApi),
      signedIn: () => ({ serverUrl: 'https://127.0.0.1:6500', profileId: 'p1' }),
      rememberedPassword: async () => (asked.push('remembered'), 'secret'),
      hostKeys: {
        pinned: () => 'SHA256:' + 'k'.repeat(43),
        pin: () => undefined,
        pinForThisRun: () => undefined,
        forget: () => undefined,
      },
      emitOutput: () => undefined,
      emitStatus: () => undefined,
      emitPrompt: () => undefined,
      log: new MemoryLogger(),
      connect: async (_target, hooks) => {
        await handshake;
        const password = await hooks.password();
        asked.push(`password ${String(password)}`);
        throw new Error('stopped');
      },
    });
    const { terminalId } = await service.open(SESSION, { cols: 80, rows: 24 });
    await tick();
    service.close(terminalId);
    release();
    await tick();
    expect(asked).toEqual(['password null']);
  });
});
