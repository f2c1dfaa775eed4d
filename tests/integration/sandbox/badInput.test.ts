/** A table of bad requests: each gets a 4xx problem-details answer and the server keeps working. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../sandbox/index';
import { DEMO, type Page, type Problem, call, signIn, startTestSandbox, userId } from './helpers';

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  status: number;
  /** What the answer must say, so that a case fails for its own reason and not another. */
  detail?: RegExp;
  asAdmin?: boolean;
}

const S = '/api/v1/ActivitySession';

describe('sandbox bad input', () => {
  let sandbox: SandboxHandle;
  let alice: string;
  let adam: string;
  const aliceId = DEMO.alice;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ maxBodyBytes: 4096 });
    [alice, adam] = await Promise.all([signIn(sandbox, 'alice'), signIn(sandbox, 'adam')]);
    expect(userId(sandbox, 'alice')).toBe(aliceId);
  });
  afterAll(() => sandbox.stop());

  const valid = () => ({ managedAccountId: aliceId, activityId: DEMO.sshRootActivity, managedResourceId: DEMO.lnxWeb });

  const cases = (): Case[] => [
    { name: 'session id that is not a GUID', method: 'GET', path: `${S}/SummaryById/not-a-guid`, status: 400 },
    { name: 'session id with SQL', method: 'GET', path: `${S}/${encodeURIComponent("1' OR '1'='1")}`, status: 400 },
    {
      name: 'unknown session id',
      method: 'GET',
      path: `${S}/SummaryById/00000000-0000-4000-8000-000000000000`,
      status: 404,
    },
    { name: 'path traversal', method: 'GET', path: `${S}/..%2F..%2Fetc%2Fpasswd/Log`, status: 400 },
    { name: 'broken percent-encoding', method: 'GET', path: `${S}/%E0%A4%A/Log`, status: 400 },
    { name: 'unknown path', method: 'GET', path: '/api/v1/Nothing/Here', status: 404 },
    {
      name: 'wrong method',
      method: 'PATCH',
      path: `${S}/SummaryById/00000000-0000-4000-8000-000000000000`,
      status: 405,
    },
    { name: 'unknown status', method: 'GET', path: `${S}/MySummaryByStatus/Bogus`, status: 400 },
    { name: 'negative skip', method: 'GET', path: `${S}/MySummaryByStatus/active?skip=-1`, status: 400 },
    { name: 'huge take', method: 'GET', path: `${S}/MySummaryByStatus/active?take=1000000`, status: 400 },
    { name: 'zero take', method: 'GET', path: `${S}/MySummaryByStatus/active?take=0`, status: 400 },
    { name: 'non-numeric skip', method: 'GET', path: `${S}/MySummaryByStatus/active?skip=ten`, status: 400 },
    { name: 'fractional take', method: 'GET', path: `${S}/MySummaryByStatus/active?take=1.5`, status: 400 },
    { name: 'skip given twice', method: 'GET', path: `${S}/MySummaryByStatus/active?skip=1&skip=2`, status: 400 },
    {
      name: 'boolean that is not',
      method: 'GET',
      path: `${S}/MySummaryByStatus/active?orderDescending=maybe`,
      status: 400,
    },
    { name: 'unknown orderBy', method: 'GET', path: `${S}/MySummaryByStatus/active?orderBy=password`, status: 400 },
    // Names of Object.prototype's members are not sort keys: a plain `in` check let them through (500, or a
    // meaningless order).
    ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'].flatMap(
      (name): Case[] => [
        {
          name: `orderBy=${name} on MySummaryByStatus`,
          method: 'GET',
          path: `${S}/MySummaryByStatus/active?orderBy=${name}`,
          status: 400,
          detail: /Cannot order by/,
        },
        {
          name: `orderBy=${name} on SummaryByStatus`,
          method: 'GET',
          path: `${S}/SummaryByStatus/all?orderBy=${name}`,
          status: 400,
          asAdmin: true,
          detail: /Cannot order by/,
        },
        {
          name: `orderBy=${name} on Search`,
          method: 'GET',
          path: `${S}/Search?orderBy=${name}`,
          status: 400,
          asAdmin: true,
          detail: /Cannot order by/,
        },
        {
          name: `orderBy=${name} on SummaryForResource`,
          method: 'GET',
          path: `${S}/SummaryForResource/${DEMO.lnxWeb}?orderBy=${name}`,
          status: 400,
          asAdmin: true,
          detail: /Cannot order by/,
        },
      ],
    ),
    { name: 'status named __proto__', method: 'GET', path: `${S}/MySummaryByStatus/__proto__`, status: 400 },
    {
      name: 'filterTopUsersType=constructor',
      method: 'GET',
      path: `${S}/Search?filterTopUsersType=constructor`,
      status: 400,
      asAdmin: true,
    },
    { name: 'bad date', method: 'GET', path: `${S}/MySummaryByStatus/active?startDate=yesterday`, status: 400 },
    { name: 'impossible date', method: 'GET', path: `${S}/MySummaryByStatus/active?startDate=2024-13-45`, status: 400 },
    {
      name: 'start after end',
      method: 'GET',
      path: `${S}/MySummaryByStatus/active?startDate=2025-02-01&endDate=2025-01-01`,
      status: 400,
    },
    {
      name: 'filter text too long',
      method: 'GET',
      path: `${S}/MySummaryByStatus/active?filterText=${'x'.repeat(300)}`,
      status: 400,
    },
    {
      name: 'userId not a GUID',
      method: 'GET',
      path: `${S}/SummaryByStatus/active?userId=bob`,
      status: 400,
      asAdmin: true,
      detail: /userId/,
    },
    {
      name: 'bad log level',
      method: 'GET',
      path: `${S}/00000000-0000-4000-8000-000000000000/Log?logLevel=verbose`,
      status: 400,
    },
    {
      name: 'invalid JSON',
      method: 'POST',
      path: S,
      rawBody: '{"managedAccountId": ',
      contentType: 'application/json',
      status: 400,
    },
    { name: 'JSON of the wrong type', method: 'POST', path: S, body: [1, 2, 3], status: 400 },
    { name: 'missing body', method: 'POST', path: S, status: 400 },
    {
      name: 'not JSON content type',
      method: 'POST',
      path: S,
      rawBody: 'managedAccountId=1',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
    },
    {
      name: 'field of the wrong type',
      method: 'POST',
      path: S,
      body: { ...valid(), activityId: 42 },
      status: 400,
      detail: /activityId/,
    },
    {
      name: 'missing required field',
      method: 'POST',
      path: S,
      body: { managedAccountId: aliceId },
      status: 400,
      detail: /activityId/,
    },
    {
      name: 'no resource given',
      method: 'POST',
      path: S,
      body: { managedAccountId: aliceId, activityId: DEMO.sshRootActivity },
      status: 400,
      detail: /managedResource/,
    },
    {
      name: 'unknown activity',
      method: 'POST',
      path: S,
      body: { ...valid(), activityId: '00000000-0000-4000-8000-000000000000' },
      status: 404,
      detail: /Activity .* not found/,
    },
    {
      name: 'activity for another platform',
      method: 'POST',
      path: S,
      body: { ...valid(), managedResourceId: DEMO.winApp },
      status: 400,
      detail: /does not apply/,
    },
    {
      name: 'start in the past',
      method: 'POST',
      path: S,
      body: { ...valid(), startDateTimeUtc: '2001-01-01T00:00:00Z' },
      status: 400,
      detail: /in the past/,
    },
    {
      name: 'end before start',
      method: 'POST',
      path: S,
      body: { ...valid(), endDateTimeUtc: '2001-01-01T00:00:00Z' },
      status: 400,
      detail: /after the start/,
    },
    {
      name: 'end beyond the policy maximum',
      method: 'POST',
      path: S,
      body: { ...valid(), endDateTimeUtc: new Date(Date.now() + 365 * 24 * 3600_000).toISOString() },
      status: 400,
      detail: /maximum/,
    },
    {
      name: 'note too long',
      method: 'POST',
      path: S,
      body: { ...valid(), note: 'n'.repeat(2001) },
      status: 400,
      detail: /note/,
    },
    {
      name: 'fields smuggled through __proto__',
      method: 'POST',
      path: S,
      rawBody: `{"__proto__": ${JSON.stringify(valid())}}`,
      contentType: 'application/json',
      status: 400,
      detail: /managedAccountId/,
    },
    {
      name: 'deeply nested JSON',
      method: 'POST',
      path: S,
      rawBody: `${'['.repeat(2000)}${']'.repeat(2000)}`,
      contentType: 'application/json',
      status: 400,
    },
    { name: 'oversized body', method: 'POST', path: S, body: { ...valid(), note: 'x'.repeat(10_000) }, status: 413 },
    { name: 'empty group', method: 'POST', path: `${S}/Group`, body: [], status: 400 },
    { name: 'group that is an object', method: 'POST', path: `${S}/Group`, body: valid(), status: 400 },
    {
      name: 'extend by a string',
      method: 'POST',
      path: `${S}/00000000-0000-4000-8000-000000000000/Extend`,
      body: 'ten',
      status: 400,
      detail: /minutes/,
    },
    {
      name: 'deny note of the wrong type',
      method: 'POST',
      path: `${S}/00000000-0000-4000-8000-000000000000/Deny`,
      body: { note: 1 },
      status: 400,
      detail: /denial note/,
    },
    {
      name: 'lock without ids',
      method: 'PUT',
      path: `${S}/lock`,
      body: { locked: true, activitySessionIds: [] },
      status: 400,
      asAdmin: true,
      detail: /activitySessionIds/,
    },
    {
      name: 'lock with a bad id',
      method: 'PUT',
      path: `${S}/lock`,
      body: { locked: true, activitySessionIds: ['x'] },
      status: 400,
      asAdmin: true,
      detail: /activitySessionIds/,
    },
    {
      name: 'lock flag of the wrong type',
      method: 'PUT',
      path: `${S}/lock`,
      body: { locked: 'yes', activitySessionIds: [DEMO.winApp] },
      status: 400,
      asAdmin: true,
      detail: /locked/,
    },
    { name: 'sign-in body that is a string', method: 'POST', path: '/signinBody', body: 'alice', status: 400 },
    {
      name: 'sign-in with a number as password',
      method: 'POST',
      path: '/signinBody',
      body: { Login: 'alice', Password: 5 },
      status: 400,
    },
  ];

  it.each(cases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const token = c.asAdmin ? adam : alice;
    const headers: Record<string, string> = {};
    if (c.contentType) headers['content-type'] = c.contentType;
    const result = await call<Problem>(sandbox, c.method, c.path, {
      token,
      body: c.body,
      ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
      headers,
    });
    expect(result.status, result.text).toBe(c.status);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.json).toMatchObject({ status: c.status, title: expect.any(String), detail: expect.any(String) });
    if (c.detail) expect(result.json.detail).toMatch(c.detail);
    expect(result.text).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  });

  it('names the invalid fields in errors', async () => {
    const result = await call<Problem>(sandbox, 'POST', S, {
      token: alice,
      body: { managedAccountId: 'nope', activityId: 5 },
    });
    expect(result.status).toBe(400);
    expect(Object.keys(result.json.errors ?? {})).toEqual(expect.arrayContaining(['managedAccountId', 'activityId']));
  });

  /** Sends bytes as they are (fetch would normalise `..` away) and returns the raw answer. */
  function raw(request: string): Promise<string> {
    const { port } = new URL(sandbox.url);
    return new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (/\r\n\r\n/.test(data)) socket.end();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
  }

  it('refuses dot-dot path segments sent as they are', async () => {
    const reply = await raw(
      `GET ${S}/../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${alice}\r\nConnection: close\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toMatch(/application\/problem\+json/);
  });

  it('survives a raw malformed request and a body larger than declared', async () => {
    const reply = await raw('GARBAGE / HTTP/9.9\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const big = await call<Problem>(sandbox, 'POST', S, {
      token: alice,
      rawBody: JSON.stringify({ note: 'y'.repeat(8000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    // Chunked, with no Content-Length: the limit is enforced while reading.
    const chunk = new TextEncoder().encode(`{"note":"${'z'.repeat(1000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetch(`${sandbox.url}${S}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as Problem).status).toBe(413);
  });

  it('still works, with unchanged state, after all of that', async () => {
    const before = await call<Page>(sandbox, 'GET', `${S}/MySummaryByStatus/all?take=1`, { token: alice });
    for (const c of cases()) {
      const headers: Record<string, string> = c.contentType ? { 'content-type': c.contentType } : {};
      await call(sandbox, c.method, c.path, {
        token: c.asAdmin ? adam : alice,
        body: c.body,
        ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
        headers,
      });
    }
    const after = await call<Page>(sandbox, 'GET', `${S}/MySummaryByStatus/all?take=1`, { token: alice });
    expect(after.status).toBe(200);
    expect(after.json.recordsTotal).toBe(before.json.recordsTotal);
    const created = await call(sandbox, 'POST', S, { token: alice, body: valid() });
    expect(created.status).toBe(201);
  });
});
