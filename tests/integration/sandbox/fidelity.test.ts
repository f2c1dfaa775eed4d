/**
 * Fidelity: for every endpoint the sandbox implements, its real response has the field names and JSON
 * types of the example response in the published NPS 4.2 reference (see `compareShape` for the rules).
 * The reference lives next to the repository (../shared/reference/nps-api-4.2); without it this fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import { DEMO, type Page, call, createSession, signIn, startTestSandbox, userId, waitForStatus } from './helpers';
import { compareShape, readEndpoint, rootField } from './referenceModels';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const reference = path.resolve(repoRoot, '../shared/reference/nps-api-4.2');

interface Check {
  /** Reference file under the reference root. */
  file: string;
  /** Where the example comes from when the endpoint's own file has none (same model, documented). */
  exampleFile?: string;
  login: 'alice' | 'adam' | 'rita' | 'helen';
  method: string;
  path: () => string;
  body?: () => unknown;
  status?: number;
  dictionary?: boolean;
}

describe('sandbox fidelity to the NPS 4.2 reference', () => {
  let sandbox: SandboxHandle;
  const tokens: Record<string, string> = {};
  let sshSession: string;
  let rdpSession: string;
  let loggedIn: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ seedActive: 50, seedHistorical: 200 });
    for (const login of ['alice', 'adam', 'rita', 'helen']) tokens[login] = await signIn(sandbox, login);
    const me = userId(sandbox, 'alice');
    sshSession = await createSession(sandbox, tokens.alice!, {
      managedAccountId: me,
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxWeb,
      note: 'fidelity',
    });
    rdpSession = await createSession(sandbox, tokens.alice!, {
      managedAccountId: me,
      activityId: DEMO.rdpActivity,
      managedResourceId: DEMO.winApp,
    });
    loggedIn = await createSession(sandbox, tokens.alice!, {
      managedAccountId: me,
      activityId: DEMO.sshRootActivity,
      managedResourceId: DEMO.lnxBuild,
    });
    await Promise.all(
      [sshSession, rdpSession, loggedIn].map((id) => waitForStatus(sandbox, tokens.alice!, id, 'ActiveNoLogon')),
    );
    sandbox.simulateLogin(loggedIn);
  });
  afterAll(() => sandbox.stop());

  it('finds the reference next to the repository', () => {
    expect(existsSync(path.join(reference, 'ActivitySession.md')), `missing ${reference}`).toBe(true);
  });

  const me = () => userId(sandbox, 'alice');
  const create = () => ({ managedAccountId: me(), activityId: DEMO.sshRootActivity, managedResourceId: DEMO.lnxWeb });
  const AS = '/api/v1/ActivitySession';
  const ACP = '/api/v1/AccessControlPolicy';

  const checks: Check[] = [
    {
      file: 'ActivitySession/GetSessionSummaryByStatusForUserAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/MySummaryByStatus/active?take=1000`,
    },
    {
      file: 'ActivitySession/GetHistoricalSessionSummaryForUserAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/MySummaryByStatus/Historical?take=200`,
    },
    {
      file: 'ActivitySession/GetSessionSummaryByStatusAsync.md',
      login: 'adam',
      method: 'GET',
      path: () => `${AS}/SummaryByStatus/active?take=1000`,
    },
    {
      file: 'ActivitySession/GetHistoricalSessionSummaryAsync.md',
      login: 'adam',
      method: 'GET',
      path: () => `${AS}/SummaryByStatus/Historical?take=300`,
    },
    {
      file: 'ActivitySession/GetSessionSummaryByHostAsync.md',
      login: 'adam',
      method: 'GET',
      path: () => `${AS}/SummaryForResource/${DEMO.lnxBuild}?take=100`,
    },
    {
      file: 'ActivitySession/SearchAsync.md',
      login: 'adam',
      method: 'GET',
      path: () => `${AS}/Search?take=100&filterTopUsersType=Everyone`,
    },
    {
      file: 'ActivitySession/GetActivitySessionSummaryByIdAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/SummaryById/${loggedIn}`,
    },
    // GetById, Create and Group publish no example ("None"); they return the ActivitySession that Extend documents.
    {
      file: 'ActivitySession/GetByIdAsync.md',
      exampleFile: 'ActivitySession/ExtendAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/${loggedIn}`,
    },
    {
      file: 'ActivitySession/ExtendAsync.md',
      login: 'alice',
      method: 'POST',
      path: () => `${AS}/${sshSession}/Extend`,
      body: () => 5,
    },
    {
      file: 'ActivitySession/CreateAsync.md',
      exampleFile: 'ActivitySession/ExtendAsync.md',
      login: 'alice',
      method: 'POST',
      path: () => AS,
      body: create,
      status: 201,
    },
    {
      file: 'ActivitySession/ViewPasswordAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/${sshSession}/CanViewPassword`,
    },
    {
      file: 'ActivitySession/CopyPasswordAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/${sshSession}/Password`,
    },
    {
      file: 'ActivitySession/GetRdpFileAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/Rdp/${rdpSession}`,
    },
    { file: 'ActivitySession/GetSshUrlAsync.md', login: 'alice', method: 'GET', path: () => `${AS}/Ssh/${sshSession}` },
    {
      file: 'ActivitySession/GetSessionLogsAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${AS}/${loggedIn}/Log`,
    },
    {
      file: 'ActivitySession/LockAsync.md',
      login: 'adam',
      method: 'PUT',
      path: () => `${AS}/lock`,
      body: () => ({ activitySessionIds: [rdpSession], locked: true, lockMessage: 'check', lockTitle: 'Locked' }),
    },
    {
      file: 'AccessControlPolicy/GetActivityCardsWithPolicies.md',
      login: 'alice',
      method: 'GET',
      path: () => `${ACP}/ActivityCardWithPolicies?managedAccountId=${me()}`,
    },
    {
      file: 'AccessControlPolicy/ActivitySessionCandidateResources.md',
      login: 'alice',
      method: 'GET',
      path: () => `${ACP}/ActivitySessionResources?managedAccountId=${me()}`,
    },
    {
      file: 'AccessControlPolicy/GetPoliciesForAccountAsync.md',
      login: 'alice',
      method: 'GET',
      path: () => `${ACP}/ManagedAccount/${me()}`,
    },
    { file: 'AccessControlPolicy/ListNamesAsync.md', login: 'adam', method: 'GET', path: () => `${ACP}/Names` },
    {
      file: 'AccessControlPolicy/GetActivityLookupForPolicyAsync.md',
      login: 'adam',
      method: 'GET',
      path: () => `${ACP}/Lookup/${DEMO.standardPolicy}/Activity`,
      dictionary: true,
    },
  ];

  it.each(checks.map((c) => [c.file, c] as const))('%s', async (_file, check) => {
    const source = readEndpoint(path.join(reference, check.exampleFile ?? check.file));
    expect(source.example, `no 200 example in ${check.exampleFile ?? check.file}`).not.toBeUndefined();
    const result = await call(sandbox, check.method, check.path(), {
      token: tokens[check.login]!,
      ...(check.body ? { body: check.body() } : {}),
    });
    expect(result.status, result.text).toBe(check.status ?? 200);
    const counter = { checked: 0 };
    const problems = compareShape(result.json, source.example, rootField(source.schema), '$', counter, {
      dictionary: check.dictionary ?? false,
    });
    expect(problems).toEqual([]);
    if (process.env.FIDELITY_DEBUG) process.stderr.write(`${check.file} ${counter.checked}\n`);
    expect(counter.checked).toBeGreaterThan(0);
    const data = (result.json as Partial<Page>).data;
    if (Array.isArray(data)) expect(data.length, 'a list must be non-empty to be compared').toBeGreaterThan(0);
  });

  it('compares nested proxy sessions and every status the lists return', async () => {
    const page = (
      await call<{ data: Array<{ proxySessions: unknown[]; status: string }>; recordsTotal: number }>(
        sandbox,
        'GET',
        `${AS}/SummaryByStatus/all?take=1000`,
        { token: tokens.adam! },
      )
    ).json;
    expect(page.data.some((s) => s.proxySessions.length > 0)).toBe(true);
    const statuses = new Set(page.data.map((s) => s.status));
    for (const status of [
      'Active',
      'ActiveNoLogon',
      'Completed',
      'CompletedWithErrors',
      'Pending',
      'Cancelled',
      'ApprovalRequired',
      'ApprovalDenied',
      'ApprovalFailed',
      'Locked',
    ]) {
      expect(statuses.has(status), status).toBe(true);
    }
    const source = readEndpoint(path.join(reference, 'ActivitySession/GetSessionSummaryByStatusAsync.md'));
    const counter = { checked: 0 };
    expect(compareShape(page, source.example, rootField(source.schema), '$', counter)).toEqual([]);
  });

  it('answers bad input with the published ProblemDetails members', async () => {
    const source = readEndpoint(path.join(reference, 'ActivitySession/CreateAsync.md'));
    const text = readFileSync(path.join(reference, 'ActivitySession/CreateAsync.md'), 'utf8').replace(/\r\n/g, '\n');
    const example = JSON.parse(/> 400 Response[\s\S]*?```json\n([\s\S]*?)\n```/.exec(text)![1]!) as Record<
      string,
      unknown
    >;
    expect(source.schema).toBeNull(); // 201 has no schema; the 400 example is what we compare with
    const result = await call<Record<string, unknown>>(sandbox, 'POST', AS, {
      token: tokens.alice!,
      body: { managedAccountId: 'x' },
    });
    expect(result.status).toBe(400);
    // property1/property2 stand for extension members (traceId, errors); the named members must match.
    for (const key of Object.keys(example).filter((k) => !k.startsWith('property'))) {
      expect(typeof result.json[key], key).toBe(typeof example[key]);
    }
  });

  it('notices a difference (the comparison itself can fail)', () => {
    const source = readEndpoint(path.join(reference, 'ActivitySession/GetActivitySessionSummaryByIdAsync.md'));
    const example = source.example as Record<string, unknown>;
    const counter = { checked: 0 };
    const wrong = { ...example, durationInSeconds: '12', extra: 1 } as Record<string, unknown>;
    delete wrong.locked;
    const problems = compareShape({ ...wrong, id: null }, example, rootField(source.schema), '$', counter);
    expect(problems.join('\n')).toMatch(/missing locked/);
    expect(problems.join('\n')).toMatch(/not in the reference: extra/);
    expect(problems.join('\n')).toMatch(/durationInSeconds: string where the reference has number/);
    expect(problems.join('\n')).toMatch(/\$\.id: null/);
  });
});
