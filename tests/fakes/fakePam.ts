/**
 * An in-memory `PamApi` (what `window.pam` is), for developing and screenshotting the renderer without
 * main, and for renderer tests that need exact control (feed offline, an error on one action).
 * It keeps state like the real core does: sessions move Canceling → Complete after `end`, lock toggles,
 * logs grow. It never touches the network.
 */
import type {
  ActionResults,
  AuthState,
  FeedStatus,
  HistoryStatus,
  HistoryLog,
  HistoryRecording,
  HistoryRecordingList,
  PamApi,
  Preferences,
  Result,
  SessionDelta,
  SessionRow,
  SessionScope,
  SessionUiStatus,
  LogLine,
  ErrorCode,
  ProfileList,
} from '../../contract';

type Listener<T> = (payload: T) => void;

/** The fake keeps no history yet: always closed (the History page's tests will give it one). */
const closedHistory: HistoryStatus = {
  open: false,
  profileId: null,
  login: null,
  syncing: false,
  progress: null,
  syncedAt: null,
  count: 0,
  persistent: false,
  note: null,
  readOnlyReason: null,
  quarantined: [],
  error: null,
  offline: false,
};

export interface FakePamOptions {
  /** Sessions of other users shown to administrators (in addition to one per status for the user). */
  extraSessions?: number;
  /** Milliseconds between Canceling and Complete after `end`. */
  cancelMs?: number;
  /** Start signed in as this login (alice, adam…) instead of signed out. */
  signedInAs?: string | null;
  /** Artificial latency of every action. */
  latencyMs?: number;
  /** What `profiles.list` answers (main's saved servers and the last one used); none by default. */
  profiles?: ProfileList;
}

export interface FakePam {
  api: PamApi;
  /** Pushes a feed status as main would (offline, error, live). */
  emitFeed(status: Partial<FeedStatus> & { state: FeedStatus['state'] }): void;
  /** Changes a session's status and emits the delta, as a poll would. */
  setStatus(id: string, status: SessionUiStatus): void;
  /** Changes many sessions in one poll (one delta). */
  setStatuses(ids: string[], status: SessionUiStatus): void;
  /** Makes the next call of an action fail with this code. */
  failNext(action: string, code: ErrorCode, message?: string): void;
  expireSession(): void;
  rows(): SessionRow[];
}

const demoUsers = [
  { login: 'alice', password: 'alice-demo-pw', role: 'user' as const, displayName: 'Alice Andersen' },
  { login: 'bob', password: 'bob-demo-pw', role: 'user' as const, displayName: 'Bob Brown' },
  { login: 'rita', password: 'rita-demo-pw', role: 'approver' as const, displayName: 'Rita Reyes' },
  { login: 'adam', password: 'adam-demo-pw', role: 'admin' as const, displayName: 'Adam Admin' },
  { login: 'helen', password: 'helen-demo-pw', role: 'helpdesk' as const, displayName: 'Helen Help' },
];

const statuses: SessionUiStatus[] = [
  'scheduled',
  'provisioning',
  'waitingApproval',
  'available',
  'loggedIn',
  'canceling',
  'complete',
  'failed',
  'approvalFailed',
  'approvalDenied',
  'cancelled',
  'locked',
  'unknown',
];
const hosts = [
  'web01.corp.example',
  'db-prod-02.corp.example',
  'dc01.corp.example',
  'app-stage-3.corp.example',
  'files.corp.example',
  'jump-linux-01.corp.example',
];
const activities = [
  'Windows Admin Access',
  'Linux Root Shell',
  'SQL DBA Session',
  'Domain Admin (Break Glass)',
  'Read-only Audit',
];

function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

function makeRow(n: number, user: string, status: SessionUiStatus, now: number): SessionRow {
  const requested = now - (n % 50) * 7 * 60_000 - 30 * 60_000;
  const host = hosts[n % hosts.length]!;
  const linux = host.includes('linux') || host.includes('db');
  return {
    id: uuid(n),
    status,
    npsStatus: status === 'unknown' ? 'Mystery' : status,
    statusMessage: status === 'failed' ? 'Could not add the login account to the local Administrators group.' : '',
    requestedAt: new Date(requested).toISOString(),
    startAt: new Date(requested + 60_000).toISOString(),
    endAt: new Date(requested + 61 * 60_000).toISOString(),
    actualStartAt: ['available', 'loggedIn', 'canceling', 'complete', 'locked'].includes(status)
      ? new Date(requested + 90_000).toISOString()
      : null,
    actualEndAt: status === 'complete' ? new Date(requested + 40 * 60_000).toISOString() : null,
    host,
    hostOs: linux ? 'Linux' : 'Windows',
    loginAccount: linux ? `pam_${user}` : `CORP\\sbpam_${user}`,
    activity: activities[n % activities.length]!,
    activityType: linux ? 'SSH' : 'RDP',
    resourceType: 'Host',
    userType: 'User',
    user,
    policy: n % 2 ? 'Server Admins' : 'Database Operators',
    locked: status === 'locked',
    canViewPassword: status === 'available' || status === 'loggedIn',
    viewPasswordInSeconds: 20,
    note: n % 3 === 0 ? 'Patch window, change CHG-1042' : '',
    ticket: n % 3 === 0 ? `CHG-${1000 + n}` : '',
  };
}

