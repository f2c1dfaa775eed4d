/**
 * A session's life seen through the SSH proxy and the built-in target: connections close within a
 * second of an end, an expiry or a lock (a lock shows its message first), the rotated password locks
 * the old one out at the target, and what was typed is recorded — echo-off input masked.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../../sandbox/index';
import { DEMO, call, signIn, startTestSandbox, summary, userId, waitFor, waitForStatus } from '../helpers';
import { compareShape, rootField } from '../referenceModels';
import { Terminal, availableSshSession, goodLogin, loginThroughProxy, waitForFreshCode } from './sshHelpers';

const PROXY_SESSION_MODEL = fileURLToPath(
  new URL('../../../../../shared/reference/nps-api-4.2/Models/sbpam.models.proxysession.md', import.meta.url),
);

interface RecordingBody {
  terminal: { term: string; cols: number; rows: number };
  resizes: Array<{ t: number; cols: number; rows: number }>;
  proxySession: {
    id: string;
    active: boolean;
    sessionMetadata: { records: Array<{ type: string; entries: string[] }> };
  };
  streams: Array<{ type: 'StdIn' | 'StdOut'; chunks: Array<{ t: number; data: string; masked?: boolean }> }>;
}

const text = (body: RecordingBody, type: 'StdIn' | 'StdOut') =>
  body.streams
    .find((s) => s.type === type)!
    .chunks.map((c) => Buffer.from(c.data, 'base64').toString('utf8'))
    .join('');

async function shellFor(sandbox: SandboxHandle, login = 'alice', resource = 'lnx-web-01'): Promise<Terminal> {
  const attempt = await loginThroughProxy(goodLogin(sandbox, login, resource));
  if (!attempt.client) throw new Error(`login failed: ${attempt.error?.message} ${attempt.banners.join('')}`);
  const terminal = await Terminal.open(attempt.client);
  await terminal.waitFor(/\$ |# /, 'a prompt');
  return terminal;
}

/** Milliseconds from `start` until the terminal closed. */
async function closedWithin(terminal: Terminal, start: number): Promise<number> {
  await terminal.waitForClose(5000);
  return Date.now() - start;
}

describe('SSH proxy: session end, expiry and lock', { timeout: 120_000 }, () => {
  let sandbox: SandboxHandle;
  let adam: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false });
    adam = await signIn(sandbox, 'adam');
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('closes the connection within a second when the session is ended', async () => {
    const session = await availableSshSession(sandbox, 'alice');
    const terminal = await shellFor(sandbox);
    const start = Date.now();
    expect(
      (await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token })).status,
    ).toBe(202);
    expect(await closedWithin(terminal, start)).toBeLessThan(1000);
    expect(terminal.output).toContain('The session has ended.');
  });

  it('closes the connection within a second of the session expiring', async () => {
    const token = await signIn(sandbox, 'alice');
    // The login must not wait for an unused code while the 2.5 s run out.
    await waitForFreshCode(sandbox, 'alice');
    const created = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
      token,
      body: {
        managedAccountId: userId(sandbox, 'alice'),
        activityId: DEMO.sshRootActivity,
        managedResourceId: DEMO.lnxBuild,
        endDateTimeUtc: new Date(Date.now() + 2500).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    await waitForStatus(sandbox, token, created.json.id, 'ActiveNoLogon');
    const terminal = await shellFor(sandbox, 'alice', 'lnx-build-01');
    const expired = await waitFor(
      async () => ((await summary(sandbox, token, created.json.id)).status === 'Cancelling' ? Date.now() : undefined),
      'expiry',
    );
    expect(await closedWithin(terminal, expired)).toBeLessThan(1000);
    expect(terminal.output).toContain('The session has ended.');
  });

  it('shows the lock message in the terminal, then closes the connection within a second', async () => {
    const session = await availableSshSession(sandbox, 'bob');
    const terminal = await shellFor(sandbox, 'bob');
    const start = Date.now();
    const lock = await call(sandbox, 'PUT', '/api/v1/ActivitySession/lock', {
      token: adam,
      body: { activitySessionIds: [session.id], locked: true, lockMessage: 'Security review, please stop now' },
    });
    expect(lock.status).toBe(200);
    expect(await closedWithin(terminal, start)).toBeLessThan(1000);
    expect(terminal.output).toContain('locked by an administrator: Security review, please stop now');
  });
});

