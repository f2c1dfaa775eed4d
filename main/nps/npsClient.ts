/**
 * The NPS 4.2 REST client for one server: sign-in in two steps, then the activity-session calls.
 * Every answer is validated; every failure is a `PamError` with a stable code.
 */
import { z } from 'zod';
import { PamError } from '../errors/pamError';
import {
  createHttpTransport,
  type HttpStream,
  type StreamSink,
  type HttpRequest,
  type HttpTransport,
  type TransportOptions,
} from './httpTransport';
import { NpsHttpError } from './npsErrors';
import { npsRequestApi, type NpsRequestApi } from './npsRequestApi';
import { decodeJwtPayload } from '../auth/jwtClaims';
import { NpsProxySessionList, NpsRecording, type NpsProxySession } from '../launch/ssh/recordingSchemas';
import { NpsLiveSessionRequest, NpsLogCollection, NpsSessionPage, NpsSessionSummary, NpsToken } from './npsSchemas';

export type SummaryScope = 'mine' | 'all';

export interface SummaryQuery {
  skip?: number;
  take?: number;
  orderBy?: string;
  orderDescending?: boolean;
  filterText?: string;
  /** On the session's start, as ISO date-times. */
  startDate?: string;
  endDate?: string;
  resourceName?: string[];
  userName?: string[];
}

/** Calls that need the signed-in token. */
export interface NpsSessionApi {
  /** One page of `MySummaryByStatus/{status}` ('mine') or the admin `SummaryByStatus/{status}` ('all'). */
  summariesByStatus(scope: SummaryScope, status: string, query?: SummaryQuery): Promise<NpsSessionPage>;
  /**
   * Every page: asks for `pageSize` rows but advances by the rows actually received (a server may cap
   * pages lower), until `recordsTotal` is reached or, when the server leaves it out, until an empty page
   * or one shorter than the largest seen.
   */
  allSummariesByStatus(
    scope: SummaryScope,
    status: string,
    query?: Omit<SummaryQuery, 'skip' | 'take'>,
    pageSize?: number,
  ): Promise<NpsSessionSummary[]>;
  summaryById(id: string): Promise<NpsSessionSummary>;
  /** `DELETE /api/v1/ActivitySession/{id}`: ends the session as soon as possible (202). */
  endSession(id: string): Promise<void>;
  /** `PUT /api/v1/ActivitySession/lock` for the given sessions. */
  lockSessions(ids: string[], locked: boolean, message: string): Promise<NpsLiveSessionRequest>;
  sessionLogs(
    id: string,
    query?: { skip?: number; take?: number; orderDescending?: boolean },
  ): Promise<NpsLogCollection>;
  /** `GET /api/v1/ActivitySession/{id}/CanViewPassword`. */
  canViewPassword(id: string): Promise<boolean>;
  /**
   * `GET /api/v1/ActivitySession/{id}/Password`: the managed account's password at this moment (the server
   * records the reveal). Never cached, never logged.
   */
  password(id: string): Promise<string>;
  /** Create, approve, deny, extend and the policy look-ups they need (`npsRequestApi.ts`). */
  requests: NpsRequestApi;
  /** The signed-in user's managed account id (the token's `sub`), null when the token does not say. */
  managedAccountId(): string | null;
  /**
   * `GET /api/v1/ActivitySession/Ssh/{id}`: the SSH URL of the session at the server's SSH proxy, as the
   * server sends it. Untrusted: `launch/ssh/sshUrl.ts` parses it before anything is started.
   */
  sshUrl(id: string): Promise<string>;
  /** Sandbox addition `GET /sandbox/sessions/{id}/recordings`: the session's recorded SSH connections. */
  recordings(id: string): Promise<NpsProxySession[]>;
  /** Sandbox addition `GET /sandbox/sessions/{id}/recordings/{proxySessionId}`: one recording, checked. */
  recording(id: string, proxySessionId: string): Promise<NpsRecording>;
  /**
   * Sandbox addition `GET /sandbox/sessions/{id}/recordings/{proxySessionId}/live`: an open connection,
   * read-only, as newline-delimited JSON. Resolves once the server accepted; the body goes to `sink`.
   */
  watchLive(id: string, proxySessionId: string, sink: StreamSink): Promise<HttpStream>;
  /**
   * `GET /api/v1/ActivitySession/Rdp/{id}`: the session's .rdp file text. Untrusted: `launch/external/rdpFile.ts`
   * parses and rewrites it before any client sees it.
   */
  rdpFile(id: string): Promise<string>;
}

