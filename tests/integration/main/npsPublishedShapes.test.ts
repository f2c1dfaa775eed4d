/**
 * The real NPS client against the sandbox in published-shapes mode over real HTTPS: int enums, nulls,
 * offset-less dates with 7 fractional digits, pages capped below `take` (with and without totals), and a
 * sign-in cookie that `/signin2fa` requires. Runs west of UTC, where reading those dates as local time
 * turns a Provisioning session into a Scheduled one.
 */
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport, type HttpTransport } from '../../../main/nps/httpTransport';
import { npsClientOver, type NpsClient } from '../../../main/nps/npsClient';
import { createSessionService } from '../../../main/sessions/sessionService';
import { toSessionRow } from '../../../main/sessions/sessionRow';
import { MFA_COOKIE, startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';

const savedTz = process.env.TZ;
const quiet = () => undefined;
// Provisioning lasts long enough for the test to see it; everything else as the demo data has it.
const TIMINGS = { provisioningMs: 10 * 60_000, recentEndedMs: 60 * 60_000 };
const OFFSETLESS_7 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let published: SandboxHandle;
let noTotals: SandboxHandle;
// One sign-in per sandbox for the data tests: a TOTP code is good once (as on a real server).
let alice: { client: NpsClient; token: string };
let aliceNoTotals: { client: NpsClient; token: string };

beforeAll(async () => {
  process.env.TZ = 'America/Los_Angeles';
  const common = { port: 0, dataDir: null, timings: TIMINGS, log: quiet, throttle: { maxFailures: 50 } } as const;
  [published, noTotals] = await Promise.all([
    startSandbox({ ...common, shapes: 'published', published: { pageCap: 3 } }),
    startSandbox({ ...common, shapes: 'published', published: { pageCap: 2, recordsTotal: false } }),
  ]);
  [alice, aliceNoTotals] = await Promise.all([signIn(published, 'alice'), signIn(noTotals, 'alice')]);
});
afterAll(async () => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
  alice?.client.close();
  aliceNoTotals?.client.close();
  await Promise.all([published?.stop(), noTotals?.stop()]);
});

function clientOf(sandbox: SandboxHandle): { client: NpsClient; transport: HttpTransport } {
  const transport = createHttpTransport({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 0 });
  return { client: npsClientOver(transport, sandbox.url), transport };
}

async function signIn(sandbox: SandboxHandle, login: string): Promise<{ client: NpsClient; token: string }> {
  const { client } = clientOf(sandbox);
  const user = sandbox.users.find((u) => u.login === login)!;
  const preMfa = await client.signInWithPassword(login, user.password);
  return { client, token: await client.signInWithMfa(preMfa, sandbox.totp(login)) };
}

