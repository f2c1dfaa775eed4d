import { describe, expect, it } from 'vitest';
import type { TerminalOutput, TerminalStatus } from '../../../contract';
import { createLiveWatchService } from '../../../main/launch/ssh/liveWatchService';
import type { StreamSink } from '../../../main/nps/httpTransport';
import type { NpsSessionApi } from '../../../main/nps/npsClient';
import { MemoryLogger } from '../../fakes/memoryLogger';

const SESSION = '7c1d3e7a-5a8e-4c43-9f65-2b3a1f0d9e11';
const OPEN = '0b6f7a52-1d2e-4c1b-9a55-3f1f5b0b7e01';
const b64 = (text: string) => Buffer.from(text).toString('base64');

function setup(connections: Array<{ id: string; active: boolean }> = [{ id: OPEN, active: true }]) {
  const outputs: TerminalOutput[] = [];
  const statuses: TerminalStatus[] = [];
  const flow: string[] = [];
  let sink: StreamSink | null = null;
  let closed = 0;
  const api = {
    recordings: async () => connections,
    watchLive: async (_id: string, _ps: string, s: StreamSink) => {
      sink = s;
      return { pause: () => flow.push('pause'), resume: () => flow.push('resume'), close: () => (closed += 1) };
    },
  } as unknown as NpsSessionApi;
  const service = createLiveWatchService({
    call: (fn) => fn(api),
    emitOutput: (o) => outputs.push(o),
    emitStatus: (s) => statuses.push(s),
    log: new MemoryLogger(),
  });
  const ready = async () => {
    for (let i = 0; i < 5 && !sink; i++) await new Promise((resolve) => setImmediate(resolve));
    return sink!;
  };
  const text = () => outputs.map((o) => Buffer.from(o.data).toString()).join('');
  return { service, outputs, statuses, flow, ready, text, closedCount: () => closed };
}

describe('watching a connection live', () => {
  it('shows the screen so far, then the output as it comes (lines split anywhere), until the end', async () => {
    const t = setup();
    const info = await t.service.open(SESSION);
    expect(info.proxySessionId).toBe(OPEN);
    const sink = await t.ready();
    const lines =
      `${JSON.stringify({ type: 'start', terminal: { cols: 80, rows: 24 }, screen: b64('$ ') })}\n` +
      `${JSON.stringify({ type: 'output', t: 5, data: b64('echo 42\r\n42\r\n') })}\n` +
      `${JSON.stringify({ type: 'end', reason: 'The connection has closed.' })}\n`;
    for (let i = 0; i < lines.length; i += 7) sink.data(Buffer.from(lines.slice(i, i + 7)));
    expect(t.text()).toBe('$ echo 42\r\n42\r\n');
    expect(t.statuses.map((s) => s.state)).toEqual(['connecting', 'open', 'closed']);
    expect(t.statuses[1]!.size).toEqual({ cols: 80, rows: 24 });
    expect(t.statuses.at(-1)!.reason).toBe('The connection has closed.');
    expect(t.service.owns(info.terminalId)).toBe(false);
  });

  it('says there is nothing to watch when no connection is open', async () => {
    const t = setup([{ id: OPEN, active: false }]);
    await expect(t.service.open(SESSION)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('holds the stream back while the page has not drawn a window of output', async () => {
    const t = setup();
    const info = await t.service.open(SESSION);
    const sink = await t.ready();
    await new Promise((resolve) => setImmediate(resolve));
    const big = b64('y\n'.repeat(1024 * 1024));
    sink.data(Buffer.from(`${JSON.stringify({ type: 'start', screen: big })}\n`));
    sink.data(Buffer.from(`${JSON.stringify({ type: 'output', data: big })}\n`));
    expect(t.flow).toEqual(['pause']);
    t.service.ack(info.terminalId, 4 * 1024 * 1024);
    expect(t.flow).toEqual(['pause', 'resume']);
  });

  it.each([
    ['a line that is not JSON', 'hello\n'],
    ['an unknown message', `${JSON.stringify({ type: 'input', data: b64('rm -rf /') })}\n`],
    ['output that is not base64', `${JSON.stringify({ type: 'output', data: '<script>' })}\n`],
    ['a giant terminal', `${JSON.stringify({ type: 'start', terminal: { cols: 1e9, rows: 1 } })}\n`],
  ])('stops at %s, with a reason, and shows nothing of it', async (_what, hostile) => {
    const t = setup();
    await t.service.open(SESSION);
    const sink = await t.ready();
    await new Promise((resolve) => setImmediate(resolve));
    sink.data(Buffer.from(hostile));
    expect(t.outputs).toEqual([]);
    expect(t.statuses.at(-1)).toMatchObject({
      state: 'closed',
      reason: expect.stringMatching(/not part of a live view/),
    });
    expect(t.closedCount()).toBe(1);
  });

  it('stops at a line longer than the bound instead of buffering it', async () => {
    const t = setup();
    await t.service.open(SESSION);
    const sink = await t.ready();
    await new Promise((resolve) => setImmediate(resolve));
    const piece = Buffer.alloc(8 * 1024 * 1024, 0x41);
    for (let i = 0; i < 7; i++) sink.data(piece);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'closed', reason: expect.stringMatching(/too long/) });
  });
});