export interface NpsClient {
  readonly baseUrl: string;
  /** `POST /signinBody`: resolves with the pre-MFA token; wrong login or password → `credentials_invalid`. */
  signInWithPassword(login: string, password: string): Promise<string>;
  /**
   * `POST /signin2fa` with the pre-MFA token and the cookies `/signinBody` set; the code goes in the
   * forms a server may expect (`MFA_CODE_FORMS`). Wrong code → `mfa_invalid`; expired pre-MFA token or a
   * missing/expired sign-in cookie → `unauthorized`, with a message that says which.
   */
  signInWithMfa(preMfaToken: string, code: string): Promise<string>;
  withToken(token: string): NpsSessionApi;
  close(): void;
}

export type NpsClientOptions = TransportOptions;

const PAGE_CONCURRENCY = 4;
const MAX_ROWS = 1_000_000;

async function mapInBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += size) {
    results.push(...(await Promise.all(items.slice(index, index + size).map(fn))));
  }
  return results;
}

export type NpsClientFactory = (options: NpsClientOptions) => NpsClient;

export function createNpsClient(options: NpsClientOptions): NpsClient {
  return npsClientOver(createHttpTransport(options), options.baseUrl);
}

export function npsClientOver(transport: HttpTransport, baseUrl: string): NpsClient {
  async function json<S extends z.ZodType>(request: HttpRequest, schema: S, what: string): Promise<z.output<S>> {
    const response = await transport.send(request);
    return parseJson(response.body, response.contentType, schema, what, transport.origin);
  }

  async function signInStep(request: HttpRequest, failure: (status: PamError) => PamError): Promise<string> {
    try {
      return await json(request, NpsToken, 'the sign-in token');
    } catch (error) {
      if (error instanceof PamError) throw failure(error);
      throw error;
    }
  }

  // The form of the MFA code this server took last time, tried first next time.
  let mfaForm: MfaCodeForm | null = null;

  async function sendMfaCode(preMfaToken: string, code: string): Promise<string> {
    const forms = mfaForm ? [mfaForm, ...MFA_CODE_FORMS.filter((form) => form !== mfaForm)] : MFA_CODE_FORMS;
    let lastError: unknown = null;
    for (const form of forms) {
      try {
        const token = await json(
          { method: 'POST', path: '/signin2fa', token: preMfaToken, ...mfaCodeBody(form, code) },
          NpsToken,
          'the sign-in token',
        );
        mfaForm = form;
        return token;
      } catch (error) {
        lastError = error;
        // Only a body the server could not read (400/415 that is not about the code) is worth another form;
        // anything else was an answer about the code or the sign-in, and a retry would cost an attempt.
        if (!(error instanceof NpsHttpError) || !isUnreadableBody(error)) break;
      }
    }
    throw lastError;
  }

  return {
    baseUrl,
    signInWithPassword(login, password) {
      // A new sign-in is a new web session: nothing a previous one set is carried into it.
      transport.cookies.clear();
      return signInStep(
        { method: 'POST', path: '/signinBody', body: { Login: login, Password: password } },
        (error) => {
          if (['unauthorized', 'forbidden', 'invalid_input'].includes(error.code)) {
            return new PamError('credentials_invalid', 'The login or password is not correct.', { cause: error });
          }
          return error;
        },
      );
    },
    async signInWithMfa(preMfaToken, code) {
      const hadCookie = transport.cookies.count(transport.serverPath('/signin2fa')) > 0;
      try {
        return await sendMfaCode(preMfaToken, code.trim());
      } catch (error) {
        if (!(error instanceof PamError)) throw error;
        throw mfaFailure(error, {
          cookieLapsed: transport.cookies.lapsedFor(transport.serverPath('/signin2fa')),
          hadCookie,
        });
      }
    },
    withToken(token) {
      // A GET whose answer is one string (the SSH URL, the RDP file).
      const text = async (path: string, what: string): Promise<string> => {
        const response = await transport.send({ method: 'GET', path, token });
        return textFrom(response.body, response.contentType, transport.origin, what);
      };
      const api: NpsSessionApi = {
        summariesByStatus(scope, status, query = {}) {
          const route = scope === 'mine' ? 'MySummaryByStatus' : 'SummaryByStatus';
          return json(
            {
              method: 'GET',
              path: `/api/v1/ActivitySession/${route}/${encodeURIComponent(status)}`,
              query: { ...query },
              token,
            },
            NpsSessionPage,
            'the session list',
          );
        },
        async allSummariesByStatus(scope, status, query = {}, pageSize = 1000) {
          const fetchPage = (skip: number) => api.summariesByStatus(scope, status, { ...query, skip, take: pageSize });
          const first = await fetchPage(0);
          const rows = [...first.data];
          if (first.data.length === 0) return rows;
          if (first.recordsTotal === null) {
            rows.push(...(await pagesUntilShort(fetchPage, first.data)));
          } else if (rows.length < first.recordsTotal) {
            // The first page told us how many there are, and (by its length) how many rows the server hands
            // out per page, whatever `take` asked: fetch the rest a few ranges at a time over the keep-alive
            // pool (latency, not bandwidth, dominates against a remote server). Capped so a server that
            // reports an absurd total cannot make us loop.
            const total = Math.min(first.recordsTotal, MAX_ROWS);
            const step = first.data.length;
            const ranges: Array<[number, number]> = [];
            for (let skip = step; skip < total; skip += step) ranges.push([skip, Math.min(skip + step, total)]);
            const filled = await mapInBatches(ranges, PAGE_CONCURRENCY, ([from, to]) => fillRange(fetchPage, from, to));
            for (const part of filled) rows.push(...part);
          }
          // Sessions that appeared or ended between pages may leave duplicates; the next poll is exact again.
          const seen = new Set<string>();
          return rows.filter((row) => !seen.has(row.id) && (seen.add(row.id), true));
        },
        summaryById(id) {
          return json(
            { method: 'GET', path: `/api/v1/ActivitySession/SummaryById/${encodeURIComponent(id)}`, token },
            NpsSessionSummary,
            'the session',
          );
        },
        async endSession(id) {
          await transport.send({ method: 'DELETE', path: `/api/v1/ActivitySession/${encodeURIComponent(id)}`, token });
        },
        async lockSessions(ids, locked, message) {
          const response = await transport.send({
            method: 'PUT',
            path: '/api/v1/ActivitySession/lock',
            body: {
              activitySessionIds: ids,
              locked,
              lockMessage: message,
              lockTitle: locked ? 'Session locked' : 'Session unlocked',
            },
            token,
          });
          // The published answer echoes the request; an empty 200/204 is accepted as the same.
          if (!response.body.trim()) return { activitySessionIds: ids, locked, lockMessage: message };
          return parseJson(
            response.body,
            response.contentType,
            NpsLiveSessionRequest,
            'the lock result',
            transport.origin,
          );
        },
        sessionLogs(id, query = {}) {
          return json(
            {
              method: 'GET',
              path: `/api/v1/ActivitySession/${encodeURIComponent(id)}/Log`,
              query: { ...query },
              token,
            },
            NpsLogCollection,
            'the session log',
          );
        },
        canViewPassword(id) {
          return json(
            { method: 'GET', path: `/api/v1/ActivitySession/${encodeURIComponent(id)}/CanViewPassword`, token },
            z.boolean(),
            'the password permission',
          );
        },
        async password(id) {
          const response = await transport.send({
            method: 'GET',
            path: `/api/v1/ActivitySession/${encodeURIComponent(id)}/Password`,
            token,
          });
          return passwordFrom(response.body, response.contentType, transport.origin);
        },
        requests: npsRequestApi({ token, send: (request) => transport.send(request), json }),
        managedAccountId() {
          const sub = decodeJwtPayload(token)?.['sub'];
          return typeof sub === 'string' && sub ? sub : null;
        },
        sshUrl(id) {
          return text(`/api/v1/ActivitySession/Ssh/${encodeURIComponent(id)}`, 'the SSH address');
        },
        recordings(id) {
          return json(
            { method: 'GET', path: `/sandbox/sessions/${encodeURIComponent(id)}/recordings`, token },
            NpsProxySessionList,
            'the recordings list',
          );
        },
        recording(id, proxySessionId) {
          return json(
            {
              method: 'GET',
              path: `/sandbox/sessions/${encodeURIComponent(id)}/recordings/${encodeURIComponent(proxySessionId)}`,
              token,
            },
            NpsRecording,
            'the recording',
          );
        },
        watchLive(id, proxySessionId, sink) {
          if (!transport.stream) throw new PamError('not_available', 'This connection cannot stream.');
          return transport.stream(
            {
              method: 'GET',
              path: `/sandbox/sessions/${encodeURIComponent(id)}/recordings/${encodeURIComponent(proxySessionId)}/live`,
              token,
            },
            sink,
          );
        },
        rdpFile(id) {
          return text(`/api/v1/ActivitySession/Rdp/${encodeURIComponent(id)}`, 'the RDP file');
        },
      };
      return api;
    },
    close() {
      transport.close();
    },
  };
}

