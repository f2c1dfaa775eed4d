/**
 * Payload and result schemas shared by main, preload and (as types only) the renderer.
 * Every IPC payload is parsed with these as `unknown`; every result is built to match them.
 *
 * Over 300 lines: declarations only (no logic) of the payloads the capabilities share; capability-specific ones
 * have their own files (terminal.ts, rdp.ts, history.ts, …).
 */
import { z } from 'zod';
import { NoticePreferences } from './notifications';

/**
 * Raw bytes in an event (terminal output, pixels): a `Uint8Array` (a Node Buffer is one), carried as it is by
 * Electron's IPC and as a binary message by the bridge — never base64 text.
 */
export const Bytes = (max: number) =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength <= max, {
    message: `bytes (at most ${max})`,
  });

export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');

/** https:// or http:// URL of a PAM server, no credentials, no fragment. */
export const ServerUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash;
    } catch {
      return false;
    }
  }, 'expected an http(s) URL without credentials');

/** SHA-256 fingerprint as 32 colon-separated upper-case hex pairs (the form browsers show). */
export const Fingerprint = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'expected a SHA-256 fingerprint (AA:BB:…)'));

// ── Errors ──────────────────────────────────────────────────────────────────

export const ErrorCode = z.enum([
  'invalid_input', // payload failed its schema
  'unauthorized', // token missing/expired: sign in again
  'forbidden', // signed in, but not allowed
  'not_found',
  'conflict', // the action does not apply in the session's current state
  'credentials_invalid', // wrong login or password
  'mfa_invalid', // wrong or expired MFA code
  'throttled', // too many attempts
  'unreachable', // DNS, refused, reset
  'timeout',
  'untrusted_certificate', // self-signed or unknown CA and not pinned
  'certificate_mismatch', // pinned fingerprint differs
  'bad_response', // HTML, truncated or malformed JSON, unexpected shape
  'server_error', // 5xx
  'not_available', // feature not available in this mode (e.g. sandbox not bundled)
  'internal',
  'launch_refused', // the server's launch address or the SSH proxy failed a check: nothing was started or sent
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const PamErrorShape = z.object({ code: ErrorCode, message: z.string() });
export type PamErrorShape = z.infer<typeof PamErrorShape>;

/** What every action resolves to: errors are values at the IPC edge. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: PamErrorShape };

// ── App ─────────────────────────────────────────────────────────────────────

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'bridge']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Visibility = z.object({ visible: z.boolean() });

// ── Auth ────────────────────────────────────────────────────────────────────

export const Role = z.enum(['user', 'approver', 'admin', 'helpdesk']);
export type Role = z.infer<typeof Role>;

export const SignedInUser = z.object({
  login: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  isAdmin: z.boolean(),
});
export type SignedInUser = z.infer<typeof SignedInUser>;

export const AuthState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut'), reason: z.enum(['none', 'signedOut', 'expired']).default('none') }),
  /** `sandbox`: the server is the bundled sandbox this app started (demo helpers may be offered). */
  z.object({
    status: z.literal('mfaRequired'),
    serverUrl: z.string(),
    login: z.string(),
    sandbox: z.boolean().default(false),
  }),
  z.object({
    status: z.literal('signedIn'),
    serverUrl: z.string(),
    user: SignedInUser,
    sandbox: z.boolean().default(false),
  }),
  /**
   * The server stopped accepting the session (token expired or revoked): the same user signs in again in
   * place and the view survives. `resuming`: the remembered password is being tried (nothing to ask yet);
   * `mfa`: it was accepted, only the code is due; `password`: the user types it.
   */
  z.object({
    status: z.literal('reauthRequired'),
    serverUrl: z.string(),
    login: z.string(),
    user: SignedInUser,
    step: z.enum(['resuming', 'password', 'mfa']),
    sandbox: z.boolean().default(false),
  }),
]);
export type AuthState = z.infer<typeof AuthState>;

