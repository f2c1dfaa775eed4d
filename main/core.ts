/**
 * The composition root shared by the Electron main process and the WebSocket bridge: builds every
 * service with its dependencies passed in, and the handler table for every channel of the contract.
 * Nothing here imports `electron`; the transports wrap `router` and subscribe to `events`. Each capability
 * exports its own handlers (`main/<capability>/handlers.ts`); this file only builds and connects.
 *
 * Over 300 lines (about 320) because it is the one composition root: the documented options (most of them
 * test seams), the surface the transports use, and a few lines of wiring for each of some twenty services.
 * No handler body or rule is left here; splitting the wiring further would scatter the one place that
 * shows what depends on what.
 */
import path from 'node:path';
import { AuditTrail } from './audit/auditTrail';
import { createAuthService } from './auth/authService';
import { ClipboardGuard, type ClipboardAdapter, type Timers } from './clipboard/clipboardGuard';
import { createCredentialsService } from './credentials/credentialsService';
import { createClipboardStatusEvents, createCredentialHandlers } from './credentials/handlers';
import { createAuthHandlers } from './auth/handlers';
import { createProfileHandlers } from './profiles/handlers';
import { createRequestHandlers } from './requests/handlers';
import { createFeedPacing, createSessionHandlers } from './sessions/handlers';
import { createSettingsHandlers } from './settings/handlers';
import { createHistoryHandlers } from './history/historyHandlers';
import { createHistoryService } from './history/historyService';
import { DEFAULT_HISTORY_LOG_BUDGET_MB } from '../contract';
import { FallbackKeychain } from './keychain/fallbackKeychain';
import type { Keychain } from './keychain/keychain';
import { KeytarKeychain } from './keychain/keytarKeychain';
import { MemoryClipboard } from './platform/memoryClipboard';
import { createProfileService } from './profiles/profileService';
import { createProfileStore } from './profiles/profileStore';
import { createTrustStore } from './auth/trustStore';
import { createNpsClient, type NpsClientFactory } from './nps/npsClient';
import { probeServer, type ServerProber } from './nps/serverProbe';
import { createApprovalService } from './requests/approvalService';
import { createRequestService } from './requests/requestService';
import { createRouter, EventHub, type Handlers, type Router } from './router/router';
import type { Logger } from './log/logger';
import { startBundledSandbox } from './sandboxHost/bundledSandbox';
import { createSandboxHandlers } from './sandboxHost/handlers';
import { createSandboxHost, type SandboxHandleLike, type SandboxHost } from './sandboxHost/sandboxHost';
import { createSessionFeed } from './sessions/sessionFeed';
import { createSessionService } from './sessions/sessionService';
import { createSettingsStore } from './settings/settingsStore';
import { createNoticeService } from './notifications/noticeService';
import { pageNoticePresenter, type NoticePresenterFactory } from './platform/noticePresenter';
import { createLaunchers } from './launch/handlers';

export type { SandboxHandleLike } from './sandboxHost/sandboxHost';

export interface CoreOptions {
  dataDir: string;
  log: Logger;
  transport: 'electron' | 'bridge';
  version: string;
  platform: string;
  /**
   * Replaces the bundled sandbox (tests pass short timings or a sandbox they started). Whatever `start`
   * returns is owned by the core from then on: `dispose` stops it.
   */
  sandbox?: { start(): Promise<SandboxHandleLike> };
  http?: { timeoutMs?: number; retries?: number };
  /** Test seams; production uses the real client and probe. */
  npsClientFactory?: NpsClientFactory;
  probeServer?: ServerProber;
  /** Overrides the poll interval preference (tests). */
  pollIntervalMs?: number;
  /**
   * Where remembered secrets go. Default: the OS keychain through keytar. Whatever is given is wrapped so
   * that a failing keychain degrades to memory for the run (and the UI is told).
   */
  keychain?: Keychain;
  /** The system clipboard. Default: an in-memory clipboard owned by this process (the bridge has no other). */
  clipboard?: ClipboardAdapter;
  /** Timers of the clipboard guard (tests with fake time). */
  clipboardTimers?: Timers;
  /** Sign in with the last profile's remembered token at start. Default true. */
  restoreOnStart?: boolean;
  /** Where desktop notifications go (Electron: the OS's, with a tray). Default: the page (browser mode). */
  notices?: NoticePresenterFactory;
}