type PageFetch = (skip: number) => Promise<NpsSessionPage>;

/**
 * Rows `from` to `to`, however few rows each page brings (a page shorter than asked means a smaller
 * server-side cap, not the end). Stops early only on an empty page.
 */
async function fillRange(fetchPage: PageFetch, from: number, to: number): Promise<NpsSessionSummary[]> {
  const rows: NpsSessionSummary[] = [];
  for (let skip = from; skip < to;) {
    const page = await fetchPage(skip);
    if (page.data.length === 0) break;
    rows.push(...page.data);
    skip += page.data.length;
  }
  return rows;
}

/**
 * Without `recordsTotal`: page on until a page is empty, shorter than the largest page seen (the server's
 * page size), or brings nothing new (a server that ignores `skip`).
 */
async function pagesUntilShort(fetchPage: PageFetch, first: NpsSessionSummary[]): Promise<NpsSessionSummary[]> {
  const rows: NpsSessionSummary[] = [];
  const seen = new Set(first.map((row) => row.id));
  let pageSize = first.length;
  for (let skip = first.length; skip < MAX_ROWS;) {
    const page = await fetchPage(skip);
    const fresh = page.data.filter((row) => !seen.has(row.id));
    if (fresh.length === 0) break;
    for (const row of fresh) seen.add(row.id);
    rows.push(...page.data);
    skip += page.data.length;
    if (page.data.length < pageSize) break;
    pageSize = Math.max(pageSize, page.data.length);
  }
  return rows;
}