export const ProbeRequest = z.object({ url: ServerUrl });
export const ServerProbe = z.object({
  url: z.string(),
  /** 'trusted' by system CAs, 'pinned' by a fingerprint we hold, 'untrusted' needs a deliberate trust step. */
  tls: z.enum(['none', 'trusted', 'pinned', 'untrusted']),
  fingerprint: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type ServerProbe = z.infer<typeof ServerProbe>;

export const TrustRequest = z.object({ url: ServerUrl, fingerprint: Fingerprint });

export const SignInRequest = z.object({
  url: ServerUrl,
  login: z.string().trim().min(1, 'login is required').max(256),
  password: z.string().min(1, 'password is required').max(1024),
  /** Keep the session token in the OS keychain so the next start skips sign-in. */
  rememberMe: z.boolean().optional(),
  /** Also keep the NPS password, so signing in again asks only for the MFA code. Implies rememberMe. */
  rememberPassword: z.boolean().optional(),
});
export const SignInStep = z.object({ next: z.literal('mfa') });

export const MfaRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'the code has 6 digits'),
});

// ── Sandbox (first run) ─────────────────────────────────────────────────────

export const SandboxUser = z.object({ login: z.string(), password: z.string(), role: Role, displayName: z.string() });
export const SandboxInfo = z.object({
  url: z.string(),
  fingerprint: z.string().nullable(),
  users: z.array(SandboxUser),
});
export type SandboxInfo = z.infer<typeof SandboxInfo>;
export const SandboxCodeRequest = z.object({ login: z.string().min(1).max(256) });
export const SandboxCode = z.object({ code: z.string(), secondsLeft: z.number() });

// ── Sessions ────────────────────────────────────────────────────────────────

/** The statuses a user sees; mapped from NPS `status`/`sessionStatus` in main. */
export const SessionUiStatus = z.enum([
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
]);
export type SessionUiStatus = z.infer<typeof SessionUiStatus>;

