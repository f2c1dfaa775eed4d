/** Shared helpers for the sandbox's HTTP tests: start a sandbox, sign in, call the API, wait for state. */
import { type SandboxHandle, type SandboxOptions, startSandbox } from '../../../sandbox/index';

export const FAST = { provisioningMs: 150, cancellingMs: 150, approvalTimeoutMs: 60_000, minuteMs: 1000 };

export function startTestSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  return startSandbox({
    http: true,
    dataDir: null,
    ...options,
    timings: { ...FAST, ...options.timings },
    log: options.log ?? (() => undefined),
  });
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function call<T = unknown>(
  handle: { url: string },
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${handle.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/**
 * Signs `login` in. A code is good once per user: when this user's codes for this time step and the next
 * were both used already, waits for a code that was not, as a person would wait for the next one.
 */
/**
 * Tokens this file handed out, per sandbox and login. A sandbox accepts each MFA code once per user, so a
 * third sign-in of one user within a 30-second step has to wait for the next code; tests that just need to
 * act as a user get the token they already had, as long as the sandbox still accepts it.
 */
const tokens = new WeakMap<SandboxHandle, Map<string, string>>();

/** Signs `login` in (both steps), or hands back that user's earlier token while it is still accepted. */
export async function signIn(handle: SandboxHandle, login: string): Promise<string> {
  const known = tokens.get(handle) ?? new Map<string, string>();
  tokens.set(handle, known);
  const earlier = known.get(login);
  if (earlier !== undefined) {
    const probe = await call(handle, 'GET', '/api/v1/ActivitySession/MySummaryByStatus/Active?skip=0&take=1', {
      token: earlier,
    });
    if (probe.status === 200) return earlier;
  }
  const token = await signInAgain(handle, login);
  known.set(login, token);
  return token;
}

/** A fresh sign-in of `login`, waiting for the next MFA code when the current one was used already. */
export async function signInAgain(handle: SandboxHandle, login: string): Promise<string> {
  const user = handle.users.find((u) => u.login === login);
  if (!user) throw new Error(`no user ${login}`);
  const first = await call<string>(handle, 'POST', '/signinBody', { body: { Login: login, Password: user.password } });
  if (first.status !== 200) throw new Error(`signinBody ${first.status}: ${first.text}`);
  const code = handle.totp(login);
  let second = await call<string>(handle, 'POST', '/signin2fa', { token: first.json, body: code });
  if (second.status === 401 && /already used/.test(second.text)) {
    const next = await waitFor(
      async () => handle.totp(login) !== code && handle.totp(login),
      'the next MFA code',
      35_000,
    );
    second = await call<string>(handle, 'POST', '/signin2fa', { token: first.json, body: next });
  }
  if (second.status !== 200) throw new Error(`signin2fa ${second.status}: ${second.text}`);
  return second.json;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Summary {
  id: string;
  status: string;
  sessionStatus: string;
  userId: string;
  managedResourceName: string;
  activityName: string;
  locked: boolean;
  loginDateTimeUtc: string | null;
  startDateTimeUtc: string;
  endDateTimeUtc: string | null;
  actualEndDateTimeUtc: string | null;
  createdDateTimeUtc: string;
  loginAccountName: string;
  sessionExtensionCount: number;
  sessionExtensionMinutes: number;
  viewPasswordInSeconds: number;
  canViewPassword: boolean;
  userDisplayName: string;
  accessPolicyId: string;
  proxySessions: Array<{ id: string; record: boolean; active: boolean; type: string | null }>;
}

export interface Page {
  data: Summary[];
  recordsTotal: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  traceId?: string;
  errors?: Record<string, string[]>;
}

/** Ids from the default demo directory. */
export const DEMO = {
  alice: '0a11ce00-0000-4000-8000-000000000001',
  rdpActivity: 'ac710000-0000-4000-8000-000000000001',
  sshRootActivity: 'ac710000-0000-4000-8000-000000000002',
  sshOpsActivity: 'ac710000-0000-4000-8000-000000000003',
  winApp: '4e500000-0000-4000-8000-000000000001',
  winDb: '4e500000-0000-4000-8000-000000000002',
  winLegacy: '4e500000-0000-4000-8000-000000000003',
  lnxWeb: '4e500000-0000-4000-8000-000000000004',
  lnxDb: '4e500000-0000-4000-8000-000000000005',
  lnxBuild: '4e500000-0000-4000-8000-000000000006',
  standardPolicy: '9011c700-0000-4000-8000-000000000001',
  productionPolicy: '9011c700-0000-4000-8000-000000000002',
  operatorsPolicy: '9011c700-0000-4000-8000-000000000003',
};

export function userId(handle: SandboxHandle, login: string): string {
  return handle.users.find((u) => u.login === login)!.id;
}

/** Creates a session for `login` and returns its id. */
export async function createSession(
  handle: SandboxHandle,
  token: string,
  body: Record<string, unknown>,
): Promise<string> {
  const result = await call<{ id: string }>(handle, 'POST', '/api/v1/ActivitySession', { token, body });
  if (result.status !== 201) throw new Error(`create ${result.status}: ${result.text}`);
  return result.json.id;
}

export async function summary(handle: SandboxHandle, token: string, id: string): Promise<Summary> {
  const result = await call<Summary>(handle, 'GET', `/api/v1/ActivitySession/SummaryById/${id}`, { token });
  if (result.status !== 200) throw new Error(`summary ${result.status}: ${result.text}`);
  return result.json;
}

export function waitForStatus(
  handle: SandboxHandle,
  token: string,
  id: string,
  status: string,
  timeoutMs = 10_000,
): Promise<Summary> {
  return waitFor(
    async () => {
      const s = await summary(handle, token, id);
      return s.status === status ? s : undefined;
    },
    `session ${id} to reach ${status}`,
    timeoutMs,
  );
}
