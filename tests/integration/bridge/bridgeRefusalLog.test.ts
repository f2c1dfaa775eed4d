/**
 * An unauthenticated peer cannot flood our log: refused socket upgrades are logged one by one only up
 * to a limit per time window, then counted and summed up in one line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridgeApp, type BridgeApp, type BridgeCore } from '../../../main/bridge/bridgeApp';
import { BRIDGE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../../preload/bridgeProtocol';
import { MemoryLogger } from '../../fakes/memoryLogger';
import { waitFor } from '../sandbox/helpers';
import { createFakeCore, writeTinyRenderer } from './fakeCore';

const REFUSED_LINE = '[bridge] refused a socket:';
const SUMMARY = /\[bridge\] \.\.\. and (\d+) more refused sockets/;

/** Resolves with the status the upgrade was refused with. */
function refusedUpgrade(app: BridgeApp<BridgeCore>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(app.socketUrl, [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}not-the-token`], {
      origin: app.origin,
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

const detailLines = (log: MemoryLogger) => log.lines.filter((line) => line.includes(REFUSED_LINE));
const summedUp = (log: MemoryLogger) => log.lines.reduce((sum, line) => sum + Number(SUMMARY.exec(line)?.[1] ?? 0), 0);

describe('bridge log of refused sockets', () => {
  let root: string | null = null;
  let app: BridgeApp<BridgeCore> | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
    if (root) await rm(root, { recursive: true, force: true });
    root = null;
  });

  async function start(log: MemoryLogger, refusalLog: { maxLines: number; windowMs: number }) {
    root = await mkdtemp(path.join(tmpdir(), 'pam-bridge-log-'));
    const rendererDir = await writeTinyRenderer(root);
    app = await startBridgeApp({
      dataDir: path.join(root, 'data'),
      rendererDir,
      core: createFakeCore({}, log),
      log,
      refusalLog,
    });
    return app;
  }

  it('logs at most the limit of a window one by one, then one line with how many more were refused', async () => {
    const log = new MemoryLogger();
    const bridge = await start(log, { maxLines: 5, windowMs: 10 * 60_000 });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => refusedUpgrade(bridge)));
    expect(statuses.every((status) => status === 401)).toBe(true);

    expect(detailLines(log)).toHaveLength(5);
    // The window has not closed yet; stopping the bridge writes what is pending.
    await bridge.stop();
    expect(log.lines.filter((line) => SUMMARY.test(line))).toHaveLength(1);
    expect(summedUp(log)).toBe(195);
  });

  it('sums up when the window closes, and logs one by one again in the next window', async () => {
    const log = new MemoryLogger();
    const bridge = await start(log, { maxLines: 2, windowMs: 300 });
    await Promise.all(Array.from({ length: 30 }, () => refusedUpgrade(bridge)));
    // Every refusal is either logged or counted in a summary that comes by itself when its window ends.
    await waitFor(async () => detailLines(log).length + summedUp(log) === 30, 'every refusal to be accounted for');
    expect(summedUp(log)).toBeGreaterThan(0);

    // The summary came at the end of the window: the next refusal opens a new one and is logged again.
    const before = detailLines(log).length;
    await refusedUpgrade(bridge);
    await waitFor(async () => detailLines(log).length === before + 1, 'the next refusal to be logged');
  });
});
