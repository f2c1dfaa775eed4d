/**
 * The one file in the renderer that talks to `window.pam`.
 *
 * Every action resolves to its value or rejects with a `PamClientError` carrying the contract's
 * stable error `code`, so screens map codes to messages and never see the `Result` envelope.
 * Subscriptions return their unsubscribe function, as the contract does.
 */
import { createContext, useContext } from 'react';
import type {
  ConnectionDetails,
  ExternalClientId,
  ExternalClients,
  ExternalProtocol,
  LinkRefused,
  PendingLink,
  ActionResults,
  ApprovalList,
  CreateSessionRequest,
  CreatedSessions,
  Decision,
  Extended,
  RequestOptions,
  ResourceList,
  AppInfo,
  AuditList,
  AuthState,
  ClipboardStatus,
  CopyReceipt,
  CredentialKind,
  ErrorCode,
  FeedStatus,
  KeychainNoticeMode,
  Notice,
  NoticeCounts,
  NoticeOpened,
  NoticePreferences,
  ThemeSetting,
  KeychainStatus,
  PamApi,
  Preferences,
  ProfileList,
  Result,
  Reveal,
  SandboxInfo,
  ServerProbe,
  SessionDelta,
  SessionLogs,
  SessionScope,
  SessionSnapshot,
  TerminalInfo,
  WatchInfo,
  Recording,
  RecordingList,
  TerminalOutput,
  TerminalPrompt,
  TerminalStatus,
  ViewPref,
  CachedHistory,
  HistoryFacets,
  HistoryPage,
  HistoryQuery,
  HistoryStatus,
  RdpFrame,
  RdpInputEvent,
  RdpPrompt,
  RdpStatus,
  RdpViewerInfo,
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
  signIn(url: string, login: string, password: string, remember?: RememberChoice): Promise<void>;
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
  saveKeychainNotice(mode: KeychainNoticeMode): Promise<Preferences>;
  /** Turns kinds of desktop notifications on or off (the others keep their setting). */
  saveNoticePreferences(patch: NoticePreferences): Promise<Preferences>;
  /** Browser mode: main asks the page to show a notice. */
  onNotice(listener: (notice: Notice) => void): Unsubscribe;
  /** Electron: the user clicked a notice the OS showed. */
  onNoticeOpened(listener: (opened: NoticeOpened) => void): Unsubscribe;
  onNoticeCounts(listener: (counts: NoticeCounts) => void): Unsubscribe;
  saveTheme(theme: ThemeSetting): Promise<Preferences>;

  /** Main copies (the value never comes here); the receipt says what and until when. */
  copyCredential(sessionId: string, what: CredentialKind): Promise<CopyReceipt>;
  /** The one secret the renderer may hold, for `seconds` only. */
  viewPassword(sessionId: string): Promise<Reveal>;
  clearClipboard(): Promise<void>;
  credentialAudit(sessionId: string): Promise<AuditList>;
  onClipboard(listener: (status: ClipboardStatus) => void): Unsubscribe;

  profiles(): Promise<ProfileList>;
  signInWithProfile(id: string): Promise<AuthState>;
  updateProfile(patch: {
    id: string;
    rememberMe?: boolean;
    rememberPassword?: boolean;
    name?: string;
  }): Promise<ProfileList>;
  removeProfile(id: string): Promise<ProfileList>;
  onProfilesChanged(listener: (list: ProfileList) => void): Unsubscribe;
  keychainStatus(): Promise<KeychainStatus>;
  onKeychainChanged(listener: (status: KeychainStatus) => void): Unsubscribe;

  /** Create Session: what this user may request, and the resources of one activity under one policy. */
  requestOptions(): Promise<RequestOptions>;
  requestResources(activityId: string, policyId: string): Promise<ResourceList>;
  /** Sent once; a timeout rejects with `timeout` (main looked for the session and did not find it). */
  createSession(request: CreateSessionRequest): Promise<CreatedSessions>;
  extendSession(id: string, minutes: number): Promise<Extended>;

  approvals(): Promise<ApprovalList>;
  decide(ids: string[], decision: Decision, comment: string): Promise<ActionResults>;
  /** Main asks the server for the SSH URL, checks it and starts connecting; rejects `launch_refused` if it is hostile. */
  openTerminal(sessionId: string, cols: number, rows: number): Promise<TerminalInfo>;
  terminalInput(terminalId: string, data: string): Promise<void>;
  /** The terminal drew `bytes` more: main may send more (backpressure). */
  terminalAck(terminalId: string, bytes: number): Promise<void>;
  resizeTerminal(terminalId: string, cols: number, rows: number): Promise<void>;
  answerTerminal(terminalId: string, promptId: string, value: string | null): Promise<void>;
  closeTerminal(terminalId: string): Promise<void>;
  onTerminalOutput(listener: (output: TerminalOutput) => void): Unsubscribe;
  onTerminalStatus(listener: (status: TerminalStatus) => void): Unsubscribe;
  onTerminalPrompt(listener: (prompt: TerminalPrompt) => void): Unsubscribe;
  /** The session's recorded SSH connections (owner, administrators, helpdesk). */
  recordings(sessionId: string): Promise<RecordingList>;
  /** Watches the session's open SSH connection read-only: its output comes as a terminal's events. */
  watchTerminal(sessionId: string): Promise<WatchInfo>;
  recording(sessionId: string, proxySessionId: string): Promise<Recording>;

  /** The signed-in user's cached history (History page), and histories kept here for offline review. */
  historyStatus(): Promise<HistoryStatus>;
  syncHistory(): Promise<HistoryStatus>;
  queryHistory(query: Partial<HistoryQuery>): Promise<HistoryPage>;
  historyFacets(): Promise<HistoryFacets>;
  cachedHistories(): Promise<CachedHistory[]>;
  openHistoryOffline(profileId: string, login: string): Promise<HistoryStatus>;
  closeOfflineHistory(): Promise<void>;
  forgetHistory(profileId: string, login: string): Promise<void>;
  onHistoryChanged(listener: (status: HistoryStatus) => void): Unsubscribe;
  /** Installed RDP clients and terminals, and the signed-in profile's choice per protocol. */
  externalClients(): Promise<ExternalClients>;
  chooseClient(protocol: ExternalProtocol, choice: 'app' | ExternalClientId): Promise<ExternalClients>;
  /** Main starts the user's own client; the password and code go to it by stdin or askpass, never argv. */
  launchExternal(request: {
    sessionId: string;
    protocol: ExternalProtocol;
    client: ExternalClientId | null;
    password: string | null;
    code: string | null;
  }): Promise<{ client: string }>;
  connectionDetails(sessionId: string): Promise<ConnectionDetails>;
  /** The user confirmed a pam-desk: link. */
  takeLink(linkId: string): Promise<PendingLink | null>;
  pendingLink(): Promise<PendingLink | null>;
  onLink(listener: (link: PendingLink) => void): Unsubscribe;
  onLinkRefused(listener: (refusal: LinkRefused) => void): Unsubscribe;
  openRdp(sessionId: string, width: number, height: number): Promise<RdpViewerInfo>;
  rdpInput(viewerId: string, events: RdpInputEvent[]): Promise<void>;
  /** The canvas painted `bytes` more of the frames: main may send more (backpressure). */
  rdpAck(viewerId: string, bytes: number): Promise<void>;
  answerRdp(viewerId: string, promptId: string, value: string | null): Promise<void>;
  closeRdp(viewerId: string): Promise<void>;
  onRdpFrame(listener: (frame: RdpFrame) => void): Unsubscribe;
  onRdpStatus(listener: (status: RdpStatus) => void): Unsubscribe;
  onRdpPrompt(listener: (prompt: RdpPrompt) => void): Unsubscribe;
}

