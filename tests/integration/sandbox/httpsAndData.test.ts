/** HTTPS with a pinned self-signed certificate, and the data folder that survives restarts. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxHandle, startSandbox } from '../../../sandbox/index';
import { DEMO, FAST, createSession, signIn, summary, userId, waitForStatus } from './helpers';

function servedFingerprint(url: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** A JSON request trusting only the sandbox's own certificate. */
function pinnedRequest(
  handle: SandboxHandle,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${handle.url}${route}`,
      {
        method,
        ca: handle.caPem!,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined }),
        );
      },
    );
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('sandbox over HTTPS with a data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pam-sandbox-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves the certificate it reports, verifiable by pinning, and keeps it and its data across restarts', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await startSandbox({ dataDir, timings: FAST, log: () => undefined });
    let sessionId: string;
    try {
      expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(await servedFingerprint(first.url)).toBe(first.fingerprint);

      // Trusting exactly this certificate verifies the chain and the 127.0.0.1 name.
      const alice = first.users.find((u) => u.login === 'alice')!;
      const pre = await pinnedRequest(first, 'POST', '/signinBody', { Login: 'alice', Password: alice.password });
      expect(pre.status).toBe(200);
      await expect(fetch(`${first.url}/sandbox/health`)).rejects.toThrow(); // not trusted without the pin

      const token = await pinnedRequest(first, 'POST', '/signin2fa', first.totp('alice'), pre.json as string);
      expect(token.status).toBe(200);
      const created = await pinnedRequest(
        first,
        'POST',
        '/api/v1/ActivitySession',
        { managedAccountId: alice.id, activityId: DEMO.sshRootActivity, managedResourceId: DEMO.lnxWeb },
        token.json as string,
      );
      expect(created.status).toBe(201);
      sessionId = (created.json as { id: string }).id;
    } finally {
      await first.stop();
    }

    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dataDir, 'sandbox.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dataDir, 'tls-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(dataDir, 'sandbox.json'), 'utf8')).not.toMatch(/\n/); // compact

    const second = await startSandbox({ dataDir, http: true, timings: FAST, log: () => undefined });
    try {
      expect(second.users).toEqual(first.users);
      const token = await signIn(second, 'alice');
      // The session provisioned on its timer after the restart, and its log came along.
      await waitForStatus(second, token, sessionId, 'ActiveNoLogon');
      expect((await summary(second, token, sessionId)).userId).toBe(userId(second, 'alice'));
    } finally {
      await second.stop();
    }
    const third = await startSandbox({ dataDir, timings: FAST, log: () => undefined });
    try {
      expect(third.fingerprint).toBe(first.fingerprint);
    } finally {
      await third.stop();
    }
  });

  it('rejects when the port is taken, and the port stays usable by its owner', async () => {
    const first = await startSandbox({ http: true, log: () => undefined });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startSandbox({ http: true, port, log: () => undefined })).rejects.toThrow(/EADDRINUSE/);
      expect((await fetch(`${first.url}/sandbox/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  });

  it('lets one server at a time use a data folder, and frees it when a start fails', async () => {
    const dataDir = path.join(dir, 'locked');
    const owner = await startSandbox({ dataDir, http: true, log: () => undefined });
    try {
      await expect(startSandbox({ dataDir, http: true, log: () => undefined })).rejects.toThrow(/already open/);
      const port = Number(new URL(owner.url).port);
      const other = path.join(dir, 'other');
      await expect(startSandbox({ dataDir: other, http: true, port, log: () => undefined })).rejects.toThrow(
        /EADDRINUSE/,
      );
      const retry = await startSandbox({ dataDir: other, http: true, log: () => undefined }); // the failed start released it
      await retry.stop();
    } finally {
      await owner.stop();
    }
    const next = await startSandbox({ dataDir, http: true, log: () => undefined });
    await next.stop();
  });

  it('refuses to start on a damaged data file and leaves the file as it was', async () => {
    const dataDir = path.join(dir, 'damaged');
    const handle = await startSandbox({ dataDir, http: true, timings: FAST, log: () => undefined });
    const token = await signIn(handle, 'bob');
    await createSession(handle, token, {
      managedAccountId: userId(handle, 'bob'),
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxBuild,
    });
    await handle.stop();
    const file = path.join(dataDir, 'sandbox.json');
    const damaged = (await readFile(file, 'utf8')).slice(0, 500);
    await writeFile(file, damaged);
    await expect(startSandbox({ dataDir, http: true, log: () => undefined })).rejects.toThrow(/not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe(damaged);
    await writeFile(file, JSON.stringify({ format: 1, directory: { users: [] }, sessions: [] }));
    await expect(startSandbox({ dataDir, http: true, log: () => undefined })).rejects.toThrow(/not a sandbox database/);
  });
});
