/**
 * The built-in target under a flood from a client that reads slower than the program writes: the target
 * stops reading the terminal (the program waits) instead of buffering the output in the sandbox, and once
 * the client reads again every byte arrives. Its shells run at a lower priority than the process serving them. Real parts: ssh2's client, the target's ssh2 server, bash and
 * base64 in a node-pty terminal.
 */
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../../../sandbox/directory/types';
import { BuiltInTargets, SHELL_NICE } from '../../../../sandbox/ssh/builtInTarget';
import { loadOrCreateHostKey } from '../../../../sandbox/ssh/hostKey';
import { waitFor } from '../helpers';

/** base64 of this many bytes: lines of 76 characters, each ending in CR LF through the terminal (27 MB). */
const INPUT_BYTES = 20_000_000;
const BASE64_CHARS = 4 * Math.ceil(INPUT_BYTES / 3);
const EXPECTED_BYTES = BASE64_CHARS + 2 * Math.ceil(BASE64_CHARS / 76);

let targets: BuiltInTargets;
let client: Client;

beforeAll(async () => {
  targets = new BuiltInTargets({
    hostKey: await loadOrCreateHostKey(null, 'unused'),
    checkPassword: (_resource, account, password) => account === 'flooder' && password === 'right',
    log: () => undefined,
  });
  const port = await targets.portOf({ id: 'flood-target', name: 'Flood target' } as Resource);
  client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: 'flooder', password: 'right', readyTimeout: 20_000 });
  });
});

afterAll(async () => {
  client?.end();
  await targets?.stop();
});

describe('the built-in target under a flood', { timeout: 120_000 }, () => {
  it('runs its shells at a lower priority than the sandbox (nice 10), so a flood leaves the CPU to the app', async () => {
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.exec('nice', (error, channel) => (error ? reject(error) : resolve(channel))),
    );
    let output = '';
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => stream.on('close', resolve));
    expect(output.trim()).toBe(String(SHELL_NICE));
    expect(SHELL_NICE).toBeGreaterThan(0);
  });

  it('pauses the terminal while the client does not read, buffers at most a window, then delivers every byte', async () => {
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.exec(
        `head -c ${INPUT_BYTES} /dev/zero | base64; echo FLOOD-END`,
        { pty: { term: 'xterm', cols: 80, rows: 24 } },
        (error, channel) => (error ? reject(error) : resolve(channel)),
      ),
    );
    // The client reads nothing for now: its window runs out and the target's channel fills up.
    stream.pause();
    const paused = await waitFor(
      async () => {
        const backlog = targets.outputBacklog();
        return backlog.pausedTerminals === 1 ? backlog : null;
      },
      'the target to pause the terminal',
      60_000,
    );
    // ssh2's channel buffer is one window (2 MiB); a terminal read or two may come on top. While the client
    // still reads nothing, that stays so: the program waits (without the pause, the flood's 27 MB would
    // pile up here within this second).
    const LIMIT = 3 * 1024 * 1024;
    expect(paused.bufferedBytes).toBeLessThan(LIMIT);
    let most = paused.bufferedBytes;
    for (const stop = Date.now() + 1000; Date.now() < stop;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      most = Math.max(most, targets.outputBacklog().bufferedBytes);
    }
    expect(most).toBeLessThan(LIMIT);

    let received = 0;
    let tail = '';
    const ended = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      tail = (tail + chunk.toString('latin1')).slice(-64);
    });
    stream.resume();
    await ended;
    expect(tail).toMatch(/FLOOD-END\r\n$/);
    expect(received).toBe(EXPECTED_BYTES + 'FLOOD-END\r\n'.length);
    expect(targets.outputBacklog()).toEqual({ pausedTerminals: 0, bufferedBytes: 0 });
  });
});