export interface Core {
  router: Router;
  events: EventHub;
  /** For the bridge and tests: the sandbox this core started, if any. */
  sandbox: Pick<SandboxHost, 'running'>;
  /** The system clipboard the core writes (tests read the bridge's; no channel exposes it to the page). */
  clipboard: ClipboardAdapter;
  keychain: FallbackKeychain;
  /** A `pam-desk:` link from the OS (macOS `open-url`); the page asks the user before anything happens. */
  openLink(url: string): Promise<void>;
  /** The command line of this start or of a second instance, which may carry a `pam-desk:` link. */
  openLinkFromArgv(argv: readonly string[]): Promise<void>;
  /** Resolves when the start-up work (keychain check, restoring a remembered sign-in) is done. */
  ready: Promise<void>;
  /** The screen was locked (or the machine suspends): clear the clipboard if it holds our value. */
  screenLocked(): Promise<void>;
  dispose(): Promise<void>;
}

const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 20;
const NO_PROFILE = '00000000-0000-4000-8000-000000000000';

export function buildCore(options: CoreOptions): Core {
  const { log } = options;
  const events = new EventHub();
  const settings = createSettingsStore(options.dataDir, log);
  const trustStore = createTrustStore({
    settings,
    probeServer: options.probeServer ?? probeServer,
    ...(options.http ? { http: options.http } : {}),
    log,
  });
  const profiles = createProfileStore(options.dataDir, log);
  const keychain = new FallbackKeychain(options.keychain ?? new KeytarKeychain(), log, (status) =>
    events.emit('keychain.changed', status),
  );
  const clipboard = options.clipboard ?? new MemoryClipboard();
  const clipboardStatus = createClipboardStatusEvents((status) => events.emit('credentials.clipboard', status));
  const guard = new ClipboardGuard(clipboard, {
    platform: options.platform as NodeJS.Platform,
    ...(options.clipboardTimers ? { timers: options.clipboardTimers } : {}),
    onEvent: (event) => clipboardStatus.guardEvent(event),
  });
  const audit = new AuditTrail(path.join(options.dataDir, 'audit', 'credentials.jsonl'));
  const sandboxHost = createSandboxHost({
    startSandbox: options.sandbox ? () => options.sandbox!.start() : () => startBundledSandbox(options.dataDir, log),
    trustForThisRun: (url, fingerprint) => trustStore.trustForThisRun(url, fingerprint),
    log,
  });

  const auth = createAuthService({
    keychain,
    profiles,
    isSandboxUrl: (url) => sandboxHost.serves(url),
    profileAddress: (profile) => sandboxHost.addressOf(profile),
    onSignedOut: async () => {
      await guard.clearNow('signOut');
    },
    createClient: options.npsClientFactory ?? createNpsClient,
    trustStore,
    log,
    ...(options.http ? { http: options.http } : {}),
  });

  const pageNotices = pageNoticePresenter({
    show: (notice) => events.emit('notifications.show', notice),
    counts: (counts) => events.emit('notifications.counts', counts),
  });
  const noticePresenter = options.notices
    ? options.notices({ opened: (opened) => events.emit('notifications.opened', opened), page: pageNotices })
    : pageNotices;
  const pollMs = () => options.pollIntervalMs ?? settings.preferences().pollIntervalSeconds * 1000;
  // Filled in below, once the approvals service exists; the feed only calls it after a watch.
  let notices: ReturnType<typeof createNoticeService> | null = null;

  const feed = createSessionFeed({
    call: (fn) => auth.call(fn),
    emitDelta: (delta) => {
      events.emit('sessions.delta', delta);
      notices?.delta(delta);
    },
    emitStatus: (status) => events.emit('sessions.feed', status),
    intervalMs: pollMs,
    log,
  });
  const pacing = createFeedPacing({ feed, intervalMs: pollMs });

  const sessions = createSessionService({
    call: (fn) => auth.call(fn),
    afterChange: () => void feed.refresh(),
    log,
  });

  const requests = createRequestService({
    call: (fn) => auth.call(fn),
    afterChange: () => feed.refresh(),
    log,
  });

  const approvals = createApprovalService({
    call: (fn) => auth.call(fn),
    identity: () => auth.identity(),
    afterChange: () => void feed.refresh(),
    pollMs,
    log,
  });

  notices = createNoticeService({
    presenter: noticePresenter,
    preferences: () => settings.preferences().notifications,
    user: () => {
      const state = auth.state();
      return state.status === 'signedIn' || state.status === 'reauthRequired' ? state.user : null;
    },
    pendingApprovals: () => approvals.pending(),
    backgroundRefresh: () => pacing.backgroundRefresh(),
    intervalMs: pollMs,
    log,
  });
  const noticeService = notices;

  const credentials = createCredentialsService({
    call: (fn) => auth.call(fn),
    identity: () => auth.identity(),
    session: () => auth.session(),
    guard,
    audit,
    clearAfterMs: () => (settings.preferences().clipboardClearSeconds ?? DEFAULT_CLIPBOARD_CLEAR_SECONDS) * 1000,
    onCopied: (copyId, sessionId, what) => {
      const ticket = guard.pending();
      clipboardStatus.copied(copyId, sessionId, what, ticket?.copyId === copyId ? ticket.clearsAt : Date.now());
    },
    log,
  });

  const profileService = createProfileService({
    store: profiles,
    keychain,
    currentProfileId: () => auth.currentProfileId(),
    signOut: () => auth.signOut(),
    removePin: (url) => settings.removePin(url),
    emitChanged: (list) => events.emit('profiles.changed', list),
    log,
  });

  const historyRoot = path.join(options.dataDir, 'history');
  const history = createHistoryService({
    root: historyRoot,
    keychain,
    log,
    onStatus: (status) => events.emit('history.changed', status),
    logBudgetBytes: () => (settings.preferences().historyLogBudgetMb ?? DEFAULT_HISTORY_LOG_BUDGET_MB) * 1024 * 1024,
  });
  const historyChannel = createHistoryHandlers({
    history,
    call: (fn) => auth.call(fn),
    currentProfileId: () => auth.currentProfileId(),
    profiles: () => profiles.list(),
    keychain,
    root: historyRoot,
    log,
    fetchLog: (id) => sessions.logs(id),
  });

  const launchers = createLaunchers({
    dataDir: options.dataDir,
    auth,
    audit,
    sandbox: sandboxHost,
    profiles: profileService,
    events,
    log,
  });

  auth.onChange((state) => {
    historyChannel.authChanged(state);
    pacing.authChanged(state);
    if (state.status === 'signedIn') noticeService.setSignedIn(true);
    else if (state.status !== 'reauthRequired') noticeService.setSignedIn(false);
    if (state.status === 'signedOut') launchers.closeAll('You signed out.');
    events.emit('auth.changed', state);
  });

  const ready = (async () => {
    // Touching the keychain once at start tells the UI now, not at the first sign-in, when it cannot be used.
    await keychain.list(NO_PROFILE).catch(() => []);
    if (options.restoreOnStart !== false) await auth.restore();
  })().catch((error: unknown) => log.warn(`[core] start-up: ${(error as Error).message}`));

  const handlers: Handlers = {
    ...historyChannel.handlers,
    ...launchers.handlers,
    'app.info': async () => ({
      name: 'PAM Desk',
      version: options.version,
      transport: options.transport,
      platform: options.platform,
    }),
    ...createSessionHandlers({ feed, sessions, pacing, notices: noticeService }),
    ...createAuthHandlers({
      auth,
      trustStore,
      ready,
      profilesChanged: async () => events.emit('profiles.changed', await profileService.list()),
    }),
    ...createSandboxHandlers(sandboxHost),
    ...createSettingsHandlers({
      settings,
      afterChange: () => {
        feed.reschedule();
        // A lowered log budget evicts now.
        history.enforceLogBudget().catch((error: unknown) => log.warn(`[history] ${(error as Error).message}`));
      },
    }),
    ...createProfileHandlers({
      profiles: profileService,
      useProfile: (id) => auth.useProfile(id),
      ready,
      forgetProfile: async (id) => {
        launchers.forgetProfile(id); // its pinned SSH proxy keys, RDP certificates and choice of client
        await historyChannel.forgetProfile(id); // and its cached history (its key went with the keychain entries)
      },
    }),
    'keychain.status': async () => {
      await ready;
      return keychain.status();
    },
    ...createCredentialHandlers({ credentials, guard }),
    ...createRequestHandlers({ requests, approvals, notices: noticeService }),
  };

  return {
    router: createRouter(handlers, log),
    events,
    sandbox: sandboxHost,
    clipboard,
    keychain,
    ready,
    openLink: (url) => launchers.openLink(url),
    openLinkFromArgv: (argv) => launchers.openLinkFromArgv(argv),
    async screenLocked() {
      if (await guard.clearNow('screenLocked')) log.info('[credentials] screen locked: cleared the clipboard');
    },
    async dispose() {
      feed.unwatch();
      noticeService.dispose();
      await launchers.dispose('PAM Desk is closing.');
      await guard.clearNow('quit').catch(() => false);
      auth.dispose();
      await historyChannel.settled();
      await history.close();
      keychain.forgetMemory();
      await sandboxHost.stop();
    },
  };
}
