/** Lists, queries, launch files and the create-session look-ups. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import { DEMO, type Page, call, createSession, signIn, startTestSandbox, userId, waitForStatus } from './helpers';

describe('sandbox endpoints', () => {
  let sandbox: SandboxHandle;
  let alice: string;
  let adam: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox({
      seedActive: 300,
      seedHistorical: 2000,
      proxy: { host: '127.0.0.1', rdpPort: 14489, sshPort: 14422 },
    });
    [alice, adam] = await Promise.all([signIn(sandbox, 'alice'), signIn(sandbox, 'adam')]);
  });
  afterAll(() => sandbox.stop());

  const page = async (token: string, path: string) => {
    const result = await call<Page>(sandbox, 'GET', path, { token });
    expect(result.status, result.text).toBe(200);
    return result.json;
  };

  it('pages with skip and take, newest first by default, and counts every match', async () => {
    const first = await page(alice, '/api/v1/ActivitySession/MySummaryByStatus/Historical?take=50');
    const second = await page(alice, '/api/v1/ActivitySession/MySummaryByStatus/Historical?skip=50&take=50');
    expect(first.data).toHaveLength(50);
    expect(first.recordsTotal).toBe(second.recordsTotal);
    expect(first.recordsTotal).toBeGreaterThan(100);
    const created = [...first.data, ...second.data].map((s) => Date.parse(s.createdDateTimeUtc));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(new Set([...first.data, ...second.data].map((s) => s.id)).size).toBe(100);
    const ascending = await page(
      alice,
      '/api/v1/ActivitySession/MySummaryByStatus/Historical?take=20&orderDescending=false',
    );
    const times = ascending.data.map((s) => Date.parse(s.createdDateTimeUtc));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('defaults take to 100', async () => {
    expect((await page(alice, '/api/v1/ActivitySession/MySummaryByStatus/Historical')).data).toHaveLength(100);
  });

  it('filters by text, resource name, user name and dates', async () => {
    const text = await page(
      adam,
      '/api/v1/ActivitySession/SummaryByStatus/Historical?filterText=BULK-WIN-0042&take=1000',
    );
    expect(text.recordsTotal).toBeGreaterThan(0);
    expect(text.data.every((s) => s.managedResourceName === 'bulk-win-0042')).toBe(true);

    const resources = await page(
      adam,
      '/api/v1/ActivitySession/SummaryByStatus/Historical?resourceName=bulk-lnx-0001&resourceName[]=bulk-lnx-0002&take=1000',
    );
    expect(new Set(resources.data.map((s) => s.managedResourceName))).toEqual(
      new Set(['bulk-lnx-0001', 'bulk-lnx-0002']),
    );

    const users = await page(adam, '/api/v1/ActivitySession/SummaryByStatus/Historical?userName=bob&take=1000');
    expect(users.recordsTotal).toBeGreaterThan(0);
    expect(users.data.every((s) => s.userDisplayName === 'Bob Brown')).toBe(true);

    const from = new Date(Date.now() - 30 * 24 * 3600_000);
    const to = new Date(Date.now() - 10 * 24 * 3600_000);
    const dated = await page(
      adam,
      `/api/v1/ActivitySession/SummaryByStatus/Historical?startDate=${from.toISOString()}&endDate=${to.toISOString()}&take=1000`,
    );
    expect(dated.recordsTotal).toBeGreaterThan(0);
    for (const s of dated.data) {
      expect(Date.parse(s.startDateTimeUtc)).toBeGreaterThanOrEqual(from.getTime());
      expect(Date.parse(s.startDateTimeUtc)).toBeLessThanOrEqual(to.getTime());
    }
  });

  it('orders by another field on request', async () => {
    const byResource = await page(
      adam,
      '/api/v1/ActivitySession/SummaryByStatus/Historical?orderBy=managedResourceName&take=200',
    );
    const names = byResource.data.map((s) => s.managedResourceName);
    expect(names).toEqual([...names].sort());
    const byResourceDesc = await page(
      adam,
      '/api/v1/ActivitySession/SummaryByStatus/Historical?orderBy=ManagedResourceName&orderDescending=true&take=5',
    );
    expect(byResourceDesc.data[0]!.managedResourceName >= byResourceDesc.data[4]!.managedResourceName).toBe(true);
  });

  it('filters by status name, pending and the userId of the admin list', async () => {
    const locked = await page(adam, '/api/v1/ActivitySession/SummaryByStatus/LOCKED?take=1000');
    expect(locked.recordsTotal).toBeGreaterThan(0);
    expect(locked.data.every((s) => s.status === 'Locked' && s.locked)).toBe(true);
    const pending = await page(adam, '/api/v1/ActivitySession/SummaryByStatus/pending?take=1000');
    expect(pending.data.every((s) => ['Pending', 'ApprovalRequired'].includes(s.status))).toBe(true);
    const bob = userId(sandbox, 'bob');
    const bobs = await page(adam, `/api/v1/ActivitySession/SummaryByStatus/active?userId=${bob}&take=1000`);
    expect(bobs.recordsTotal).toBeGreaterThan(0);
    expect(bobs.data.every((s) => s.userId === bob)).toBe(true);
  });

  it('lists the sessions of one resource', async () => {
    const result = await page(adam, `/api/v1/ActivitySession/SummaryForResource/${DEMO.lnxWeb}?take=1000`);
    expect(result.recordsTotal).toBeGreaterThan(0);
    expect(result.data.every((s) => s.managedResourceName === 'lnx-web-01')).toBe(true);
    expect(
      (await call(sandbox, 'GET', `/api/v1/ActivitySession/SummaryForResource/${DEMO.standardPolicy}`, { token: adam }))
        .status,
    ).toBe(404);
  });

  it('searches with aggregates for administrators', async () => {
    const result = await call<{
      data: unknown[];
      recordsTotal: number;
      topUsers: Array<{ countSessions: number }>;
      summary: { countSessions: number };
    }>(sandbox, 'GET', '/api/v1/ActivitySession/Search?filterText=bulk-lnx&take=10&filterTopUsersType=Top5', {
      token: adam,
    });
    expect(result.status).toBe(200);
    expect(result.json.data).toHaveLength(10);
    expect(result.json.summary.countSessions).toBe(result.json.recordsTotal);
    expect(result.json.topUsers.length).toBeLessThanOrEqual(5);
    expect(result.json.topUsers.reduce((n, u) => n + u.countSessions, 0)).toBeLessThanOrEqual(result.json.recordsTotal);
  });

  it('serves an RDP file and an SSH URL with the connection string', async () => {
    const me = userId(sandbox, 'alice');
    const rdp = await createSession(sandbox, alice, {
      managedAccountId: me,
      activityId: DEMO.rdpActivity,
      managedResourceId: DEMO.winApp,
    });
    const ssh = await createSession(sandbox, alice, {
      managedAccountId: me,
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxWeb,
    });
    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/Rdp/${rdp}`, { token: alice })).status).toBe(409); // not available yet
    await waitForStatus(sandbox, alice, rdp, 'ActiveNoLogon');
    await waitForStatus(sandbox, alice, ssh, 'ActiveNoLogon');
    const file = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Rdp/${rdp}`, { token: alice });
    expect(file.status).toBe(200);
    expect(file.json).toContain('full address:s:127.0.0.1:14489\r\n');
    expect(file.json).toContain('username:s:alice+Windows Admin (RDP)+win-app-01\r\n');
    // The gateway speaks TLS only: the file keeps Microsoft's clients off CredSSP/NLA.
    expect(file.json).toContain('enablecredsspsupport:i:0\r\n');
    expect(file.json).toContain('authentication level:i:2\r\n');
    expect(file.json).toContain('loadbalanceinfo:s:alice+Windows Admin (RDP)+win-app-01\r\n');
    const url = await call<string>(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${ssh}`, { token: alice });
    expect(url.json).toBe(`ssh://${encodeURIComponent('alice+Linux Root Shell (SSH)+lnx-web-01')}@127.0.0.1:14422`);
    expect(new URL(url.json).port).toBe('14422');
    expect((await call(sandbox, 'GET', `/api/v1/ActivitySession/Ssh/${rdp}`, { token: alice })).status).toBe(409);
  });

  it('pages, filters and orders a session log', async () => {
    const mine = await page(alice, '/api/v1/ActivitySession/MySummaryByStatus/Historical?take=1');
    const id = mine.data[0]!.id;
    const full = await call<{
      lines: Array<{ lineNumber: number; logMessage: string; status: string }>;
      totalCount: number;
      version: string;
    }>(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Log`, { token: alice });
    expect(full.json.totalCount).toBeGreaterThan(1);
    expect(full.json.lines.map((l) => l.lineNumber)).toEqual(full.json.lines.map((_, i) => i + 1));
    const desc = await call<typeof full.json>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${id}/Log?orderDescending=true&take=1`,
      { token: alice },
    );
    expect(desc.json.lines[0]!.lineNumber).toBe(full.json.totalCount);
    const filtered = await call<typeof full.json>(
      sandbox,
      'GET',
      `/api/v1/ActivitySession/${id}/Log?filterText=requested`,
      { token: alice },
    );
    expect(filtered.json.lines.every((l) => l.logMessage.toLowerCase().includes('requested'))).toBe(true);
  });

  it('answers the create-session look-ups', async () => {
    const me = userId(sandbox, 'alice');
    const cards = await call<{
      data: Array<{ id: string; name: string; policies: Array<{ policyId: string; maxSessionLength: number }> }>;
      recordsTotal: number;
    }>(sandbox, 'GET', `/api/v1/AccessControlPolicy/ActivityCardWithPolicies?managedAccountId=${me}`, { token: alice });
    expect(cards.status).toBe(200);
    const rdp = cards.json.data.find((c) => c.id === DEMO.rdpActivity)!;
    expect(rdp.policies.map((p) => p.policyId).sort()).toEqual([DEMO.standardPolicy, DEMO.productionPolicy].sort());
    expect(
      (await call(sandbox, 'GET', '/api/v1/AccessControlPolicy/ActivityCardWithPolicies', { token: alice })).status,
    ).toBe(400);
    expect(
      (
        await call(
          sandbox,
          'GET',
          `/api/v1/AccessControlPolicy/ActivityCardWithPolicies?managedAccountId=${userId(sandbox, 'bob')}`,
          { token: alice },
        )
      ).status,
    ).toBe(403);

    const resources = await call<{
      data: Array<{ id: string; name: string; activityPolicies: Array<{ policyId: string }> }>;
    }>(
      sandbox,
      'GET',
      `/api/v1/AccessControlPolicy/ActivitySessionResources?managedAccountId=${me}&activityId=${DEMO.rdpActivity}&policyId=${DEMO.productionPolicy}`,
      { token: alice },
    );
    expect(resources.json.data.map((r) => r.name)).toEqual(['win-db-01']);

    const accountCards = await call<{ data: Array<{ policyName: string }> }>(
      sandbox,
      'GET',
      `/api/v1/AccessControlPolicy/ManagedAccount/${me}`,
      { token: alice },
    );
    expect(accountCards.json.data.length).toBeGreaterThanOrEqual(3);

    const names = await call<Array<{ id: string; name: string }>>(sandbox, 'GET', '/api/v1/AccessControlPolicy/Names', {
      token: adam,
    });
    expect(names.json.map((n) => n.name)).toContain('Production databases');
    expect((await call(sandbox, 'GET', '/api/v1/AccessControlPolicy/Names', { token: alice })).status).toBe(403);
    const lookup = await call<Record<string, string>>(
      sandbox,
      'GET',
      `/api/v1/AccessControlPolicy/Lookup/${DEMO.operatorsPolicy}/Activity`,
      { token: adam },
    );
    expect(lookup.json).toEqual({ [DEMO.sshOpsActivity]: 'Linux Operator Shell (SSH)' });
  });
});