describe('SSH proxy: the built-in target and rotation', { timeout: 120_000 }, () => {
  it('accepts the login account’s current password at the target, and not the old one after rotation', async () => {
    const sandbox = await startTestSandbox({ seedDemo: false });
    try {
      const session = await availableSshSession(sandbox, 'alice');
      const copied = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/${session.id}/Password`, {
        token: session.token,
      });
      expect(copied.status).toBe(200);
      const target = (await sandbox.sshTarget('lnx-web-01'))!;
      const direct = (password: string) =>
        new Promise<boolean>((resolve) => {
          const client = new ssh2.Client();
          client.on('ready', () => {
            client.end();
            resolve(true);
          });
          client.on('error', () => resolve(false));
          client.connect({ host: target.host, port: target.port, username: 'root', password, readyTimeout: 5000 });
        });
      expect(await direct(copied.json)).toBe(true);
      // Through the proxy too: it logs in with the current password.
      const terminal = await shellFor(sandbox);
      terminal.type('whoami-is $USER\r');
      await call(sandbox, 'DELETE', `/api/v1/ActivitySession/${session.id}`, { token: session.token });
      await waitForStatus(sandbox, session.token, session.id, 'Completed');
      expect(await direct(copied.json)).toBe(false);
      expect(sandbox.checkCredential('lnx-web-01', 'root', copied.json)).toBe(false);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('SSH proxy: recording', { timeout: 120_000 }, () => {
  let sandbox: SandboxHandle;
  let session: { id: string; token: string };
  let recording: RecordingBody;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false });
    session = await availableSshSession(sandbox, 'alice');
    const terminal = await shellFor(sandbox);
    terminal.type('echo visible-$((6*7))\r');
    await terminal.waitFor('visible-42');
    // Two lines pasted at once: the second is echoed only after the first has run.
    terminal.type('echo pasted-$((3*3))\recho pasted-$((4*4))\r');
    await terminal.waitFor('pasted-16');
    // The prompts are built at run time so that the echo of the command line itself does not match them.
    terminal.type('p=Secret; read -s -p "$p: " secret; echo "length ${#secret}"\r');
    await terminal.waitFor(/Secret: $/, 'the read -s prompt');
    terminal.type('hunter2-topsecret\r');
    await terminal.waitFor('length 17');
    terminal.type('stty -echo; printf "%s: " Code; read code; stty echo; echo "code-len ${#code}"\r');
    await terminal.waitFor(/Code: $/, 'the code prompt');
    terminal.type('998877-pin\r');
    await terminal.waitFor('code-len 10');
    terminal.channel.setWindow(40, 120, 0, 0);
    terminal.type('stty size\r');
    await terminal.waitFor('40 120');
    terminal.type('exit\r');
    await terminal.waitForClose();
    terminal.client.end();
    await waitFor(
      async () => (await summary(sandbox, session.token, session.id)).proxySessions.every((p) => !p.active),
      'the connection to be closed',
    );
    const list = await call<Array<{ id: string }>>(sandbox, 'GET', `/sandbox/sessions/${session.id}/recordings`, {
      token: session.token,
    });
    expect(list.status).toBe(200);
    expect(list.json).toHaveLength(1);
    const full = await call<RecordingBody>(
      sandbox,
      'GET',
      `/sandbox/sessions/${session.id}/recordings/${list.json[0]!.id}`,
      {
        token: session.token,
      },
    );
    expect(full.status).toBe(200);
    recording = full.json;
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('records output and input as timed StdOut and StdIn streams', () => {
    expect(text(recording, 'StdOut')).toContain('visible-42');
    expect(text(recording, 'StdIn')).toContain('echo visible-$((6*7))');
    const times = recording.streams.flatMap((s) => s.chunks.map((c) => c.t));
    expect(times.every((t) => Number.isInteger(t) && t >= 0)).toBe(true);
  });

  it('records the terminal size at the start and its changes, which reach the target', () => {
    expect(recording.terminal).toEqual({ term: 'xterm-256color', cols: 100, rows: 30 });
    expect(recording.resizes).toEqual([{ t: expect.any(Number) as number, cols: 120, rows: 40 }]);
    expect(text(recording, 'StdOut')).toContain('40 120');
  });

  it('masks input typed while the terminal does not echo', () => {
    const everything = JSON.stringify(recording);
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain(Buffer.from('hunter2').toString('base64').slice(0, 8));
    expect(text(recording, 'StdIn')).not.toContain('998877');
    const masked = recording.streams.find((s) => s.type === 'StdIn')!.chunks.filter((c) => c.masked);
    expect(masked.length).toBeGreaterThanOrEqual(2);
  });

  it('lists the commands in the session log and the ReplayMetadata records, never the hidden input', async () => {
    const log = await call<{ lines: Array<{ logMessage: string }> }>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${session.id}/Log`,
      {
        token: session.token,
      },
    );
    const messages = log.json.lines.map((l) => l.logMessage);
    expect(messages).toContain('Command: echo visible-$((6*7))');
    expect(messages).toContain('Command: echo pasted-$((3*3))');
    expect(messages).toContain('Command: echo pasted-$((4*4))');
    expect(messages).toContain('Command: p=Secret; read -s -p "$p: " secret; echo "length ${#secret}"');
    expect(messages.join('\n')).not.toContain('hunter2');
    expect(messages.join('\n')).not.toContain('998877');
    const records = recording.proxySession.sessionMetadata.records;
    expect(records.map((r) => r.entries[0])).toContain('echo visible-$((6*7))');
    expect(records.every((r) => r.type === 'StdIn')).toBe(true);
    const s = await summary(sandbox, session.token, session.id);
    expect(s.status).toBe('Active');
  });

  it('serves recordings to the owner, administrators and helpdesk only', async () => {
    const path = `/sandbox/sessions/${session.id}/recordings/${recording.proxySession.id}`;
    for (const login of ['adam', 'helen']) {
      expect((await call(sandbox, 'GET', path, { token: await signIn(sandbox, login) })).status).toBe(200);
    }
    expect((await call(sandbox, 'GET', path, { token: await signIn(sandbox, 'bob') })).status).toBe(404);
    expect((await call(sandbox, 'GET', path)).status).toBe(401);
  });

  it('describes the connection in the published ProxySession shape, with ReplayMetadata', () => {
    const example = JSON.parse(
      /```json\s*\n([\s\S]*?)\n\s*```/.exec(readFileSync(PROXY_SESSION_MODEL, 'utf8'))![1]!,
    ) as unknown;
    const counter = { checked: 0 };
    expect(compareShape(recording.proxySession, example, rootField(PROXY_SESSION_MODEL), '$', counter)).toEqual([]);
    expect(counter.checked).toBeGreaterThan(20);
  });

  it('lists the connection in the session summary as a recorded ProxySession', async () => {
    const s = await summary(sandbox, session.token, session.id);
    expect(s.proxySessions).toEqual([
      expect.objectContaining({ id: recording.proxySession.id, record: true, active: false, type: 'ssh' }),
    ]);
  });
});
