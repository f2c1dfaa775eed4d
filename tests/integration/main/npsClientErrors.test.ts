/**
 * How the NPS client fails against misbehaving peers: every case is a typed `PamError`, never a crash,
 * and only GETs are retried.
 */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNpsClient, type NpsClient } from '../../../main/nps/npsClient';
import {
  closedPort,
  json,
  makeCert,
  startHttpServer,
  startHttpsServer,
  startSilentServer,
  type CountingServer,
  type TestCert,
} from './testServers';

const ID = '497f6eca-6276-4993-bfeb-53cbbbba6f08';
const TOKEN = 'header.payload.signature-0123456789';
const SUMMARIES = '/api/v1/ActivitySession/MySummaryByStatus/Active';

let cert: TestCert;
let server: CountingServer;
let answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
let client: NpsClient;

beforeAll(async () => {
  cert = await makeCert();
  server = await startHttpsServer(cert, (req, res, body) => answer(req, res, body));
  client = createNpsClient({
    baseUrl: server.url,
    pin: cert.fingerprint,
    retries: 2,
    retryBaseDelayMs: 5,
    timeoutMs: 2_000,
  });
});
afterAll(async () => {
  client.close();
  await server.close();
});

const api = () => client.withToken(TOKEN);
const requestsTo = (path: string) => server.requests.filter((r) => r.url.startsWith(path)).length;

describe('bad answers are bad_response', () => {
  it.each([
    ['an HTML page', 'text/html', '<!doctype html><html><body>Login portal</body></html>', /web page/],
    ['HTML mislabelled as JSON', 'application/json', '  <html>oops</html>', /web page/],
    ['truncated JSON', 'application/json', '{"data":[{"id":"497f6eca-6276-4993-bf', /malformed or incomplete JSON/],
    [
      'the wrong shape',
      'application/json',
      JSON.stringify({ data: 'nope', recordsTotal: 1 }),
      /unexpected shape at data/,
    ],
    [
      'a row without id',
      'application/json',
      JSON.stringify({ data: [{ status: 'Active' }], recordsTotal: 1 }),
      /unexpected shape at data\.0\.id/,
    ],
    [
      'the wrong type where we read',
      'application/json',
      JSON.stringify({ data: [{ id: ID, locked: 'yes' }], recordsTotal: 1 }),
      /data\.0\.locked/,
    ],
  ])('%s', async (_label, type, body, message) => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    const before = requestsTo(SUMMARIES);
    await expect(api().summariesByStatus('mine', 'Active')).rejects.toMatchObject({ code: 'bad_response', message });
    expect(requestsTo(SUMMARIES) - before).toBe(1); // a bad answer is not retried
  });

  it('an answer cut off before its Content-Length', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 5000 });
      res.write('{"data":[');
      setTimeout(() => res.destroy(), 20);
    };
    await expect(api().summaryById(ID)).rejects.toMatchObject({ code: 'bad_response', message: /cut off/ });
  });

  it('extra fields are accepted and dropped', async () => {
    answer = (_req, res) =>
      json(res, 200, { data: [{ id: ID, status: 'Active', brandNewField: { x: 1 } }], recordsTotal: 1, draw: 3 });
    await expect(api().summariesByStatus('mine', 'Active')).resolves.toEqual({
      data: [{ id: ID, status: 'Active' }],
      recordsTotal: 1,
    });
  });
});

describe('statuses map to codes with the server’s words', () => {
  it.each([
    [401, 'unauthorized', /Your session has expired\. Sign in again\./],
    [403, 'forbidden', /not allowed.*Admins only/],
    [404, 'not_found', /Session gone/],
    [409, 'conflict', /Session already ended/],
    [429, 'throttled', /Too many/],
    [418, 'bad_response', /HTTP 418/],
  ] as const)('%i → %s', async (status, code, message) => {
    const detail = { 403: 'Admins only', 404: 'Session gone', 409: 'Session already ended' }[status as number] ?? 'x';
    answer = (_req, res) => json(res, status, { title: 'Problem', status, detail });
    await expect(api().endSession(ID)).rejects.toMatchObject({ code, message });
  });
});

