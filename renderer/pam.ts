/**
 * The one file in the renderer that talks to `window.pam`.
 *
 * Every action resolves to its value or rejects with a `PamClientError` carrying the contract's
 * stable error `code`, so screens map codes to messages and never see the `Result` envelope.
 * Subscriptions return their unsubscribe function, as the contract does.
 */
import { createContext, useContext } from 'react';
import type {
  ActionResults,
  AppInfo,
  AuthState,
  ErrorCode,
  FeedStatus,
  PamApi,
  Preferences,
  Result,
  SandboxInfo,
  ServerProbe,
  SessionDelta,
  SessionLogs,
  SessionScope,
  SessionSnapshot,
  ViewPref,
} from '../contract';

export class PamClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PamClientError';
  }
}

export function isPamClientError(error: unknown): error is PamClientError {
  return error instanceof PamClientError;
}

async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    // The transport itself broke (bridge socket closed, preload missing): not a server answer.
    throw new PamClientError('internal', error instanceof Error ? error.message : String(error));
  }
  if (result.ok) return result.value;
  throw new PamClientError(result.error.code, result.error.message);
}

type Unsubscribe = () => void;

export interface PamClient {
  appInfo(): Promise<AppInfo>;
  setVisible(visible: boolean): Promise<void>;

  authState(): Promise<AuthState>;
  probe(url: string): Promise<ServerProbe>;
  trust(url: string, fingerprint: string): Promise<ServerProbe>;
  signIn(url: string, login: string, password: string): Promise<void>;
  verifyMfa(code: string): Promise<AuthState>;
  signOut(): Promise<AuthState>;
  onAuthChanged(listener: (state: AuthState) => void): Unsubscribe;

  startSandbox(): Promise<SandboxInfo>;
  sandboxMfaCode(login: string): Promise<{ code: string; secondsLeft: number }>;

  watchSessions(scope: SessionScope): Promise<SessionSnapshot>;
  unwatchSessions(): Promise<void>;
  refreshSessions(): Promise<void>;
  endSessions(ids: string[]): Promise<ActionResults>;
  lockSessions(ids: string[], locked: boolean, message: string): Promise<ActionResults>;
  sessionLogs(id: string): Promise<SessionLogs>;
  onSessionDelta(listener: (delta: SessionDelta) => void): Unsubscribe;
  onFeedStatus(listener: (status: FeedStatus) => void): Unsubscribe;

  preferences(): Promise<Preferences>;
  saveView(key: string, pref: ViewPref): Promise<Preferences>;
}

export function createPamClient(api: PamApi): PamClient {
  return {
    appInfo: () => unwrap(api.app.info()),
    setVisible: async (visible) => {
      await unwrap(api.app.setVisible({ visible }));
    },

    authState: () => unwrap(api.auth.state()),
    probe: (url) => unwrap(api.auth.probe({ url })),
    trust: (url, fingerprint) => unwrap(api.auth.trust({ url, fingerprint })),
    signIn: async (url, login, password) => {
      await unwrap(api.auth.signIn({ url, login, password }));
    },
    verifyMfa: (code) => unwrap(api.auth.verifyMfa({ code })),
    signOut: () => unwrap(api.auth.signOut()),
    onAuthChanged: (listener) => api.auth.onChanged(listener),

    startSandbox: () => unwrap(api.sandbox.start()),
    sandboxMfaCode: (login) => unwrap(api.sandbox.mfaCode({ login })),

    watchSessions: (scope) => unwrap(api.sessions.watch({ scope })),
    unwatchSessions: async () => {
      await unwrap(api.sessions.unwatch());
    },
    refreshSessions: async () => {
      await unwrap(api.sessions.refresh());
    },
    endSessions: (ids) => unwrap(api.sessions.end({ ids })),
    lockSessions: (ids, locked, message) => unwrap(api.sessions.lock({ ids, locked, message })),
    sessionLogs: (id) => unwrap(api.sessions.logs({ id })),
    onSessionDelta: (listener) => api.sessions.onDelta(listener),
    onFeedStatus: (listener) => api.sessions.onFeed(listener),

    preferences: () => unwrap(api.prefs.get()),
    saveView: (key, pref) => unwrap(api.prefs.update({ view: { key, pref } })),
  };
}

/** The page's `window.pam`, put there by the Electron preload or the bridge preload. */
export function pamFromWindow(): PamClient | null {
  const api = (window as unknown as { pam?: PamApi }).pam;
  return api ? createPamClient(api) : null;
}

export const PamContext = createContext<PamClient | null>(null);

export function usePam(): PamClient {
  const client = useContext(PamContext);
  if (!client) throw new Error('usePam() used outside <PamContext.Provider>');
  return client;
}
