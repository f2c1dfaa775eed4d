/**
 * The NPS 4.2 REST client for one server: sign-in in two steps, then the activity-session calls.
 * Every answer is validated; every failure is a `PamError` with a stable code. How an answer's body is
 * read (`npsAnswers`), an MFA code sent and its refusal worded (`mfaCode`) and a list paged (`npsPaging`)
 * live beside it; the request and approval calls are `npsRequestApi`.
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
import { parseJson, passwordFrom, textFrom } from './npsAnswers';
import { createMfaCodeSender, mfaFailure } from './mfaCode';
import { allPages } from './npsPaging';
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

  const mfaCode = createMfaCodeSender((request) => json(request, NpsToken, 'the sign-in token'));

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
        return await mfaCode.send(preMfaToken, code.trim());
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
        allSummariesByStatus(scope, status, query = {}, pageSize = 1000) {
          return allPages((skip) => api.summariesByStatus(scope, status, { ...query, skip, take: pageSize }));
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