describe('retries', () => {
  it('a GET is retried after a 5xx, with backoff, and succeeds', async () => {
    let calls = 0;
    answer = (_req, res) =>
      ++calls < 3 ? json(res, 503, { title: 'Busy' }) : json(res, 200, { data: [], recordsTotal: 0 });
    await expect(api().summariesByStatus('mine', 'Active')).resolves.toEqual({ data: [], recordsTotal: 0 });
    expect(calls).toBe(3);
  });

  it('a GET gives up after the configured retries with server_error', async () => {
    const before = requestsTo(SUMMARIES);
    answer = (_req, res) => json(res, 500, { title: 'Internal', detail: 'database down' });
    await expect(api().summariesByStatus('mine', 'Active')).rejects.toMatchObject({
      code: 'server_error',
      message: /database down/,
    });
    expect(requestsTo(SUMMARIES) - before).toBe(3);
  });

  it('a 4xx GET is not retried', async () => {
    const before = requestsTo('/api/v1/ActivitySession/SummaryById/');
    answer = (_req, res) => json(res, 404, { title: 'Not Found' });
    await expect(api().summaryById(ID)).rejects.toMatchObject({ code: 'not_found' });
    expect(requestsTo('/api/v1/ActivitySession/SummaryById/') - before).toBe(1);
  });

  it.each([
    ['DELETE', () => api().endSession(ID), `/api/v1/ActivitySession/${ID}`],
    ['PUT', () => api().lockSessions([ID], true, 'm'), '/api/v1/ActivitySession/lock'],
    ['POST', () => client.signInWithPassword('alice', 'pw'), '/signinBody'],
  ])('a %s is never retried', async (_method, call, path) => {
    const before = requestsTo(path);
    answer = (_req, res) => json(res, 503, { title: 'Busy' });
    await expect(call()).rejects.toMatchObject({ code: 'server_error' });
    expect(requestsTo(path) - before).toBe(1);
  });
});

describe('requests have the published shapes', () => {
  it('lock sends LiveSessionRequest with PUT; end sends DELETE; logs are read', async () => {
    answer = (req, res, body) => {
      if (req.method === 'PUT') return json(res, 200, JSON.parse(body));
      if (req.method === 'DELETE') return void res.writeHead(202).end();
      json(res, 200, {
        lines: [
          { statusString: 'Info', status: 1, logMessage: 'Started', lineNumber: 1, timestamp: '2026-01-01T00:00:00Z' },
        ],
        totalCount: 1,
      });
    };
    await expect(api().lockSessions([ID], true, 'Investigating')).resolves.toMatchObject({
      activitySessionIds: [ID],
      locked: true,
      lockMessage: 'Investigating',
    });
    const lock = server.requests.at(-1)!;
    expect([lock.method, lock.url, lock.headers['content-type']]).toEqual([
      'PUT',
      '/api/v1/ActivitySession/lock',
      'application/json',
    ]);
    expect(JSON.parse(lock.body)).toMatchObject({
      activitySessionIds: [ID],
      locked: true,
      lockMessage: 'Investigating',
    });
    await expect(api().endSession(ID)).resolves.toBeUndefined();
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', url: `/api/v1/ActivitySession/${ID}` });
    await expect(api().sessionLogs(ID, { take: 50 })).resolves.toMatchObject({
      lines: [{ logMessage: 'Started' }],
      totalCount: 1,
    });
    expect(server.requests.at(-1)?.url).toBe(`/api/v1/ActivitySession/${ID}/Log?take=50`);
  });

  it('pages through every summary until recordsTotal', async () => {
    const total = 2500;
    answer = (req, res) => {
      const url = new URL(req.url ?? '', 'https://x');
      const skip = Number(url.searchParams.get('skip'));
      const take = Number(url.searchParams.get('take'));
      const data = Array.from({ length: Math.max(0, Math.min(take, total - skip)) }, (_, i) => ({
        id: `id-${skip + i}`,
      }));
      json(res, 200, { data, recordsTotal: total });
    };
    const before = requestsTo('/api/v1/ActivitySession/SummaryByStatus/Active');
    const rows = await api().allSummariesByStatus('all', 'Active', { filterText: 'web' }, 1000);
    expect(rows).toHaveLength(total);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: total }, (_, i) => `id-${i}`)); // in order
    const pages = server.requests.slice(-3).map((r) => r.url);
    expect(requestsTo('/api/v1/ActivitySession/SummaryByStatus/Active') - before).toBe(3);
    expect(pages.sort()).toEqual(
      [0, 1000, 2000].map(
        (skip) => `/api/v1/ActivitySession/SummaryByStatus/Active?filterText=web&skip=${skip}&take=1000`,
      ),
    );
  });

  it('drops duplicates when rows shift between pages, and stops at a bounded total', async () => {
    answer = (req, res) => {
      const skip = Number(new URL(req.url ?? '', 'https://x').searchParams.get('skip'));
      // A new session arrived between page 1 and 2: page 2 starts with the last row of page 1 again.
      const data = skip === 0 ? [{ id: 'a' }, { id: 'b' }] : [{ id: 'b' }, { id: 'c' }];
      json(res, 200, { data, recordsTotal: 4 });
    };
    await expect(api().allSummariesByStatus('mine', 'Active', {}, 2)).resolves.toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'c' },
    ]);
  });
});

