/**
 * An in-memory `NpsClient` for unit tests of the services above it (auth, session feed, actions).
 * It keeps sessions, checks the password, code and token the way the server would, and can be told to
 * fail the next calls with a given error.
 */
import type { NpsClient, NpsClientOptions, NpsSessionApi, SummaryScope } from '../../main/nps/npsClient';
import type { NpsSessionSummary } from '../../main/nps/npsSchemas';
import { PamError } from '../../main/errors/pamError';
import type { ErrorCode } from '../../contract';

export interface FakeUser {
  login: string;
  password: string;
  code: string;
  roles: string[];
  displayName: string;
}

/** A JWT-shaped token (unsigned) carrying the claims the app reads. */
export function fakeToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.fake-signature`;
}

export function fakeSummary(id: string, overrides: Partial<NpsSessionSummary> = {}): NpsSessionSummary {
  return {
    id,
    status: 'ActiveNoLogon',
    sessionStatus: 'Active',
    managedResourceDisplayName: `host-${id.slice(0, 4)}`,
    loginAccountName: 'svc-admin',
    userDisplayName: 'Alice Example',
    activityName: 'Remote Desktop',
    activityType: 'Interactive',
    createdDateTimeUtc: '2026-01-01T10:00:00Z',
    startDateTimeUtc: '2026-01-01T10:00:00Z',
    endDateTimeUtc: '2026-01-01T12:00:00Z',
    canViewPassword: true,
    viewPasswordInSeconds: 20,
    locked: false,
    ...overrides,
  };
}

export class FakeNps {
  readonly users: FakeUser[] = [
    { login: 'alice', password: 'alice-pw', code: '123456', roles: ['user'], displayName: 'Alice Example' },
    { login: 'adam', password: 'adam-pw', code: '654321', roles: ['admin', 'user'], displayName: 'Adam Admin' },
  ];
  sessions = new Map<string, NpsSessionSummary>();
  /** Every call, by name, in order (tests assert on what reached the "server"). */
  readonly calls: string[] = [];
  readonly createdWith: NpsClientOptions[] = [];
  /** The managed accounts' passwords by session id (default `pw-<first 8 of id>`); rotated by `rotate`. */
  readonly passwords = new Map<string, string>();
  /** What `sshUrl` answers by session id (tests set hostile ones). */
  readonly sshUrls = new Map<string, string>();
  /** What `rdpFile` answers by session id (tests set hostile ones); otherwise a file naming 127.0.0.1:4489. */
  readonly rdpFiles = new Map<string, string>();
  private failures: PamError[] = [];
  private readonly validTokens = new Set<string>();
  private readonly preTokens = new Map<string, FakeUser>();

  /** The next `count` calls that reach the API fail with `code`. */
  failNext(code: ErrorCode, count = 1, message = `fake ${code}`): void {
    for (let i = 0; i < count; i += 1) this.failures.push(new PamError(code, message));
  }

  /** Makes every issued token invalid, like a server-side expiry. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  passwordOf(id: string): string {
    return this.passwords.get(id) ?? `pw-${id.slice(0, 8)}`;
  }

  put(summary: NpsSessionSummary): void {
    this.sessions.set(summary.id, summary);
  }

  readonly factory = (options: NpsClientOptions): NpsClient => {
    this.createdWith.push(options);
    return this.client(options.baseUrl);
  };

  private hit(name: string): void {
    this.calls.push(name);
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  private client(baseUrl: string): NpsClient {
    return {
      baseUrl,
      signInWithPassword: async (login, password) => {
        this.hit('signInWithPassword');
        const user = this.users.find((u) => u.login === login && u.password === password);
        if (!user) throw new PamError('credentials_invalid', 'The login or password is not correct.');
        const token = fakeToken({ sub: login, mfa: false, n: Math.random() });
        this.preTokens.set(token, user);
        return token;
      },
      signInWithMfa: async (preMfaToken, code) => {
        this.hit('signInWithMfa');
        const user = this.preTokens.get(preMfaToken);
        if (!user) throw new PamError('unauthorized', 'The sign-in took too long. Sign in again.');
        if (code !== user.code) throw new PamError('mfa_invalid', 'The code is not correct or has expired.');
        const token = fakeToken({
          sub: user.login,
          unique_name: user.login,
          name: user.displayName,
          role: user.roles,
          mfa: true,
          n: Math.random(),
        });
        this.validTokens.add(token);
        return token;
      },
      withToken: (token) => this.api(token),
      close: () => undefined,
    };
  }

  private api(token: string): NpsSessionApi {
    const guard = (name: string) => {
      this.hit(name);
      if (!this.validTokens.has(token)) throw new PamError('unauthorized', 'Your session has expired. Sign in again.');
    };
    const list = (scope: SummaryScope) => {
      guard(`summaries:${scope}`);
      return [...this.sessions.values()];
    };
    const api: NpsSessionApi = {
      summariesByStatus: async (scope, _status, query = {}) => {
        const all = list(scope);
        const skip = query.skip ?? 0;
        return { data: all.slice(skip, skip + (query.take ?? all.length)), recordsTotal: all.length };
      },
      allSummariesByStatus: async (scope) => list(scope),
      summaryById: async (id) => {
        guard('summaryById');
        const found = this.sessions.get(id);
        if (!found) throw new PamError('not_found', 'Not found on the server.');
        return found;
      },
      endSession: async (id) => {
        guard('endSession');
        const found = this.sessions.get(id);
        if (!found) throw new PamError('not_found', 'Not found on the server.');
        this.sessions.set(id, { ...found, status: 'Cancelling', sessionStatus: 'Cancelling' });
      },
      lockSessions: async (ids, locked, message) => {
        guard('lockSessions');
        for (const id of ids) {
          const found = this.sessions.get(id);
          if (!found) throw new PamError('not_found', 'Not found on the server.');
          this.sessions.set(id, { ...found, locked });
        }
        return { activitySessionIds: ids, locked, lockMessage: message };
      },
      sessionLogs: async (id) => {
        guard('sessionLogs');
        if (!this.sessions.has(id)) throw new PamError('not_found', 'Not found on the server.');
        return {
          lines: [
            { lineNumber: 1, timestamp: '2026-01-01T10:00:00Z', statusString: 'Info', logMessage: 'Session started' },
          ],
          totalCount: 1,
        };
      },
      canViewPassword: async (id) => {
        guard('canViewPassword');
        const found = this.sessions.get(id);
        if (!found) throw new PamError('not_found', 'Not found on the server.');
        return found.canViewPassword === true && ['ActiveNoLogon', 'Active'].includes(String(found.status));
      },
      password: async (id) => {
        guard('password');
        const found = this.sessions.get(id);
        if (!found) throw new PamError('not_found', 'Not found on the server.');
        if (found.canViewPassword !== true) throw new PamError('forbidden', 'You are not allowed to do this.');
        if (!['ActiveNoLogon', 'Active'].includes(String(found.status)))
          throw new PamError('conflict', 'This does not apply to the session in its current state.');
        return this.passwordOf(id);
      },
      // Requests are exercised against the real sandbox (tests/integration/requests); the fake refuses them.
      requests: {
        activityCards: async () => unsupported('activityCards'),
        candidateResources: async () => unsupported('candidateResources'),
        createSessions: async () => unsupported('createSessions'),
        summariesWithKeys: async () => unsupported('summariesWithKeys'),
        approve: async () => unsupported('approve'),
        deny: async () => unsupported('deny'),
        extend: async () => unsupported('extend'),
      },
      managedAccountId: () => null,
      sshUrl: async (id) => {
        guard('sshUrl');
        const found = this.sessions.get(id);
        if (!found) throw new PamError('not_found', 'Not found on the server.');
        if (!['ActiveNoLogon', 'Active'].includes(String(found.status)))
          throw new PamError('conflict', 'This does not apply to the session in its current state.');
        return (
          this.sshUrls.get(id) ??
          `ssh://${encodeURIComponent(`${String(found.userDisplayName ?? 'user')}+ssh+host`)}@127.0.0.1:4422`
        );
      },
      recordings: async () => [],
      recording: async () => unsupported('recording'),
      watchLive: async () => unsupported('watchLive'),
      rdpFile: async (id) => {
        guard('rdpFile');
        const found = this.sessions.get(id);
        if (!found) throw new PamError('not_found', 'Not found on the server.');
        if (!['ActiveNoLogon', 'Active'].includes(String(found.status)))
          throw new PamError('conflict', 'This does not apply to the session in its current state.');
        const name = `${String(found.userDisplayName ?? 'user')}+rdp+host`;
        return (
          this.rdpFiles.get(id) ??
          `full address:s:127.0.0.1:4489\r\nusername:s:${name}\r\nloadbalanceinfo:s:${name}\r\n`
        );
      },
    };
    return api;
  }
}

function unsupported(name: string): never {
  throw new PamError('not_available', `The fake NPS client does not implement ${name}.`);
}