export const SessionRow = z.object({
  id: z.string(),
  status: SessionUiStatus,
  /** The server's own status value, shown in details and exported. */
  npsStatus: z.string(),
  statusMessage: z.string(),
  requestedAt: z.string().nullable(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  actualStartAt: z.string().nullable(),
  actualEndAt: z.string().nullable(),
  host: z.string(),
  hostOs: z.string(),
  loginAccount: z.string(),
  activity: z.string(),
  activityType: z.string(),
  /** NPS `managedResourceType` (Host, Domain, Database, …) and `userType` (User, Application, Local). */
  resourceType: z.string(),
  userType: z.string(),
  user: z.string(),
  policy: z.string(),
  locked: z.boolean(),
  canViewPassword: z.boolean(),
  viewPasswordInSeconds: z.number(),
  note: z.string(),
  ticket: z.string(),
  /**
   * Connection attributes (seeds 003 and 004). Optional: rows kept from before they existed have none.
   * `protocol`: the type of the session's latest proxy connection (`proxySessions[].type`) or the scheme of
   * `connectionUri`, upper-case ("SSH", "RDP"), '' when the server names none.
   */
  protocol: z.string().optional(),
  connectionUri: z.string().optional(),
  /** NPS `loginDisplayName` (account@resource) and `domainName`. */
  loginDisplayName: z.string().optional(),
  domain: z.string().optional(),
  /** How many proxy connections the session has had, and whether one is open now. */
  connections: z.number().int().min(0).optional(),
  connectedNow: z.boolean().optional(),
});
export type SessionRow = z.infer<typeof SessionRow>;

export const SessionScope = z.enum(['mine', 'all']);
export type SessionScope = z.infer<typeof SessionScope>;

export const WatchRequest = z.object({ scope: SessionScope });
export const SessionSnapshot = z.object({ scope: SessionScope, rows: z.array(SessionRow), fetchedAt: z.string() });
export type SessionSnapshot = z.infer<typeof SessionSnapshot>;

/** Sent after each poll that changed something: only the rows that changed, and the ids that left. */
export const SessionDelta = z.object({
  scope: SessionScope,
  upserted: z.array(SessionRow),
  removed: z.array(z.string()),
  fetchedAt: z.string(),
});
export type SessionDelta = z.infer<typeof SessionDelta>;

/** Health of the session feed, so the UI can say "offline, retrying" and recover. */
export const FeedStatus = z.object({
  state: z.enum(['idle', 'live', 'offline', 'error']),
  message: z.string(),
  code: ErrorCode.nullable(),
  lastSuccessAt: z.string().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatus>;

export const SessionIds = z.object({ ids: z.array(Uuid).min(1).max(500) });
export const LockRequest = z.object({
  ids: z.array(Uuid).min(1).max(500),
  locked: z.boolean(),
  message: z.string().trim().max(500).default(''),
});
export const ActionResults = z.object({
  results: z.array(z.object({ id: z.string(), ok: z.boolean(), message: z.string() })),
});
export type ActionResults = z.infer<typeof ActionResults>;

export const LogsRequest = z.object({ id: Uuid });
export const LogLine = z.object({
  lineNumber: z.number(),
  timestamp: z.string(),
  status: z.string(),
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;
export const SessionLogs = z.object({ id: z.string(), lines: z.array(LogLine) });
export type SessionLogs = z.infer<typeof SessionLogs>;

// ── Preferences ─────────────────────────────────────────────────────────────

export const ColumnPref = z.object({
  field: z.string().max(64),
  visible: z.boolean(),
  width: z.number().min(20).max(2000).optional(),
});
export const ViewPref = z.object({ columns: z.array(ColumnPref).max(64) });
export type ViewPref = z.infer<typeof ViewPref>;

/** How long a copied credential stays on the clipboard; the product's view window is 20 s. */
export const ClipboardClearSeconds = z.number().int().min(5).max(600);

/**
 * How the "OS keychain can't be used" notice shows. Absent: in full, as it was never seen; `compact`: one
 * line with its details behind a toggle (after the first time); `dismissed`: not at all.
 */
export const KeychainNoticeMode = z.enum(['compact', 'dismissed']);
export type KeychainNoticeMode = z.infer<typeof KeychainNoticeMode>;

export const ThemeSetting = z.enum(['system', 'light', 'dark']);
export type ThemeSetting = z.infer<typeof ThemeSetting>;
export const HistoryLogBudgetMb = z.number().int().min(0).max(100_000);
export const DEFAULT_HISTORY_LOG_BUDGET_MB = 50;
export const Preferences = z.object({
  pollIntervalSeconds: z.number().int().min(2).max(3600),
  /** Absent: the default (20 s). */
  clipboardClearSeconds: ClipboardClearSeconds.optional(),
  /** Keyed by `<server>|<login>|<view>` so each user keeps their own columns. */
  views: z.record(z.string().max(512), ViewPref),
  keychainNotice: KeychainNoticeMode.optional(),
  /** Desktop notifications turned off by kind (absent: all on). */
  notifications: NoticePreferences.optional(),
  /** Light or dark look; absent or 'system': follow the OS (prefers-color-scheme). */
  theme: ThemeSetting.optional(),
  /** The size budget of the session logs cached for offline review, in MB; 0 = off; absent: 50. */
  historyLogBudgetMb: HistoryLogBudgetMb.optional(),
});
export type Preferences = z.infer<typeof Preferences>;
export const PreferencesPatch = z.object({
  pollIntervalSeconds: z.number().int().min(2).max(3600).optional(),
  clipboardClearSeconds: ClipboardClearSeconds.optional(),
  view: z.object({ key: z.string().min(1).max(512), pref: ViewPref }).optional(),
  keychainNotice: KeychainNoticeMode.optional(),
  notifications: NoticePreferences.optional(),
  theme: ThemeSetting.optional(),
  historyLogBudgetMb: HistoryLogBudgetMb.optional(),
});

// ── Server profiles ─────────────────────────────────────────────────────────

export const ProfilePreferences = z.object({
  rememberMe: z.boolean(),
  rememberPassword: z.boolean(),
});
export type ProfilePreferences = z.infer<typeof ProfilePreferences>;

/** A server the user signed in to. Never a secret: `remembered` only says what the keychain holds. */
export const Profile = z.object({
  id: Uuid,
  name: z.string(),
  url: z.string(),
  /** 'sandbox' is the bundled sandbox, whose address changes every run. */
  kind: z.enum(['server', 'sandbox']),
  fingerprint: z.string().nullable(),
  lastLogin: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  preferences: ProfilePreferences,
  remembered: z.object({ token: z.boolean(), password: z.boolean() }),
});
export type Profile = z.infer<typeof Profile>;

export const ProfileList = z.object({ profiles: z.array(Profile), lastUsedId: z.string().nullable() });
export type ProfileList = z.infer<typeof ProfileList>;
export const ProfileRef = z.object({ id: Uuid });
export const ProfileUpdate = z.object({
  id: Uuid,
  name: z.string().trim().min(1).max(100).optional(),
  rememberMe: z.boolean().optional(),
  rememberPassword: z.boolean().optional(),
});

// ── Keychain ────────────────────────────────────────────────────────────────

/** Whether remembered secrets go to the OS keychain, or (degraded) live in memory for this run only. */
export const KeychainStatus = z.object({
  backend: z.string(),
  degraded: z.boolean(),
  reason: z.enum(['no_bus', 'no_service', 'no_keyring', 'locked', 'dismissed', 'too_large', 'failed']).nullable(),
  message: z.string(),
});
export type KeychainStatus = z.infer<typeof KeychainStatus>;

// ── Credentials of a session (copy, view, audit) ────────────────────────────

export const CredentialKind = z.enum(['username', 'password']);
export type CredentialKind = z.infer<typeof CredentialKind>;

export const CopyRequest = z.object({ sessionId: Uuid, what: CredentialKind });
/** What the UI shows after a copy: never the value, only what and until when. */
export const CopyReceipt = z.object({
  sessionId: z.string(),
  what: CredentialKind,
  copiedAt: z.string(),
  clearsAt: z.string(),
  clearAfterSeconds: z.number(),
});
export type CopyReceipt = z.infer<typeof CopyReceipt>;

export const RevealRequest = z.object({ sessionId: Uuid });
/** The one secret that reaches the renderer, for `seconds` only. */
export const Reveal = z.object({
  sessionId: z.string(),
  loginAccount: z.string(),
  password: z.string(),
  seconds: z.number().int().positive(),
});
export type Reveal = z.infer<typeof Reveal>;

/** The clipboard as far as our copies go, for the countdown and "cleared" feedback. */
export const ClipboardStatus = z.object({
  state: z.enum(['copied', 'cleared', 'left']),
  sessionId: z.string(),
  what: CredentialKind,
  clearsAt: z.string(),
  /** Why it was cleared (or left alone because the user copied something else). */
  reason: z.enum(['timeout', 'signOut', 'screenLocked', 'quit', 'user']).nullable(),
});
export type ClipboardStatus = z.infer<typeof ClipboardStatus>;

export const AuditRequest = z.object({ sessionId: Uuid });
export const AuditRecord = z.object({
  at: z.string(),
  user: z.string(),
  action: z.enum(['copyUsername', 'copyPassword', 'viewPassword', 'launchRdp', 'launchSsh']),
  outcome: z.enum(['ok', 'refused', 'failed']),
  detail: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
export const AuditList = z.object({ sessionId: z.string(), entries: z.array(AuditRecord) });
export type AuditList = z.infer<typeof AuditList>;

// ── History (the offline cache of ended sessions: main/history) ───────────────

export const HistorySyncProgress = z.object({
  phase: z.enum(['full', 'incremental']),
  fetched: z.number().int().min(0),
  /** The server's count of the user's historical sessions, when it says. */
  total: z.number().int().min(0).nullable(),
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
});
export type HistorySyncProgress = z.infer<typeof HistorySyncProgress>;

export const HistoryStatus = z.object({
  open: z.boolean(),
  profileId: z.string().nullable(),
  login: z.string().nullable(),
  syncing: z.boolean(),
  progress: HistorySyncProgress.nullable(),
  syncedAt: z.string().nullable(),
  count: z.number().int().min(0),
  /** False: kept in memory for this run only (`note` says why). */
  persistent: z.boolean(),
  note: z.string().nullable(),
  readOnlyReason: z.string().nullable(),
  /** Partitions set aside on open (damaged, edited, or another key), for the banner. */
  quarantined: z.array(z.string()),
  error: z.string().nullable(),
  /** Opened for review without the server: read-only, as of `syncedAt`. */
  offline: z.boolean(),
  /** Older months still being read and checked after the open: `count` is not final yet. */
  loading: z.boolean().optional(),
  /** The logs cached for offline review: how many, their size on disk, the budget, a prefetch under way. */
  logs: z
    .object({
      count: z.number().int().min(0),
      usedBytes: z.number().int().min(0),
      budgetBytes: z.number().int().min(0),
      prefetching: z.boolean(),
      /** SSH recordings kept beside the logs, under the same budget (`usedBytes` counts both). */
      recordings: z.number().int().min(0).optional(),
    })
    .optional(),
});
export type HistoryStatus = z.infer<typeof HistoryStatus>;

const HistoryNames = z.array(z.string().min(1).max(256)).max(100).optional();
export const HistoryQuery = z.object({
  users: HistoryNames,
  resources: HistoryNames,
  /** `RDP`, `SSH`, or an activity type name. */
  types: HistoryNames,
  statuses: HistoryNames,
  /** On the session's start. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  text: z.string().max(256).optional(),
  skip: z.number().int().min(0).max(100_000_000).default(0),
  take: z.number().int().min(1).max(1000).default(100),
  orderBy: z.enum(['start', 'end', 'duration', 'user', 'resource']).default('start'),
  descending: z.boolean().default(true),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;
/** A cached session as the History page shows it: the dashboard's row, its type and its duration. */
export const HistoryRow = SessionRow.extend({
  /** `RDP`, `SSH`, or the activity type's label. */
  type: z.string(),
  durationSeconds: z.number().int().min(0),
});
export type HistoryRow = z.infer<typeof HistoryRow>;
export const HistoryPage = z.object({
  rows: z.array(HistoryRow),
  total: z.number().int().min(0),
  /** True while the cache still loads its older months: the rows are exact, `total` is still being counted. */
  counting: z.boolean().optional(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;
const FacetNames = z.array(z.string()).max(100_000);
export const HistoryFacets = z.object({ users: FacetNames, resources: FacetNames, types: FacetNames });
export type HistoryFacets = z.infer<typeof HistoryFacets>;
/** A history kept on this computer that can be opened without the server. */
export const CachedHistory = z.object({
  profileId: Uuid,
  profileName: z.string(),
  url: z.string(),
  kind: z.enum(['server', 'sandbox']),
  login: z.string(),
});
export type CachedHistory = z.infer<typeof CachedHistory>;
export const CachedHistoryList = z.object({ histories: z.array(CachedHistory) });
export type CachedHistoryList = z.infer<typeof CachedHistoryList>;
export const CachedHistoryRef = z.object({ profileId: Uuid, login: z.string().min(1).max(256) });
/**
 * A session's log for the History page: from the server (and then kept in the cache), from the cache
 * (offline, or the server failed: `fetchedAt` says as of when), or `none` (not cached: `note` says why).
 */
export const HistoryLog = z.object({
  id: z.string(),
  source: z.enum(['server', 'cache', 'none']),
  fetchedAt: z.string().nullable(),
  lines: z.array(LogLine),
  note: z.string().nullable(),
});
export type HistoryLog = z.infer<typeof HistoryLog>;
export const HistoryLogInfo = z.object({ id: z.string(), cached: z.boolean() });
export type HistoryLogInfo = z.infer<typeof HistoryLogInfo>;

export const Empty = z.undefined();
export const Done = z.null();