export function createFakePam(options: FakePamOptions = {}): FakePam {
  const cancelMs = options.cancelMs ?? 2500;
  const latency = options.latencyMs ?? 60;
  const now = Date.now();
  const authListeners = new Set<Listener<AuthState>>();
  const deltaListeners = new Set<Listener<SessionDelta>>();
  const feedListeners = new Set<Listener<FeedStatus>>();
  const failures = new Map<string, { code: ErrorCode; message: string }>();
  const trusted = new Set<string>();
  const logs = new Map<string, LogLine[]>();
  let prefs: Preferences = { pollIntervalSeconds: 15, views: {} };
  let watched: SessionScope | null = null;
  let pendingLogin: { url: string; login: string } | null = null;

  const rows = new Map<string, SessionRow>();
  let n = 0;
  for (const status of statuses) {
    const row = makeRow(++n, 'alice', status, now);
    rows.set(row.id, row);
  }
  const others = ['bob', 'carol', 'dave', 'erin', 'frank'];
  for (let i = 0; i < (options.extraSessions ?? 24); i++) {
    const row = makeRow(++n, others[i % others.length]!, statuses[(i * 5) % 6]!, now);
    rows.set(row.id, row);
  }

  const userFor = (login: string) => {
    const demo = demoUsers.find((u) => u.login === login) ?? { login, displayName: login, role: 'user' as const };
    return { login, displayName: demo.displayName, roles: [demo.role], isAdmin: demo.role === 'admin' };
  };
  let auth: AuthState = options.signedInAs
    ? { status: 'signedIn', serverUrl: 'https://127.0.0.1:6500', user: userFor(options.signedInAs), sandbox: true }
    : { status: 'signedOut', reason: 'none' };

  const setAuth = (next: AuthState) => {
    auth = next;
    for (const listener of authListeners) listener(next);
  };
  const visible = (scope: SessionScope) => {
    if (auth.status !== 'signedIn') return [];
    const login = auth.user.login;
    const all = [...rows.values()];
    return scope === 'all' ? all : all.filter((row) => row.user === login);
  };
  const emitDelta = (upserted: SessionRow[], removed: string[] = []) => {
    if (!watched) return;
    const scope = watched;
    const mine = auth.status === 'signedIn' ? auth.user.login : '';
    const shown = scope === 'all' ? upserted : upserted.filter((row) => row.user === mine);
    if (!shown.length && !removed.length) return;
    const delta: SessionDelta = { scope, upserted: shown, removed, fetchedAt: new Date().toISOString() };
    for (const listener of deltaListeners) listener(delta);
  };
  const emitFeed = (status: Partial<FeedStatus> & { state: FeedStatus['state'] }) => {
    const full: FeedStatus = { message: '', code: null, lastSuccessAt: new Date().toISOString(), ...status };
    for (const listener of feedListeners) listener(full);
  };

  async function act<T>(name: string, run: () => T | Promise<T>): Promise<Result<T>> {
    await new Promise((resolve) => setTimeout(resolve, latency));
    const failure = failures.get(name);
    if (failure) {
      failures.delete(name);
      return { ok: false, error: failure };
    }
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const e = error as { code?: ErrorCode; message?: string };
      return { ok: false, error: { code: e.code ?? 'internal', message: e.message ?? 'failed' } };
    }
  }
  const fail = (code: ErrorCode, message: string) => Object.assign(new Error(message), { code });

  const logFor = (id: string): LogLine[] => {
    let lines = logs.get(id);
    if (!lines) {
      const start = Date.parse(rows.get(id)?.requestedAt ?? new Date().toISOString());
      lines = [
        ['Requested', 'Session requested by the user'],
        ['Provisioning', 'Adding login account to local group Administrators'],
        ['Provisioning', 'Login account enabled'],
        ['Available', 'Session is available'],
      ].map(([status, message], i) => ({
        lineNumber: i + 1,
        timestamp: new Date(start + i * 20_000).toISOString(),
        status: status!,
        message: message!,
      }));
      logs.set(id, lines);
    }
    return lines;
  };
  const appendLog = (id: string, status: string, message: string) => {
    const lines = logFor(id);
    lines.push({ lineNumber: lines.length + 1, timestamp: new Date().toISOString(), status, message });
  };

  const api: PamApi = {
    app: {
      info: () =>
        act('app.info', () => ({
          name: 'PAM Desk',
          version: '0.1.0',
          transport: 'bridge' as const,
          platform: 'linux',
        })),
      setVisible: () => act('app.setVisible', () => null),
    },
    auth: {
      state: () => act('auth.state', () => auth),
      probe: (input) =>
        act('auth.probe', () => {
          const url = input.url;
          if (url.includes('unreachable')) throw fail('unreachable', 'connect ECONNREFUSED');
          const selfSigned = url.includes('selfsigned');
          return {
            url,
            tls: url.startsWith('http:')
              ? ('none' as const)
              : selfSigned && !trusted.has(url)
                ? ('untrusted' as const)
                : trusted.has(url)
                  ? ('pinned' as const)
                  : ('trusted' as const),
            fingerprint:
              'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
            subject: 'CN=pam.corp.example',
            issuer: selfSigned ? 'CN=pam.corp.example' : 'CN=Corp Issuing CA',
            validTo: new Date(now + 365 * 86_400_000).toISOString(),
          };
        }),
      trust: (input) =>
        act('auth.trust', () => {
          trusted.add(input.url);
          return {
            url: input.url,
            tls: 'pinned' as const,
            fingerprint: input.fingerprint,
            subject: 'CN=pam.corp.example',
            issuer: 'CN=pam.corp.example',
            validTo: null,
          };
        }),
      signIn: (input) =>
        act('auth.signIn', () => {
          if (input.url.includes('mismatch')) throw fail('certificate_mismatch', 'pinned fingerprint differs');
          const demo = demoUsers.find((u) => u.login === input.login);
          if (!demo || demo.password !== input.password)
            throw fail('credentials_invalid', 'Invalid login or password.');
          pendingLogin = { url: input.url, login: input.login };
          setAuth({ status: 'mfaRequired', serverUrl: input.url, login: input.login, sandbox: true });
          return { next: 'mfa' as const };
        }),
      verifyMfa: (input) =>
        act('auth.verifyMfa', () => {
          if (!pendingLogin) throw fail('unauthorized', 'Sign in first.');
          if (input.code !== '123456') throw fail('mfa_invalid', 'The code is wrong or expired.');
          setAuth({
            status: 'signedIn',
            serverUrl: pendingLogin.url,
            user: userFor(pendingLogin.login),
            sandbox: true,
          });
          pendingLogin = null;
          return auth;
        }),
      signOut: () =>
        act('auth.signOut', () => {
          watched = null;
          setAuth({ status: 'signedOut', reason: 'signedOut' });
          return auth;
        }),
      onChanged: (listener) => {
        authListeners.add(listener);
        return () => authListeners.delete(listener);
      },
    },
    sandbox: {
      start: () => act('sandbox.start', () => ({ url: 'https://127.0.0.1:6500', fingerprint: null, users: demoUsers })),
      mfaCode: () => act('sandbox.mfaCode', () => ({ code: '123456', secondsLeft: 21 })),
    },
    sessions: {
      watch: (input) =>
        act('sessions.watch', () => {
          if (auth.status !== 'signedIn') throw fail('unauthorized', 'Sign in first.');
          watched = input.scope;
          setTimeout(() => emitFeed({ state: 'live' }), 10);
          return { scope: input.scope, rows: visible(input.scope), fetchedAt: new Date().toISOString() };
        }),
      unwatch: () => act('sessions.unwatch', () => ((watched = null), null)),
      refresh: () =>
        act('sessions.refresh', () => {
          emitFeed({ state: 'live' });
          return null;
        }),
      end: (input) =>
        act('sessions.end', (): ActionResults => {
          const results = input.ids.map((id) => {
            const row = rows.get(id);
            if (!row) return { id, ok: false, message: 'Session not found.' };
            if (['complete', 'cancelled', 'failed'].includes(row.status))
              return { id, ok: false, message: 'The session has already ended.' };
            const canceling = { ...row, status: 'canceling' as const, npsStatus: 'Cancelling' };
            rows.set(id, canceling);
            appendLog(id, 'Canceling', 'Session end requested');
            setTimeout(() => {
              const done = {
                ...canceling,
                status: 'complete' as const,
                npsStatus: 'Completed',
                actualEndAt: new Date().toISOString(),
              };
              rows.set(id, done);
              appendLog(id, 'Complete', 'Password rotated, session complete');
              emitDelta([done]);
            }, cancelMs);
            return { id, ok: true, message: '' };
          });
          emitDelta(results.filter((r) => r.ok).map((r) => rows.get(r.id)!));
          return { results };
        }),
      lock: (input) =>
        act('sessions.lock', (): ActionResults => {
          if (auth.status !== 'signedIn' || !auth.user.isAdmin) throw fail('forbidden', 'Administrators only.');
          const changed: SessionRow[] = [];
          const results = input.ids.map((id) => {
            const row = rows.get(id);
            if (!row) return { id, ok: false, message: 'Session not found.' };
            const next = {
              ...row,
              locked: input.locked,
              status: input.locked ? ('locked' as const) : ('available' as const),
            };
            rows.set(id, next);
            changed.push(next);
            appendLog(
              id,
              input.locked ? 'Locked' : 'Unlocked',
              input.message || (input.locked ? 'Locked by an administrator' : 'Unlocked'),
            );
            return { id, ok: true, message: '' };
          });
          emitDelta(changed);
          return { results };
        }),
      logs: (input) => act('sessions.logs', () => ({ id: input.id, lines: logFor(input.id).slice() })),
      onDelta: (listener) => {
        deltaListeners.add(listener);
        return () => deltaListeners.delete(listener);
      },
      onFeed: (listener) => {
        feedListeners.add(listener);
        return () => feedListeners.delete(listener);
      },
    },
    prefs: {
      get: () => act('prefs.get', () => prefs),
      update: (patch) =>
        act('prefs.update', () => {
          prefs = {
            pollIntervalSeconds: patch.pollIntervalSeconds ?? prefs.pollIntervalSeconds,
            views: patch.view ? { ...prefs.views, [patch.view.key]: patch.view.pref } : prefs.views,
            ...((patch.keychainNotice ?? prefs.keychainNotice)
              ? { keychainNotice: patch.keychainNotice ?? prefs.keychainNotice }
              : {}),
          };
          return prefs;
        }),
    },
    // Minimal stand-ins for the credentials/profiles/keychain channels (issue 4).
    profiles: {
      list: () => act('profiles.list', () => options.profiles ?? { profiles: [], lastUsedId: null }),
      use: () =>
        act('profiles.use', (): AuthState => {
          throw fail('not_found', 'No such profile.');
        }),
      update: () => act('profiles.update', () => ({ profiles: [], lastUsedId: null })),
      remove: () => act('profiles.remove', () => ({ profiles: [], lastUsedId: null })),
      onChanged: () => () => undefined,
    },
    keychain: {
      status: () => act('keychain.status', () => ({ backend: 'memory', degraded: false, reason: null, message: '' })),
      onChanged: () => () => undefined,
    },
    history: {
      status: () => act('history.status', () => closedHistory),
      sync: () =>
        act('history.sync', () => {
          throw fail('unauthorized', 'Sign in to open your session history.');
        }),
      query: () => act('history.query', () => ({ rows: [], total: 0 })),
      facets: () => act('history.facets', () => ({ users: [], resources: [], types: [] })),
      cached: () => act('history.cached', () => ({ histories: [] })),
      openOffline: () =>
        act('history.openOffline', (): HistoryStatus => {
          throw fail('not_found', 'No history of this server and user is kept on this computer.');
        }),
      forget: () => act('history.forget', () => null),
      closeOffline: () => act('history.closeOffline', () => null),
      log: () =>
        act('history.log', (): HistoryLog => {
          throw fail('unauthorized', 'Sign in to open your session history.');
        }),
      logInfo: ({ id }) => act('history.logInfo', () => ({ id, cached: false })),
      recordings: () =>
        act('history.recordings', (): HistoryRecordingList => {
          throw fail('unauthorized', 'Sign in to open your session history.');
        }),
      recording: () =>
        act('history.recording', (): HistoryRecording => {
          throw fail('unauthorized', 'Sign in to open your session history.');
        }),
      onChanged: () => () => undefined,
    },
    credentials: {
      copy: (input) =>
        act('credentials.copy', () => ({
          sessionId: input.sessionId,
          what: input.what,
          copiedAt: new Date().toISOString(),
          clearsAt: new Date(Date.now() + 20_000).toISOString(),
          clearAfterSeconds: 20,
        })),
      view: (input) =>
        act('credentials.view', () => ({
          sessionId: input.sessionId,
          loginAccount: rows.get(input.sessionId)?.loginAccount ?? '',
          password: 'fake-password',
          seconds: 20,
        })),
      clearClipboard: () => act('credentials.clearClipboard', () => null),
      audit: (input) => act('credentials.audit', () => ({ sessionId: input.sessionId, entries: [] })),
      onClipboard: () => () => undefined,
    },
    // Minimal stand-ins for the request/approval channels (issue 11; the real ones are tested on the sandbox).
    requests: {
      options: () => act('requests.options', () => ({ activities: [] })),
      resources: (input) => act('requests.resources', () => ({ ...input, resources: [] })),
      create: () => act('requests.create', () => ({ ids: [], recovered: false })),
      extend: (input) => act('requests.extend', () => ({ id: input.id, endAt: null })),
    },
    approvals: {
      list: () =>
        act('approvals.list', () => ({ pending: [], decided: [], fetchedAt: new Date().toISOString(), pollMs: 5000 })),
      decide: (input) =>
        act('approvals.decide', () => ({ results: input.ids.map((id) => ({ id, ok: true, message: '' })) })),
    },
    // The fake has no SSH proxy: launching says so; the rest accepts and does nothing.
    terminal: {
      open: () =>
        act('terminal.open', () => {
          throw fail('not_available', 'The fake PAM has no SSH proxy.');
        }),
      input: () => act('terminal.input', () => null),
      ack: () => act('terminal.ack', () => null),
      resize: () => act('terminal.resize', () => null),
      answer: () => act('terminal.answer', () => null),
      close: () => act('terminal.close', () => null),
      watch: () =>
        act('terminal.watch', () => {
          throw fail('not_available', 'The fake PAM has no SSH proxy.');
        }),
      onOutput: () => () => undefined,
      onStatus: () => () => undefined,
      onPrompt: () => () => undefined,
    },
    recordings: {
      list: () => act('recordings.list', () => ({ recordings: [] })),
      get: () =>
        act('recordings.get', () => {
          throw fail('not_available', 'The fake PAM has no recordings.');
        }),
    },
    external: {
      clients: () =>
        act('external.clients', () => ({
          rdp: [],
          terminals: [],
          ssh: false,
          choice: { ssh: 'app' as const, rdp: 'app' as const },
        })),
      choose: () =>
        act('external.choose', () => {
          throw fail('not_available', 'The fake PAM has no external clients.');
        }),
      launch: () =>
        act('external.launch', () => {
          throw fail('not_available', 'The fake PAM has no external clients.');
        }),
      details: () =>
        act('external.details', () => {
          throw fail('not_available', 'The fake PAM has no SSH proxy.');
        }),
      takeLink: () => act('external.takeLink', () => null),
      pendingLink: () => act('external.pendingLink', () => null),
      onLink: () => () => undefined,
      onLinkRefused: () => () => undefined,
    },
    notifications: {
      onShow: () => () => undefined,
      onOpened: () => () => undefined,
      onCounts: () => () => undefined,
    },
    rdp: {
      open: () =>
        act('rdp.open', () => {
          throw fail('not_available', 'The fake PAM has no RDP gateway.');
        }),
      input: () => act('rdp.input', () => null),
      ack: () => act('rdp.ack', () => null),
      answer: () => act('rdp.answer', () => null),
      close: () => act('rdp.close', () => null),
      onFrame: () => () => undefined,
      onStatus: () => () => undefined,
      onPrompt: () => () => undefined,
    },
  };

  return {
    api,
    emitFeed,
    setStatus(id, status) {
      const row = rows.get(id);
      if (!row) return;
      const next = { ...row, status };
      rows.set(id, next);
      emitDelta([next]);
    },
    setStatuses(ids, status) {
      const changed = ids.flatMap((id) => {
        const row = rows.get(id);
        if (!row) return [];
        const next = { ...row, status };
        rows.set(id, next);
        return [next];
      });
      emitDelta(changed);
    },
    failNext(action, code, message = 'Failed on purpose.') {
      failures.set(action, { code, message });
    },
    expireSession() {
      watched = null;
      setAuth({ status: 'signedOut', reason: 'expired' });
    },
    rows: () => [...rows.values()],
  };
}