describe('two-step sign-in', () => {
  it('sends the documented bodies and returns the tokens', async () => {
    answer = (req, res) =>
      json(res, 200, req.url === '/signinBody' ? 'pre-mfa-token-0123456789' : 'full-token-0123456789abcdef');
    await expect(client.signInWithPassword('alice', 'pw')).resolves.toBe('pre-mfa-token-0123456789');
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ Login: 'alice', Password: 'pw' });
    await expect(client.signInWithMfa('pre-mfa-token-0123456789', '123456')).resolves.toBe(
      'full-token-0123456789abcdef',
    );
    const mfa = server.requests.at(-1)!;
    // As the reference's PowerShell sample posts it: `-Body $MfaCode -ContentType "application/json"`.
    expect(mfa.body).toBe('123456');
    expect(mfa.headers['content-type']).toBe('application/json');
    expect(mfa.headers.authorization).toBe('Bearer pre-mfa-token-0123456789');
  });

  it('keeps the cookies the server sets and sends them on /signin2fa and later calls, by path', async () => {
    answer = (req, res) => {
      if (req.url === '/signinBody') {
        res.setHeader('Set-Cookie', [
          'Mfa=m1; Path=/; Secure; HttpOnly; SameSite=Strict',
          'Narrow=n1; Path=/api/v1/Other',
          'Gone=g1; Path=/; Max-Age=0',
        ]);
        return json(res, 200, 'pre-mfa-token-0123456789');
      }
      if (req.url === '/signin2fa') {
        res.setHeader('Set-Cookie', 'Affinity=node-2; Path=/api');
        return json(res, 200, 'full-token-0123456789abcdef');
      }
      return json(res, 200, { data: [], recordsTotal: 0 });
    };
    await client.signInWithPassword('alice', 'pw');
    await client.signInWithMfa('pre-mfa-token-0123456789', '123456');
    expect(server.requests.at(-1)!.headers.cookie).toBe('Mfa=m1');
    await api().summariesByStatus('mine', 'Active');
    expect(server.requests.at(-1)!.headers.cookie).toBe('Affinity=node-2; Mfa=m1');
    // A new sign-in is a new web session: the first request carries nothing of the last one.
    await client.signInWithPassword('alice', 'pw');
    expect(server.requests.at(-1)!.headers.cookie).toBeUndefined();
  });

  it('tells a wrong password, a wrong code and a lapsed pre-MFA token apart', async () => {
    answer = (_req, res) => json(res, 401, { title: 'Unauthorized', detail: 'Invalid login or password' });
    await expect(client.signInWithPassword('alice', 'bad')).rejects.toMatchObject({ code: 'credentials_invalid' });
    answer = (_req, res) =>
      json(res, 401, { title: 'Unauthorized', detail: 'The code is not correct or has expired.' });
    await expect(client.signInWithMfa('pre-mfa-token-0123456789', '000000')).rejects.toMatchObject({
      code: 'mfa_invalid',
    });
    answer = (_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The token expired"' });
      res.end();
    };
    await expect(client.signInWithMfa('pre-mfa-token-0123456789', '123456')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    answer = (_req, res) => json(res, 401, { title: 'Unauthorized', detail: 'The token has expired. Sign in again.' });
    await expect(client.signInWithMfa('pre-mfa-token-0123456789', '123456')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    answer = (_req, res) => json(res, 429, { title: 'Too many attempts' });
    await expect(client.signInWithPassword('alice', 'bad')).rejects.toMatchObject({ code: 'throttled' });
  });

  it('a token that is not a JSON string is a bad response', async () => {
    answer = (_req, res) => json(res, 200, { token: 'x' });
    await expect(client.signInWithPassword('alice', 'pw')).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('network failures', () => {
  it('a server that never answers times out within the bound', async () => {
    const silent = await startSilentServer();
    const slow = createNpsClient({
      baseUrl: `http://127.0.0.1:${silent.port}`,
      pin: null,
      timeoutMs: 300,
      retries: 1,
      retryBaseDelayMs: 10,
    });
    try {
      const started = Date.now();
      await expect(slow.withToken(TOKEN).summaryById(ID)).rejects.toMatchObject({ code: 'timeout' });
      // Two attempts of 300 ms, then it gives up: far below a minute even on a loaded machine, not forever.
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      slow.close();
      await silent.close();
    }
  });

  it('a TLS server that never finishes the handshake times out too', async () => {
    const silent = await startSilentServer();
    const slow = createNpsClient({
      baseUrl: `https://127.0.0.1:${silent.port}`,
      pin: cert.fingerprint,
      timeoutMs: 300,
      retries: 0,
    });
    try {
      await expect(slow.signInWithPassword('alice', 'pw')).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      slow.close();
      await silent.close();
    }
  });

  it('connection refused is unreachable', async () => {
    const port = await closedPort();
    const gone = createNpsClient({ baseUrl: `https://127.0.0.1:${port}`, pin: null, retries: 1, retryBaseDelayMs: 5 });
    try {
      await expect(gone.withToken(TOKEN).summaryById(ID)).rejects.toMatchObject({
        code: 'unreachable',
        message: /refused/,
      });
    } finally {
      gone.close();
    }
  });

  it('plain HTTP works where the server is HTTP', async () => {
    const plain = await startHttpServer((_req, res) => json(res, 200, { data: [], recordsTotal: 0 }));
    const httpClient = createNpsClient({ baseUrl: plain.url, pin: null });
    try {
      await expect(httpClient.withToken(TOKEN).summariesByStatus('mine', 'Active')).resolves.toEqual({
        data: [],
        recordsTotal: 0,
      });
    } finally {
      httpClient.close();
      await plain.close();
    }
  });
});