export interface RememberChoice {
  rememberMe: boolean;
  rememberPassword: boolean;
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
    signIn: async (url, login, password, remember) => {
      await unwrap(api.auth.signIn({ url, login, password, ...remember }));
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
    saveKeychainNotice: (mode) => unwrap(api.prefs.update({ keychainNotice: mode })),
    saveNoticePreferences: (patch) => unwrap(api.prefs.update({ notifications: patch })),
    onNotice: (listener) => api.notifications.onShow(listener),
    onNoticeOpened: (listener) => api.notifications.onOpened(listener),
    onNoticeCounts: (listener) => api.notifications.onCounts(listener),
    saveTheme: (theme) => unwrap(api.prefs.update({ theme })),

    copyCredential: (sessionId, what) => unwrap(api.credentials.copy({ sessionId, what })),
    viewPassword: (sessionId) => unwrap(api.credentials.view({ sessionId })),
    clearClipboard: async () => {
      await unwrap(api.credentials.clearClipboard());
    },
    credentialAudit: (sessionId) => unwrap(api.credentials.audit({ sessionId })),
    onClipboard: (listener) => api.credentials.onClipboard(listener),

    profiles: () => unwrap(api.profiles.list()),
    signInWithProfile: (id) => unwrap(api.profiles.use({ id })),
    updateProfile: (patch) => unwrap(api.profiles.update(patch)),
    removeProfile: (id) => unwrap(api.profiles.remove({ id })),
    onProfilesChanged: (listener) => api.profiles.onChanged(listener),
    keychainStatus: () => unwrap(api.keychain.status()),
    onKeychainChanged: (listener) => api.keychain.onChanged(listener),

    requestOptions: () => unwrap(api.requests.options()),
    requestResources: (activityId, policyId) => unwrap(api.requests.resources({ activityId, policyId })),
    createSession: (request) => unwrap(api.requests.create(request)),
    extendSession: (id, minutes) => unwrap(api.requests.extend({ id, minutes })),

    approvals: () => unwrap(api.approvals.list()),
    decide: (ids, decision, comment) => unwrap(api.approvals.decide({ ids, decision, comment })),
    openTerminal: (sessionId, cols, rows) => unwrap(api.terminal.open({ sessionId, cols, rows })),
    terminalInput: async (terminalId, data) => {
      await unwrap(api.terminal.input({ terminalId, data }));
    },
    terminalAck: async (terminalId, bytes) => {
      await unwrap(api.terminal.ack({ terminalId, bytes }));
    },
    resizeTerminal: async (terminalId, cols, rows) => {
      await unwrap(api.terminal.resize({ terminalId, cols, rows }));
    },
    answerTerminal: async (terminalId, promptId, value) => {
      await unwrap(api.terminal.answer({ terminalId, promptId, value }));
    },
    closeTerminal: async (terminalId) => {
      await unwrap(api.terminal.close({ terminalId }));
    },
    onTerminalOutput: (listener) => api.terminal.onOutput(listener),
    onTerminalStatus: (listener) => api.terminal.onStatus(listener),
    onTerminalPrompt: (listener) => api.terminal.onPrompt(listener),
    recordings: (sessionId) => unwrap(api.recordings.list({ sessionId })),
    watchTerminal: (sessionId) => unwrap(api.terminal.watch({ sessionId })),
    recording: (sessionId, proxySessionId) => unwrap(api.recordings.get({ sessionId, proxySessionId })),

    historyStatus: () => unwrap(api.history.status()),
    syncHistory: () => unwrap(api.history.sync()),
    queryHistory: (query) => unwrap(api.history.query(query)),
    historyFacets: () => unwrap(api.history.facets()),
    cachedHistories: async () => (await unwrap(api.history.cached())).histories,
    openHistoryOffline: (profileId, login) => unwrap(api.history.openOffline({ profileId, login })),
    closeOfflineHistory: async () => {
      await unwrap(api.history.closeOffline());
    },
    forgetHistory: async (profileId, login) => {
      await unwrap(api.history.forget({ profileId, login }));
    },
    onHistoryChanged: (listener) => api.history.onChanged(listener),
    externalClients: () => unwrap(api.external.clients()),
    chooseClient: (protocol, choice) => unwrap(api.external.choose({ protocol, choice })),
    launchExternal: (request) => unwrap(api.external.launch(request)),
    connectionDetails: (sessionId) => unwrap(api.external.details({ sessionId })),
    takeLink: (linkId) => unwrap(api.external.takeLink({ linkId })),
    pendingLink: () => unwrap(api.external.pendingLink()),
    onLink: (listener) => api.external.onLink(listener),
    onLinkRefused: (listener) => api.external.onLinkRefused(listener),
    openRdp: (sessionId, width, height) => unwrap(api.rdp.open({ sessionId, width, height })),
    rdpInput: async (viewerId, events) => {
      await unwrap(api.rdp.input({ viewerId, events }));
    },
    rdpAck: async (viewerId, bytes) => {
      await unwrap(api.rdp.ack({ viewerId, bytes }));
    },
    answerRdp: async (viewerId, promptId, value) => {
      await unwrap(api.rdp.answer({ viewerId, promptId, value }));
    },
    closeRdp: async (viewerId) => {
      await unwrap(api.rdp.close({ viewerId }));
    },
    onRdpFrame: (listener) => api.rdp.onFrame(listener),
    onRdpStatus: (listener) => api.rdp.onStatus(listener),
    onRdpPrompt: (listener) => api.rdp.onPrompt(listener),
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