/** The raw JSON of a GET, to see what is on the wire. */
function rawGet(sandbox: SandboxHandle, path: string, token: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      new URL(path, sandbox.url),
      { ca: sandbox.caPem!, headers: { Authorization: `Bearer ${token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>),
        );
      },
    );
    request.on('error', reject);
  });
}

describe('NPS client ↔ sandbox in published shapes', () => {
  it('the sandbox really sends ints, nulls, offset-less 7-digit dates and capped pages', async () => {
    const { token } = alice;
    const page = await rawGet(published, '/api/v1/ActivitySession/MySummaryByStatus/Active?take=100', token);
    const rows = page.data as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    expect(page.recordsTotal).toBeGreaterThan(3);
    for (const row of rows) {
      expect(typeof row.status).toBe('number');
      expect(typeof row.sessionStatus).toBe('number');
      expect(row.activityType).toBe(0);
      expect(row.managedResourceType).toBe(0);
      expect(row.userType).toBe(0);
      expect(row.createdDateTimeUtc).toMatch(OFFSETLESS_7);
      expect(row.managedResourceDisplayName).toBeNull();
    }
    expect(rows.some((row) => row.note === null)).toBe(true);
    const empty = await rawGet(published, '/api/v1/ActivitySession/MySummaryByStatus/Locked', token);
    expect(empty).toEqual({ data: null, recordsTotal: 0 });
  });

  it('reads every session with the labels, statuses and UTC times the sandbox means', async () => {
    const { client, token } = alice;
    const api = client.withToken(token);
    const first = await api.summariesByStatus('mine', 'Active', { take: 1000 });
    expect(first.data).toHaveLength(3);
    const summaries = await api.allSummariesByStatus('mine', 'Active', {}, 1000);
    expect(summaries).toHaveLength(first.recordsTotal!);
    expect(new Set(summaries.map((s) => s.id)).size).toBe(summaries.length);

    const now = Date.now();
    const rows = summaries.map((summary) => toSessionRow(summary, now));
    const statuses = rows.map((row) => row.status).sort();
    // alice's demo sessions: one each, and two available or logged in.
    expect(statuses).toEqual(
      ['available', 'complete', 'failed', 'loggedIn', 'provisioning', 'scheduled', 'waitingApproval'].sort(),
    );
    const provisioning = rows.find((row) => row.status === 'provisioning')!;
    expect(provisioning.npsStatus).toBe('Pending');
    // Its start is "now" in UTC: read as Los Angeles time it would be 8 hours ahead, i.e. Scheduled.
    expect(Math.abs(Date.parse(provisioning.startAt!) - now)).toBeLessThan(5 * 60_000);
    for (const row of rows) {
      expect(row.requestedAt).toMatch(ISO_UTC);
      expect(Math.abs(Date.parse(row.requestedAt!) - now)).toBeLessThan(2 * 3600_000);
      expect(row.host).not.toBe(''); // managedResourceDisplayName is null: the fallback names the host
      expect([row.activityType, row.resourceType, row.userType]).toEqual(['Interactive', 'Host', 'User']);
      expect(row.npsStatus).not.toMatch(/^Unknown|^\d/);
    }
  });

  it('reads a whole log served three lines at a time, with int statuses and UTC times', async () => {
    const { client, token } = alice;
    const api = client.withToken(token);
    const summaries = await api.allSummariesByStatus('mine', 'Active');
    const completed = summaries.find((s) => toSessionRow(s).status === 'complete')!;
    const raw = await rawGet(published, `/api/v1/ActivitySession/${completed.id}/Log?take=1000`, token);
    const total = raw.totalCount as number;
    expect(total).toBeGreaterThan(3);
    expect((raw.lines as unknown[]).length).toBe(3);
    const service = createSessionService({ call: (fn) => fn(api), afterChange: () => {}, log: new MemoryLogger() });
    const logs = await service.logs(completed.id);
    expect(logs.lines).toHaveLength(total);
    for (const line of logs.lines) {
      expect(['Info', 'Error']).toContain(line.status);
      expect(line.timestamp).toMatch(ISO_UTC);
    }
  });

  it('without recordsTotal, pages two at a time until the list ends and loses nothing', async () => {
    const full = alice;
    const expected = (await full.client.withToken(full.token).allSummariesByStatus('mine', 'Active'))
      .map((s) => `${toSessionRow(s).status} ${toSessionRow(s).host}`)
      .sort();
    const { client, token } = aliceNoTotals;
    const page = await client.withToken(token).summariesByStatus('mine', 'Active');
    expect(page.recordsTotal).toBeNull();
    expect(page.data).toHaveLength(2);
    const all = await client.withToken(token).allSummariesByStatus('mine', 'Active');
    expect(all.map((s) => `${toSessionRow(s).status} ${toSessionRow(s).host}`).sort()).toEqual(expected);
  });
});

describe('sign-in with the cookie the server sets', () => {
  // Other users than alice: each TOTP code signs in once.
  const passwordOf = (login: string) => published.users.find((u) => u.login === login)!.password;

  it('carries the cookie from /signinBody to /signin2fa, and a wrong code is still a wrong code', async () => {
    const { client, transport } = clientOf(published);
    const preMfa = await client.signInWithPassword('bob', passwordOf('bob'));
    expect(transport.cookies.header('/signin2fa')).toMatch(new RegExp(`^${MFA_COOKIE.replace('.', '\\.')}=`));
    const wrong = published.totp('bob') === '000000' ? '111111' : '000000';
    await expect(client.signInWithMfa(preMfa, wrong)).rejects.toMatchObject({ code: 'mfa_invalid' });
    await expect(client.signInWithMfa(preMfa, published.totp('bob'))).resolves.toMatch(/^ey/);
    client.close();
  });

  it('a client that dropped the cookie is told so, not that the code is wrong', async () => {
    const { client, transport } = clientOf(published);
    const preMfa = await client.signInWithPassword('helen', passwordOf('helen'));
    transport.cookies.clear();
    const error = await client.signInWithMfa(preMfa, published.totp('helen')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect((error as Error).message).toMatch(/cookie/);
    expect((error as Error).message).not.toMatch(/code is not correct/);
    client.close();
  });

  it('the default sandbox needs no cookie (both modes stay covered)', async () => {
    const plain = await startSandbox({ port: 0, dataDir: null, log: quiet });
    try {
      const { client, transport } = clientOf(plain);
      const user = plain.users.find((u) => u.login === 'alice')!;
      const preMfa = await client.signInWithPassword('alice', user.password);
      expect(transport.cookies.count('/signin2fa')).toBe(0);
      await expect(client.signInWithMfa(preMfa, plain.totp('alice'))).resolves.toMatch(/^ey/);
      client.close();
    } finally {
      await plain.stop();
    }
  });
});
