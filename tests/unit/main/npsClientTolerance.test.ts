/**
 * The client against a scripted transport: pages capped below `take` (with and without `recordsTotal`),
 * and the MFA step's code forms and honest errors.
 */
import { describe, expect, it, vi } from 'vitest';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../main/nps/httpTransport';
import { createCookieJar } from '../../../main/nps/cookieJar';
import { npsClientOver } from '../../../main/nps/npsClient';
import { errorFromStatus } from '../../../main/nps/npsErrors';
import { PamError } from '../../../main/errors/pamError';
import { createSessionFeed } from '../../../main/sessions/sessionFeed';
import type { SessionDelta } from '../../../contract';
import { MemoryLogger } from '../../fakes/memoryLogger';

type Answer = HttpResponse | PamError;

function scripted(answer: (request: HttpRequest) => Answer) {
  const requests: HttpRequest[] = [];
  const transport: HttpTransport = {
    origin: 'https://nps.test',
    cookies: createCookieJar({ host: 'nps.test', secure: true }),
    serverPath: (path) => path,
    async send(request) {
      requests.push(request);
      const result = answer(request);
      if (result instanceof PamError) throw result;
      return result;
    },
    close() {},
  };
  return { client: npsClientOver(transport, 'https://nps.test'), requests, transport };
}

const json = (value: unknown): HttpResponse => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(value),
  headers: {},
});

/** A server with `total` sessions that hands out at most `cap` rows per page. */
function cappedServer(total: number, cap: number, options: { sendTotal: boolean; ignoreSkip?: boolean }) {
  const ids = Array.from({ length: total }, (_, i) => `s-${String(i).padStart(4, '0')}`);
  return scripted((request) => {
    const skip = options.ignoreSkip ? 0 : Number(request.query?.skip ?? 0);
    const take = Number(request.query?.take ?? 100);
    const data = ids.slice(skip, skip + Math.min(take, cap)).map((id) => ({ id, status: 1 }));
    return json(options.sendTotal ? { data: data.length ? data : null, recordsTotal: total } : { data });
  });
}

describe('server-side page caps', () => {
  it.each([
    [2500, 25, true],
    [2500, 25, false],
    [1000, 1000, true],
    [1001, 1000, false],
    [75, 25, false], // the last page is full: only the empty page after it ends the list
    [7, 3, true],
    [0, 25, false],
    [1, 1, false],
  ])('%i sessions, %i per page (recordsTotal sent: %s): all of them, each once', async (total, cap, sendTotal) => {
    const { client, requests } = cappedServer(total, cap, { sendTotal });
    const rows = await client.withToken('t').allSummariesByStatus('mine', 'Active', {}, 1000);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(total);
    // Never more requests than pages plus the one that finds the end.
    expect(requests.length).toBeLessThanOrEqual(Math.ceil(total / cap) + 1);
  });

  it('stops when a server without recordsTotal ignores skip (no endless loop)', async () => {
    const { client, requests } = cappedServer(100, 10, { sendTotal: false, ignoreSkip: true });
    const rows = await client.withToken('t').allSummariesByStatus('mine', 'Active', {}, 1000);
    expect(rows).toHaveLength(10);
    expect(requests.length).toBe(2);
  });
});

describe('the live feed over a capped server', () => {
  it.each([true, false])(
    'shows the first page at once and brings the rest right after (recordsTotal sent: %s)',
    async (sendTotal) => {
      const { client } = cappedServer(60, 25, { sendTotal });
      const deltas: SessionDelta[] = [];
      const feed = createSessionFeed({
        call: (fn) => fn(client.withToken('t')),
        emitDelta: (delta) => deltas.push(delta),
        emitStatus: () => {},
        intervalMs: () => 60_000,
        log: new MemoryLogger(),
      });
      const snapshot = await feed.watch('mine');
      expect(snapshot.rows).toHaveLength(25);
      // No refresh and a one-minute interval: only a feed that knows the list is incomplete polls now.
      await vi.waitFor(() => expect(deltas.length).toBeGreaterThan(0), { timeout: 3000 });
      feed.unwatch();
      expect(snapshot.rows.length + deltas.flatMap((d) => d.upserted).length).toBe(60);
    },
  );
});

