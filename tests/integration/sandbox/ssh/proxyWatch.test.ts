/** An administrator watches a live SSH connection read-only, from the screen so far to its end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../../sandbox/index';
import { call, signIn, startTestSandbox, summary, waitFor } from '../helpers';
import { Terminal, availableSshSession, goodLogin, loginThroughProxy } from './sshHelpers';

interface WatchLine {
  type: 'start' | 'output' | 'end';
  screen?: string;
  data?: string;
  reason?: string;
}

/** Reads the NDJSON watch stream into `lines` as it arrives. */
async function watch(sandbox: SandboxHandle, token: string, path: string, lines: WatchLine[]): Promise<number> {
  const response = await fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || !response.body) return response.status;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buffered.slice(0, newline)) as WatchLine);
        buffered = buffered.slice(newline + 1);
      }
    }
  })();
  return 200;
}

const shown = (lines: WatchLine[]) =>
  lines.map((l) => Buffer.from(l.screen ?? l.data ?? '', 'base64').toString('utf8')).join('');

describe('SSH proxy: watching a live connection', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('streams the screen so far and then the output to an administrator until the connection closes', async () => {
    const session = await availableSshSession(sandbox, 'alice');
    const attempt = await loginThroughProxy(goodLogin(sandbox));
    const terminal = await Terminal.open(attempt.client!);
    terminal.type('echo before-$((1+1))\r');
    await terminal.waitFor('before-2');
    const connection = (await summary(sandbox, session.token, session.id)).proxySessions[0]!;
    const path = `/sandbox/sessions/${session.id}/recordings/${connection.id}/live`;

    expect(await watch(sandbox, session.token, path, [])).toBe(403);
    expect(await watch(sandbox, await signIn(sandbox, 'bob'), path, [])).toBe(404);

    const lines: WatchLine[] = [];
    const adam = await signIn(sandbox, 'adam');
    expect(await watch(sandbox, adam, path, lines)).toBe(200);
    await waitFor(async () => lines.length > 0, 'the start line');
    expect(lines[0]!.type).toBe('start');
    expect(shown(lines)).toContain('before-2');

    terminal.type('echo during-$((2*3))\r');
    await waitFor(async () => shown(lines).includes('during-6'), 'the watcher to see new output');

    attempt.client!.end();
    await waitFor(async () => lines.at(-1)?.type === 'end', 'the end line');
    expect(lines.at(-1)!.reason).toBe('The connection has closed.');

    const log = await call<{ lines: Array<{ logMessage: string }> }>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${session.id}/Log`,
      { token: session.token },
    );
    expect(log.json.lines.map((l) => l.logMessage)).toContain(`Adam Admin is watching SSH connection ${connection.id}`);
    expect(await watch(sandbox, adam, path, [])).toBe(409);
  });
});