/**
 * How the MFA code travels. The reference's PowerShell sample posts `$MfaCode` as is with
 * `Content-Type: application/json` (the bare digits), servers that bind a `[FromBody] string` want a
 * JSON string, and some an object. The bare form goes first: a server that binds a string answers 400
 * to it without judging the code, while a server that reads the raw body would judge `"123456"` (quotes
 * included) a wrong code and count a failed attempt.
 */
export type MfaCodeForm = 'bare' | 'string' | 'object';
export const MFA_CODE_FORMS: readonly MfaCodeForm[] = ['bare', 'string', 'object'];

export function mfaCodeBody(form: MfaCodeForm, code: string): Pick<HttpRequest, 'body' | 'rawBody'> {
  if (form === 'bare') return { rawBody: code };
  if (form === 'string') return { body: code };
  return { body: { code } };
}

const ABOUT_THE_CODE =
  /\b(code|otp|totp|passcode|one-time|2fa|mfa|verification)\b.*\b(not correct|incorrect|invalid|wrong|expired|mismatch|failed)\b|\b(invalid|incorrect|wrong)\b.*\b(code|otp|totp|passcode)\b/i;
const ABOUT_THE_TOKEN = /invalid_token|token (has )?expired|expired token|token is not valid|token is invalid/i;
const ABOUT_THE_WEB_SESSION = /cookie|antiforgery|xsrf|csrf|\bsession\b/i;

/** A 400/415 that says the body could not be read (not that the code was wrong). */
function isUnreadableBody(error: NpsHttpError): boolean {
  if (error.status === 415) return true;
  return error.status === 400 && !ABOUT_THE_CODE.test(error.detail ?? '');
}

