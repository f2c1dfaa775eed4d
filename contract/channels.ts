/**
 * The one table of actions and events between the renderer and main.
 * Channel names are `<namespace>.<action>`; the preload exposes them as `pam.<namespace>.<action>(input)`,
 * and events as `pam.<namespace>.on<Event>(listener)` returning an unsubscribe function.
 */
import type { z } from 'zod';
import * as S from './schemas';
import * as R from './requestSchemas';
import * as T from './terminal';
import * as Rec from './recording';
import * as X from './external';
import * as N from './notifications';
import * as V from './rdp';

export const actions = {
  'app.info': { input: S.Empty, output: S.AppInfo },
  'app.setVisible': { input: S.Visibility, output: S.Done },

  'auth.state': { input: S.Empty, output: S.AuthState },
  'auth.probe': { input: S.ProbeRequest, output: S.ServerProbe },
  'auth.trust': { input: S.TrustRequest, output: S.ServerProbe },
  'auth.signIn': { input: S.SignInRequest, output: S.SignInStep },
  'auth.verifyMfa': { input: S.MfaRequest, output: S.AuthState },
  'auth.signOut': { input: S.Empty, output: S.AuthState },

  'sandbox.start': { input: S.Empty, output: S.SandboxInfo },
  'sandbox.mfaCode': { input: S.SandboxCodeRequest, output: S.SandboxCode },

  'sessions.watch': { input: S.WatchRequest, output: S.SessionSnapshot },
  'sessions.unwatch': { input: S.Empty, output: S.Done },
  'sessions.refresh': { input: S.Empty, output: S.Done },
  'sessions.end': { input: S.SessionIds, output: S.ActionResults },
  'sessions.lock': { input: S.LockRequest, output: S.ActionResults },
  'sessions.logs': { input: S.LogsRequest, output: S.SessionLogs },

  'prefs.get': { input: S.Empty, output: S.Preferences },
  'prefs.update': { input: S.PreferencesPatch, output: S.Preferences },

  'profiles.list': { input: S.Empty, output: S.ProfileList },
  /** Signs in with what the profile remembers: its token, or its password (then only the MFA code is due). */
  'profiles.use': { input: S.ProfileRef, output: S.AuthState },
  'profiles.update': { input: S.ProfileUpdate, output: S.ProfileList },
  /** Forgets the server: its keychain entries and pinned certificate too. */
  'profiles.remove': { input: S.ProfileRef, output: S.ProfileList },
  'keychain.status': { input: S.Empty, output: S.KeychainStatus },

  /** Main asks the server and writes the clipboard; the value never reaches the renderer. */
  'credentials.copy': { input: S.CopyRequest, output: S.CopyReceipt },
  'credentials.view': { input: S.RevealRequest, output: S.Reveal },
  'credentials.clearClipboard': { input: S.Empty, output: S.Done },
  'credentials.audit': { input: S.AuditRequest, output: S.AuditList },

  /** Create Session: what the user may request, the resources of one choice, and the request itself. */
  'requests.options': { input: S.Empty, output: R.RequestOptions },
  'requests.resources': { input: R.ResourcesRequest, output: R.ResourceList },
  /** Sent once: a timeout is never retried (the dashboard is searched for the session instead). */
  'requests.create': { input: R.CreateSessionRequest, output: R.CreatedSessions },
  'requests.extend': { input: R.ExtendRequest, output: R.Extended },

  /** Approvals dashboard (approvers and administrators). */
  'approvals.list': { input: S.Empty, output: R.ApprovalList },
  'approvals.decide': { input: R.DecisionRequest, output: S.ActionResults },

  /** The signed-in user's cached history of ended sessions (opened at sign-in, readable offline). */
  'history.status': { input: S.Empty, output: S.HistoryStatus },
  /** Fetches what ended since the last sync (everything, the first time); joins a sync under way. */
  'history.sync': { input: S.Empty, output: S.HistoryStatus },
  'history.query': { input: S.HistoryQuery, output: S.HistoryPage },
  /** The user, resource and type names in the open history, for the page's filters. */
  'history.facets': { input: S.Empty, output: S.HistoryFacets },
  /** The histories kept on this computer (a key in the OS keychain and a cache folder): no server needed. */
  'history.cached': { input: S.Empty, output: S.CachedHistoryList },
  /** Opens one for review without the server: read-only, "offline — as of" its last sync. */
  'history.openOffline': { input: S.CachedHistoryRef, output: S.HistoryStatus },
  /** Closes a history opened offline (back to sign-in); a live one stays open. */
  'history.closeOffline': { input: S.Empty, output: S.Done },
  /** A session's log: live from the server (kept in the log cache), or from the cache offline. */
  'history.log': { input: S.LogsRequest, output: S.HistoryLog },
  /** Whether a session's log is in the cache (no server, no decryption). */
  'history.logInfo': { input: S.LogsRequest, output: S.HistoryLogInfo },
  /** A history session's SSH recordings: live from the server (a replayed one is kept), offline from the cache. */
  'history.recordings': { input: Rec.RecordingsRequest, output: Rec.HistoryRecordingList },
  'history.recording': { input: Rec.RecordingRequest, output: Rec.HistoryRecording },
  /** Deletes a kept history: its cache folder and its key. */
  'history.forget': { input: S.CachedHistoryRef, output: S.Done },
  /** Asks the server for the session's SSH URL, checks it, and starts connecting (events tell the rest). */
  'terminal.open': { input: T.TerminalOpenRequest, output: T.TerminalInfo },
  'terminal.input': { input: T.TerminalInput, output: S.Done },
  'terminal.ack': { input: T.TerminalAck, output: S.Done },
  'terminal.resize': { input: T.TerminalResize, output: S.Done },
  'terminal.answer': { input: T.TerminalAnswer, output: S.Done },
  /** Closes the connection; the session stays (End Session is its own action). */
  'terminal.close': { input: T.TerminalRef, output: S.Done },
  /** Watches the session's open SSH connection read-only: output and state come as a terminal's events. */
  'terminal.watch': { input: T.TerminalWatchRequest, output: T.WatchInfo },
  /** The session's recorded SSH connections, and one recording to replay (owner, administrators, helpdesk). */
  'recordings.list': { input: Rec.RecordingsRequest, output: Rec.RecordingList },
  'recordings.get': { input: Rec.RecordingRequest, output: Rec.Recording },
  /** Which RDP clients and terminals are installed, and the signed-in profile's choice per protocol. */
  'external.clients': { input: S.Empty, output: X.ExternalClients },
  'external.choose': { input: X.LaunchChoiceUpdate, output: X.ExternalClients },
  /** Opens the session in the user's own client (audited); rejects `launch_refused` / `not_available`. */
  'external.launch': { input: X.ExternalLaunchRequest, output: X.ExternalLaunchResult },
  'external.details': { input: X.ConnectionDetailsRequest, output: X.ConnectionDetails },
  /** The user confirmed a pam-desk: link: the link, once (null when unknown or taken already). */
  'external.takeLink': { input: X.LinkRef, output: X.PendingLink.nullable() },
  /** The newest link still waiting for the user (one that came before the page was listening). */
  'external.pendingLink': { input: S.Empty, output: X.PendingLink.nullable() },
  /** Asks the server for the session's .rdp file, checks it, and starts connecting (events tell the rest). */
  'rdp.open': { input: V.RdpOpenRequest, output: V.RdpViewerInfo },
  'rdp.input': { input: V.RdpInput, output: S.Done },
  'rdp.ack': { input: V.RdpAck, output: S.Done },
  'rdp.answer': { input: V.RdpAnswer, output: S.Done },
  /** Closes the connection; the session stays (End Session is its own action). */
  'rdp.close': { input: V.RdpViewerRef, output: S.Done },
} as const;

