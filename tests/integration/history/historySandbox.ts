/**
 * The sandbox side of the history tests: an HTTPS sandbox seeded with history, a signed-in NPS client
 * (pinned to the sandbox's certificate), and sessions that end now (the "changes" an incremental sync sees).
 */
import https from 'node:https';
import { createNpsClient, type NpsClient } from '../../../main/nps/npsClient';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';

export const FAST = { provisioningMs: 100, cancellingMs: 100, approvalTimeoutMs: 60_000, minuteMs: 1000 };
export const LNX_WEB = '4e500000-0000-4000-8000-000000000004';
export const SSH_ROOT = 'ac710000-0000-4000-8000-000000000002';

export function startHistorySandbox(seedHistorical: number): Promise<SandboxHandle> {
  return startSandbox({ port: 0, dataDir: null, seedHistorical, timings: FAST, log: () => undefined });
}

export function clientFor(sandbox: SandboxHandle, baseUrl = sandbox.url): NpsClient {
  return createNpsClient({ baseUrl, pin: sandbox.fingerprint, retries: 0 });
}

/** Every MFA code sent by `signIn`, for the canary scan. */
export const usedCodes: string[] = [];

/** Signs `login` in; a code is good once per user, so a rejected code is followed by the next one. */
export async function signIn(sandbox: SandboxHandle, client: NpsClient, login: string): Promise<string> {
  const user = sandbox.users.find((u) => u.login === login)!;
  const preMfa = await client.signInWithPassword(login, user.password);
  const code = sandbox.totp(login);
  usedCodes.push(code);
  try {
    return await client.signInWithMfa(preMfa, code);
  } catch {
    const deadline = Date.now() + 35_000;
    while (sandbox.totp(login) === code && Date.now() < deadline) await sleep(200);
    usedCodes.push(sandbox.totp(login));
    return client.signInWithMfa(await client.signInWithPassword(login, user.password), usedCodes.at(-1)!);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One HTTPS call trusting only the sandbox's own certificate. */
export function httpsCall(
  sandbox: SandboxHandle,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, sandbox.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method,
        ca: sandbox.caPem ?? undefined,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Starts a session for `login` and ends it, resolving with its id once it is historical (Completed).
 * `onAvailable` runs while it is available (e.g. to reveal its password).
 */
export async function endedSession(
  sandbox: SandboxHandle,
  token: string,
  login: string,
  onAvailable: (id: string) => Promise<void> = async () => undefined,
): Promise<string> {
  const userId = sandbox.users.find((u) => u.login === login)!.id;
  const created = await httpsCall(sandbox, 'POST', '/api/v1/ActivitySession', token, {
    managedAccountId: userId,
    activityId: SSH_ROOT,
    managedResourceId: LNX_WEB,
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
  const id = (created.json as { id: string }).id;
  const status = async () =>
    ((await httpsCall(sandbox, 'GET', `/api/v1/ActivitySession/SummaryById/${id}`, token)).json as { status: string })
      .status;
  for (let i = 0; i < 100 && (await status()) === 'Pending'; i++) await sleep(50);
  await onAvailable(id);
  const ended = await httpsCall(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, token);
  if (ended.status >= 300) throw new Error(`end: ${ended.status}`);
  for (let i = 0; i < 100; i++) {
    if ((await status()) === 'Completed') return id;
    await sleep(50);
  }
  throw new Error(`session ${id} did not complete`);
}