/**
 * Why `/signin2fa` refused, in words that say what to do. Only a refusal about the code is
 * `mfa_invalid`; a lapsed pre-MFA token or a missing/expired sign-in cookie is `unauthorized` (start
 * again), and says so instead of blaming the code.
 */
export function mfaFailure(error: PamError, context: { cookieLapsed: boolean; hadCookie: boolean }): PamError {
  if (!(error instanceof NpsHttpError) || ![400, 401, 403].includes(error.status)) return error;
  const words = `${error.authenticate} ${error.detail ?? ''}`;
  // ASP.NET's JwtBearer says `error="invalid_token"` when the pre-MFA token itself has lapsed.
  // (Only the token's own problems count: "the code … has expired" is a wrong code.)
  if (ABOUT_THE_TOKEN.test(words)) {
    return new PamError('unauthorized', 'The sign-in took too long. Sign in again.', { cause: error });
  }
  if (context.cookieLapsed || /cookie|antiforgery|xsrf|csrf/i.test(words)) {
    const why = context.cookieLapsed
      ? 'the sign-in cookie it set has expired'
      : context.hadCookie
        ? 'it no longer accepts the sign-in cookie it set'
        : 'it expected a sign-in cookie that it did not set or that did not reach it';
    return new PamError(
      'unauthorized',
      `The server refused the sign-in because ${why}, not because of the code. Sign in again.`,
      { cause: error },
    );
  }
  if (ABOUT_THE_CODE.test(words) || !error.detail) {
    return new PamError('mfa_invalid', 'The code is not correct or has expired. Enter the current code.', {
      cause: error,
    });
  }
  if (ABOUT_THE_WEB_SESSION.test(words)) {
    return new PamError('unauthorized', `The server ended this sign-in (${error.detail}). Sign in again.`, {
      cause: error,
    });
  }
  if (error.status === 400) {
    return new PamError('invalid_input', `The server did not accept the code (${error.detail}).`, { cause: error });
  }
  if (error.status === 403) {
    return new PamError('forbidden', `The server refused the sign-in (${error.detail}).`, { cause: error });
  }
  return new PamError('mfa_invalid', `The server refused the code (${error.detail}).`, { cause: error });
}

/**
 * The published answer is a JSON string (`"…"`); a server answering `text/plain` sends the bare text. The
 * body is never quoted in an error: it is the password (taken as sent, never trimmed).
 */
export function passwordFrom(body: string, contentType: string, origin: string): string {
  return stringFrom(body, contentType, origin, { what: 'the password', missing: 'a password', trim: false });
}

/** A JSON string or plain text answer (the SSH URL), at most 4 KiB; its content is checked by the caller. */
export function textFrom(body: string, contentType: string, origin: string, what: string): string {
  return stringFrom(body, contentType, origin, { what, missing: what, trim: true });
}

/** A JSON string or plain text of 1–4096 characters; the body itself never goes into a message. */
function stringFrom(
  body: string,
  contentType: string,
  origin: string,
  { what, missing, trim }: { what: string; missing: string; trim: boolean },
): string {
  const text = trim ? body.trim() : body;
  let value: unknown = text;
  if (/json/i.test(contentType) || text.startsWith('"')) {
    try {
      value = JSON.parse(body);
    } catch {
      throw new PamError('bad_response', `${origin} sent ${what} in an unreadable form.`);
    }
  } else if (/html/i.test(contentType)) {
    throw new PamError('bad_response', `${origin} answered with a web page instead of ${what}.`);
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
    throw new PamError('bad_response', `${origin} did not send ${missing}.`);
  }
  return value;
}

/** JSON → schema, with every way it can go wrong reported as `bad_response`. */
export function parseJson<S extends z.ZodType>(
  body: string,
  contentType: string,
  schema: S,
  what: string,
  origin: string,
): z.output<S> {
  const trimmed = body.trimStart();
  if (/html/i.test(contentType) || trimmed.startsWith('<')) {
    throw new PamError(
      'bad_response',
      `${origin} answered with a web page instead of ${what}. Is this the NPS server address?`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PamError('bad_response', `${origin} sent ${what} as malformed or incomplete JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.slice(0, 4).join('.')}` : '';
    throw new PamError(
      'bad_response',
      `${origin} sent ${what} in an unexpected shape${where}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data;
}
