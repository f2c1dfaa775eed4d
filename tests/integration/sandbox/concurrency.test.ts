/** Many clients at once: every request gets one consistent answer and the state stays whole. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import { DEMO, type Page, call, createSession, signIn, startTestSandbox, summary, userId } from './helpers';

describe('sandbox under concurrent requests', () => {
  let sandbox: SandboxHandle;
  let alice: string;
  let rita: string;
  let adam: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedDemo: false });
    [alice, rita, adam] = await Promise.all([
      signIn(sandbox, 'alice'),
      signIn(sandbox, 'rita'),
      signIn(sandbox, 'adam'),
    ]);
  });
  afterAll(() => sandbox.stop());

  it('creates forty sessions in parallel, each exactly once', async () => {
    const me = userId(sandbox, 'alice');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
          token: alice,
          body: {
            managedAccountId: me,
            activityId: DEMO.sshRootActivity,
            managedResourceId: i % 2 ? DEMO.lnxWeb : DEMO.lnxBuild,
            note: `run ${i}`,
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(new Set(results.map((r) => r.json.id)).size).toBe(40);
    const page = (
      await call<Page>(sandbox, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/all?take=1000', { token: alice })
    ).json;
    expect(page.recordsTotal).toBe(40);
  });

  it('lets only one of several simultaneous decisions win', async () => {
    const id = await createSession(sandbox, alice, {
      managedAccountId: userId(sandbox, 'alice'),
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxDb,
    });
    const decisions = await Promise.all([
      ...Array.from({ length: 5 }, () =>
        call(sandbox, 'POST', `/api/v1/ActivitySession/${id}/Approve`, { token: rita }),
      ),
      ...Array.from({ length: 5 }, () =>
        call(sandbox, 'POST', `/api/v1/ActivitySession/${id}/Deny`, { token: adam, body: 'no' }),
      ),
    ]);
    const statuses = decisions.map((d) => d.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const after = await summary(sandbox, alice, id);
    expect(['Pending', 'ApprovalDenied']).toContain(after.status);
    const log = (
      await call<{ lines: Array<{ logMessage: string }> }>(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Log`, {
        token: alice,
      })
    ).json;
    expect(log.lines.filter((l) => /^(Approved|Denied) by/.test(l.logMessage))).toHaveLength(1);
  });

  it('answers interleaved reads and writes without a single server error', async () => {
    const ids = (
      await call<Page>(sandbox, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/all?take=1000', { token: alice })
    ).json.data.map((s) => s.id);
    const requests = ids.flatMap((id) => [
      call(sandbox, 'GET', `/api/v1/ActivitySession/${id}/Log`, { token: alice }),
      call(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, { token: alice }),
      call(sandbox, 'GET', `/api/v1/ActivitySession/SummaryById/${id}`, { token: alice }),
      call(sandbox, 'DELETE', `/api/v1/ActivitySession/${id}`, { token: adam }),
    ]);
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    for (const r of results) expect([200, 202, 409]).toContain(r.status);
  });
});