describe('the MFA step', () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.signature-part';
  const refusal = (status: number, detail: string | null, authenticate = '') =>
    errorFromStatus(status, detail === null ? '' : JSON.stringify({ title: 'Refused', detail }), authenticate);

  it('sends the bare code first, as the reference sample does, and remembers the form that worked', async () => {
    const { client, requests } = scripted((request) =>
      request.rawBody === '012345' ? json(TOKEN) : refusal(400, 'The JSON value could not be converted.'),
    );
    await expect(client.signInWithMfa('pre', ' 012345 ')).resolves.toBe(TOKEN);
    expect(requests.map((r) => r.rawBody ?? JSON.stringify(r.body))).toEqual(['012345']);
    expect(requests[0]?.token).toBe('pre');
  });

  it.each([
    ['a JSON string', (r: HttpRequest) => r.body === '123456'],
    ['an object {code}', (r: HttpRequest) => JSON.stringify(r.body) === '{"code":"123456"}'],
  ])('falls back to %s when the server cannot read the other forms', async (_, accepts) => {
    const { client, requests } = scripted((request) =>
      accepts(request) ? json(TOKEN) : refusal(400, 'The input was not valid.'),
    );
    await expect(client.signInWithMfa('pre', '123456')).resolves.toBe(TOKEN);
    // The next sign-in goes straight to the form that worked.
    requests.length = 0;
    await expect(client.signInWithMfa('pre', '123456')).resolves.toBe(TOKEN);
    expect(requests).toHaveLength(1);
  });

  it('does not try another form after an answer about the code (a retry would cost an attempt)', async () => {
    const { client, requests } = scripted(() => refusal(400, 'Invalid verification code.'));
    await expect(client.signInWithMfa('pre', '123456')).rejects.toMatchObject({ code: 'mfa_invalid' });
    expect(requests).toHaveLength(1);
  });

  it.each([
    [401, 'The code is not correct or has expired.', '', 'mfa_invalid', /code is not correct/],
    [401, null, '', 'mfa_invalid', /code is not correct/],
    [401, 'The token has expired. Sign in again.', '', 'unauthorized', /took too long/],
    [401, null, 'Bearer error="invalid_token", error_description="The token expired"', 'unauthorized', /took too long/],
    [401, 'The multi-factor sign-in cookie is missing or has expired.', '', 'unauthorized', /cookie/],
    [400, 'Antiforgery token validation failed.', '', 'unauthorized', /cookie/],
    [401, 'The sign-in session was not found.', '', 'unauthorized', /ended this sign-in/],
    [403, 'Your account is disabled.', '', 'forbidden', /refused the sign-in \(.*disabled/],
    [401, 'Login failed.', '', 'mfa_invalid', /refused the code \(.*Login failed/],
    [429, 'Too many attempts.', '', 'throttled', /Too many/],
  ])('HTTP %i %j → %s', async (status, detail, authenticate, code, message) => {
    const { client } = scripted(() => refusal(status, detail, authenticate));
    const error = await client.signInWithMfa('pre', '123456').catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
    if (code !== 'mfa_invalid') expect((error as Error).message).not.toMatch(/code is not correct/);
  });

  it('says the sign-in cookie expired when the one the server set has lapsed, whatever the server says', async () => {
    const { client, transport } = scripted(() => refusal(401, null));
    transport.cookies.store('Mfa=x; Path=/; Max-Age=1', '/signinBody');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(client.signInWithMfa('pre', '123456')).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/cookie it set has expired/),
    });
  });

  it('a new sign-in starts a new web session: cookies of the last one are dropped', async () => {
    const { client, transport } = scripted(() => json('pre-mfa-token-0123456789'));
    transport.cookies.store('Old=1; Path=/', '/signinBody');
    await client.signInWithPassword('alice', 'pw');
    expect(transport.cookies.header('/signin2fa')).toBeNull();
  });
});
