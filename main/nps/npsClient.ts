/**
 * The NPS 4.2 REST client for one server: sign-in in two steps, then the activity-session calls.
 * Every answer is validated; every failure is a `PamError` with a stable code.
 */
import { z } from 'zod';
import { PamError } from '../router/pamError';
import { createHttpTransport, type HttpRequest, type HttpTransport, type TransportOptions } from './httpTransport';
import { NpsHttpError } from './npsErrors';
import { npsRequestApi, type NpsRequestApi } from './npsRequestApi';
import { decodeJwtPayload } from '../auth/jwtClaims';
import { NpsLiveSessionRequest, NpsLogCollection, NpsSessionPage, NpsSessionSummary, NpsToken } from './npsSchemas';

export type SummaryScope = 'mine' | 'all';

export interface SummaryQuery {
  skip?: number;
  take?: number;
  orderBy?: string;
  orderDescending?: boolean;
  filterText?: string;
  resourceName?: string[];
  userName?: string[];
}

/** Calls that need the signed-in token. */
export interface NpsSessionApi {
  /** One page of `MySummaryByStatus/{status}` ('mine') or the admin `SummaryByStatus/{status}` ('all'). */
  summariesByStatus(scope: SummaryScope, status: string, query?: SummaryQuery): Promise<NpsSessionPage>;
  /** Every page, `pageSize` rows at a time, until `recordsTotal` is reached (or a page comes back short). */
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
}

export interface NpsClient {
  readonly baseUrl: string;
  /** `POST /signinBody`: resolves with the pre-MFA token; wrong login or password → `credentials_invalid`. */
  signInWithPassword(login: string, password: string): Promise<string>;
  /** `POST /signin2fa` with the pre-MFA token; wrong code → `mfa_invalid`; expired pre-MFA token → `unauthorized`. */
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

  return {
    baseUrl,
    signInWithPassword(login, password) {
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
    signInWithMfa(preMfaToken, code) {
      return signInStep({ method: 'POST', path: '/signin2fa', body: code, token: preMfaToken }, (error) => {
        // ASP.NET's JwtBearer says `error="invalid_token"` when the pre-MFA token itself has lapsed.
        // (Only the token's own problems count: "the code … has expired" is a wrong code.)
        if (
          error instanceof NpsHttpError &&
          error.status === 401 &&
          /invalid_token|token (has )?expired|token is not valid/i.test(`${error.authenticate} ${error.detail ?? ''}`)
        ) {
          return new PamError('unauthorized', 'The sign-in took too long. Sign in again.', { cause: error });
        }
        if (['unauthorized', 'forbidden', 'invalid_input'].includes(error.code)) {
          return new PamError('mfa_invalid', 'The code is not correct or has expired. Enter the current code.', {
            cause: error,
          });
        }
        return error;
      });
    },
    withToken(token) {
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
          if (first.data.length === 0 || rows.length >= first.recordsTotal) return rows;
          // The first page told us how many there are: fetch the rest a few at a time over the keep-alive
          // pool (latency, not bandwidth, dominates against a remote server). Capped so a server that
          // reports an absurd total cannot make us loop.
          const total = Math.min(first.recordsTotal, MAX_ROWS);
          const skips: number[] = [];
          for (let skip = first.data.length; skip < total; skip += pageSize) skips.push(skip);
          const pages = await mapInBatches(skips, PAGE_CONCURRENCY, fetchPage);
          for (const page of pages) rows.push(...page.data);
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
      };
      return api;
    },
    close() {
      transport.close();
    },
  };
}

/**
 * The published answer is a JSON string (`"…"`); a server answering `text/plain` sends the bare text. The
 * body is never quoted in an error: it is the password.
 */
export function passwordFrom(body: string, contentType: string, origin: string): string {
  let value: unknown = body;
  if (/json/i.test(contentType) || body.startsWith('"')) {
    try {
      value = JSON.parse(body);
    } catch {
      throw new PamError('bad_response', `${origin} sent the password in an unreadable form.`);
    }
  } else if (/html/i.test(contentType)) {
    throw new PamError('bad_response', `${origin} answered with a web page instead of the password.`);
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
    throw new PamError('bad_response', `${origin} did not send a password.`);
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