export const events = {
  'auth.changed': S.AuthState,
  'sessions.delta': S.SessionDelta,
  'sessions.feed': S.FeedStatus,
  'profiles.changed': S.ProfileList,
  'keychain.changed': S.KeychainStatus,
  'credentials.clipboard': S.ClipboardStatus,
  'history.changed': S.HistoryStatus,
  'terminal.output': T.TerminalOutput,
  'terminal.status': T.TerminalStatus,
  'terminal.prompt': T.TerminalPrompt,
  'external.link': X.PendingLink,
  'external.linkRefused': X.LinkRefused,
  /** Browser mode: main asks the page to show a notice (the browser's Notification API, or in the app). */
  'notifications.show': N.Notice,
  /** Electron: a notice was clicked; the page focuses the session. */
  'notifications.opened': N.NoticeOpened,
  /** The counts the tray icon shows (browser mode: the page's title). */
  'notifications.counts': N.NoticeCounts,
  'rdp.frame': V.RdpFrame,
  'rdp.status': V.RdpStatus,
  'rdp.prompt': V.RdpPrompt,
} as const;

export type Actions = typeof actions;
export type ActionChannel = keyof Actions;
export type ActionInput<C extends ActionChannel> = z.output<Actions[C]['input']>;
export type ActionArg<C extends ActionChannel> = z.input<Actions[C]['input']>;
export type ActionOutput<C extends ActionChannel> = z.output<Actions[C]['output']>;

export type Events = typeof events;
export type EventChannel = keyof Events;
export type EventPayload<C extends EventChannel> = z.output<Events[C]>;

export const actionChannels = Object.keys(actions) as ActionChannel[];
export const eventChannels = Object.keys(events) as EventChannel[];

/** Prefix every channel gets on the wire, so our IPC never collides with Electron's own. */
export const IPC_PREFIX = 'pam:';
