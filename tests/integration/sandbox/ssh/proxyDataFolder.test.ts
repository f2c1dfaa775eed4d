/** The SSH proxy with a data folder: its host key and the recordings outlive a restart. */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, startTestSandbox, summary, waitFor } from '../helpers';
import { Terminal, availableSshSession, goodLogin, loginThroughProxy } from './sshHelpers';

describe('SSH proxy with a data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pam-sandbox-ssh-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps its host key and the recordings across restarts', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await startTestSandbox({ dataDir, seedDemo: false, persistDebounceMs: 20 });
    let sessionId: string;
    let fingerprint: string;
    try {
      fingerprint = first.sshProxy.hostKeyFingerprint;
      const session = await availableSshSession(first, 'alice');
      sessionId = session.id;
      const attempt = await loginThroughProxy(goodLogin(first));
      const terminal = await Terminal.open(attempt.client!);
      terminal.type('echo persisted-$((40+2))\r');
      await terminal.waitFor('persisted-42');
      attempt.client!.end();
      await waitFor(
        async () => (await summary(first, session.token, session.id)).proxySessions.every((p) => !p.active),
        'the connection to close',
      );
    } finally {
      await first.stop();
    }
    const files = await readdir(path.join(dataDir, 'recordings'));
    expect(files).toHaveLength(1);
    expect((await stat(path.join(dataDir, 'recordings', files[0]!))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dataDir, 'ssh-proxy-host-key'))).mode & 0o777).toBe(0o600);

    const second = await startTestSandbox({ dataDir });
    try {
      expect(second.sshProxy.hostKeyFingerprint).toBe(fingerprint);
      const token = await signIn(second, 'alice');
      const listed = await call<Array<{ id: string }>>(second, 'GET', `/sandbox/sessions/${sessionId}/recordings`, {
        token,
      });
      expect(listed.json).toHaveLength(1);
      const full = await call<{ streams: Array<{ type: string; chunks: Array<{ data: string }> }> }>(
        second,
        'GET',
        `/sandbox/sessions/${sessionId}/recordings/${listed.json[0]!.id}`,
        { token },
      );
      expect(full.status).toBe(200);
      const output = full.json.streams
        .find((s) => s.type === 'StdOut')!
        .chunks.map((c) => Buffer.from(c.data, 'base64').toString())
        .join('');
      expect(output).toContain('persisted-42');
    } finally {
      await second.stop();
    }
  });
});
