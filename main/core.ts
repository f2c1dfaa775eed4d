/**
 * The composition root shared by the Electron main process and the WebSocket bridge: builds every
 * service with its dependencies passed in, and the handler table for every channel of the contract.
 * Nothing here imports `electron`; the transports wrap `router` and subscribe to `events`. Each capability
 * exports its own handlers (`main/<capability>/handlers.ts`); this file only builds and connects.
 *
 * Over 300 lines because the launchers' wiring (SSH, watching, RDP, own client: their sandbox-aware pins,
 * audit and the terminal.* / rdp.* / recordings.* handlers) still lives here: main/launch/** is being
 * edited on another branch; it moves to main/launch/handlers.ts once that lands.
 */
import path from 'node:path';
import { AuditTrail, type AuditEntry } from './audit/auditTrail';
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
import { FallbackKeychain } from './keychain/fallbackKeychain';
import type { Keychain } from './keychain/keychain';
import { KeytarKeychain } from './keychain/keytarKeychain';
import { MemoryClipboard } from './platform/memoryClipboard';
import { createProfileService } from './profiles/profileService';
import { createProfileStore } from './profiles/profileStore';
import { serverAddress } from './nps/serverAddress';
import { createTrustStore } from './auth/trustStore';
import { createNpsClient, type NpsClientFactory } from './nps/npsClient';
import { probeServer, type ServerProber } from './nps/serverProbe';
import { createApprovalService } from './requests/approvalService';
import { createRequestService } from './requests/requestService';
import { createRouter, EventHub, type Handlers, type Router } from './router/router';
import type { Logger } from './log/logger';
import { createSandboxHost, type SandboxHandleLike, type SandboxHost } from './sandboxHost/sandboxHost';
import { createSessionFeed } from './sessions/sessionFeed';
import { createSessionService } from './sessions/sessionService';
import { createSettingsStore } from './settings/settingsStore';
import { createHostKeyStore } from './launch/ssh/hostKeyStore';
import { createLiveWatchService } from './launch/ssh/liveWatchService';
import { toRecording, toRecordingSummary } from './launch/ssh/recordingSchemas';
import { createNoticeService } from './notifications/noticeService';
import { pageNoticePresenter, type NoticePresenterFactory } from './platform/noticePresenter';
import { createSshLaunchService } from './launch/ssh/sshLaunchService';
import { createExternalHandlers } from './launch/external/externalHandlers';
import { createRdpCertificateStore } from './launch/rdp/certificateStore';
import { createRdpLaunchService } from './launch/rdp/rdpLaunchService';

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
    isSandboxUrl: (url) => {
      const running = sandboxHost.running();
      return running !== null && serverAddress(running.url) === serverAddress(url);
    },
    profileAddress: async (profile) => {
      if (profile.kind !== 'sandbox') return profile.url;
      const { url } = await sandboxHost.start();
      return url;
    },
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
  });
  const historyChannel = createHistoryHandlers({
    history,
    call: (fn) => auth.call(fn),
    currentProfileId: () => auth.currentProfileId(),
    profiles: () => profiles.list(),
    keychain,
    root: historyRoot,
    log,
  });

  const watching = createLiveWatchService({
    call: (fn) => auth.call(fn),
    emitOutput: (output) => events.emit('terminal.output', output),
    emitStatus: (status) => events.emit('terminal.status', status),
    log,
  });
  // The launchers (SSH, RDP, own client) ask who is signed in the same way and audit a launch the same way (D1).
  const signedInProfile = () => {
    const who = auth.identity();
    return auth.session() !== null && who ? { serverUrl: who.server, profileId: auth.currentProfileId() } : null;
  };
  const recordLaunch = (
    tag: string,
    entry: Pick<AuditEntry, 'sessionId' | 'host' | 'action' | 'outcome' | 'detail'>,
  ): void => {
    const who = auth.identity();
    audit
      .record({
        ...entry,
        server: who?.server ?? '',
        user: who?.login ?? '',
        loginAccount: '',
        detail: entry.detail.slice(0, 500),
      })
      .catch((error: unknown) => log.warn(`[${tag}] could not write the audit trail: ${(error as Error).message}`));
  };
  const hostKeys = createHostKeyStore(options.dataDir, log);
  const ssh = createSshLaunchService({
    call: (fn) => auth.call(fn),
    signedIn: signedInProfile,
    rememberedPassword: () => auth.rememberedPassword(),
    hostKeys: {
      ...hostKeys,
      // The sandbox we started names its proxy's key itself; everything else is pinned on first use.
      pinned: (profileId, host, port) => {
        const proxy = sandboxHost.running()?.sshProxy;
        if (proxy && proxy.host === host && proxy.port === port) return proxy.hostKeyFingerprint;
        return hostKeys.pinned(profileId, host, port);
      },
    },
    emitOutput: (output) => events.emit('terminal.output', output),
    emitStatus: (status) => events.emit('terminal.status', status),
    emitPrompt: (prompt) => events.emit('terminal.prompt', prompt),
    audit: ({ sessionId, proxy, outcome, detail }) =>
      recordLaunch('ssh', { sessionId, host: proxy, action: 'launchSsh', outcome, detail }),
    log,
  });

  const external = createExternalHandlers({
    dataDir: options.dataDir,
    call: (fn) => auth.call(fn),
    signedIn: signedInProfile,
    rememberedPassword: () => auth.rememberedPassword(),
    pinnedProxyKey: (profileId, host, port) => {
      const proxy = sandboxHost.running()?.sshProxy;
      if (proxy && proxy.host === host && proxy.port === port) return proxy.hostKeyFingerprint;
      return profileId ? hostKeys.pinned(profileId, host, port) : null;
    },
    gatewayCertificate: (host, port) => {
      const gateway = sandboxHost.running()?.rdpProxy;
      return gateway && gateway.host === host && gateway.port === port ? gateway.certificateFingerprint : null;
    },
    // The sandbox's address changes every run: a link names it by the address it has now.
    profiles: async () =>
      (await profileService.list()).profiles.flatMap((p) => {
        const url = p.kind === 'sandbox' ? sandboxHost.running()?.url : p.url;
        return url ? [{ id: p.id, name: p.name, url }] : [];
      }),
    audit: ({ sessionId, protocol, client, address, outcome, detail }) =>
      recordLaunch('external', {
        sessionId,
        host: address,
        action: protocol === 'rdp' ? 'launchRdp' : 'launchSsh',
        outcome,
        detail: `Own client (${client}): ${detail}`,
      }),
    emitLink: (link) => events.emit('external.link', link),
    emitLinkRefused: (refusal) => events.emit('external.linkRefused', refusal),
    log,
  });

  const rdpCertificates = createRdpCertificateStore(options.dataDir, log);
  const rdp = createRdpLaunchService({
    call: (fn) => auth.call(fn),
    signedIn: signedInProfile,
    rememberedPassword: () => auth.rememberedPassword(),
    certificates: {
      ...rdpCertificates,
      // The sandbox we started names its gateway's certificate itself; everything else is pinned on first use.
      pinned: (profileId, host, port) => {
        const gateway = sandboxHost.running()?.rdpProxy;
        if (gateway && gateway.host === host && gateway.port === port) return gateway.certificateFingerprint;
        return rdpCertificates.pinned(profileId, host, port);
      },
    },
    emitFrame: (frame) => events.emit('rdp.frame', frame),
    emitStatus: (status) => events.emit('rdp.status', status),
    emitPrompt: (prompt) => events.emit('rdp.prompt', prompt),
    audit: ({ sessionId, gateway, outcome, detail }) =>
      recordLaunch('rdp', { sessionId, host: gateway, action: 'launchRdp', outcome, detail }),
    log,
  });

  auth.onChange((state) => {
    historyChannel.authChanged(state);
    pacing.authChanged(state);
    if (state.status === 'signedIn') noticeService.setSignedIn(true);
    else if (state.status !== 'reauthRequired') noticeService.setSignedIn(false);
    if (state.status === 'signedOut') {
      ssh.closeAll('You signed out.');
      watching.closeAll('You signed out.');
      rdp.closeAll('You signed out.');
    }
    events.emit('auth.changed', state);
  });

  const ready = (async () => {
    // Touching the keychain once at start tells the UI now, not at the first sign-in, when it cannot be used.
    await keychain.list(NO_PROFILE).catch(() => []);
    if (options.restoreOnStart !== false) await auth.restore();
  })().catch((error: unknown) => log.warn(`[core] start-up: ${(error as Error).message}`));

  const handlers: Handlers = {
    ...historyChannel.handlers,
    ...external.handlers,
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
    'sandbox.start': () => sandboxHost.start(),
    'sandbox.mfaCode': async ({ login }) => sandboxHost.mfaCode(login),
    ...createSettingsHandlers({ settings, afterChange: () => feed.reschedule() }),
    ...createProfileHandlers({
      profiles: profileService,
      useProfile: (id) => auth.useProfile(id),
      ready,
      forgetProfile: async (id) => {
        hostKeys.forget(id); // its SSH proxy's pinned host keys go with it
        await historyChannel.forgetProfile(id); // and its cached history (its key went with the keychain entries)
        external.forgetProfile(id);
        rdpCertificates.forget(id); // and its RDP gateway's pinned certificates
      },
    }),
    'keychain.status': async () => {
      await ready;
      return keychain.status();
    },
    ...createCredentialHandlers({ credentials, guard }),
    ...createRequestHandlers({ requests, approvals, notices: noticeService }),
    'terminal.open': ({ sessionId, cols, rows }) => ssh.open(sessionId, { cols, rows }),
    'terminal.input': async ({ terminalId, data }) => {
      ssh.input(terminalId, data);
      return null;
    },
    'terminal.ack': async ({ terminalId, bytes }) => {
      if (watching.owns(terminalId)) watching.ack(terminalId, bytes);
      ssh.ack(terminalId, bytes);
      return null;
    },
    'terminal.resize': async ({ terminalId, cols, rows }) => {
      ssh.resize(terminalId, { cols, rows });
      return null;
    },
    'terminal.answer': async ({ terminalId, promptId, value }) => {
      ssh.answer(terminalId, promptId, value);
      return null;
    },
    'rdp.open': ({ sessionId, width, height }) => rdp.open(sessionId, { width, height }),
    'rdp.input': async ({ viewerId, events: input }) => {
      rdp.input(viewerId, input);
      return null;
    },
    'rdp.ack': async ({ viewerId, bytes }) => {
      rdp.ack(viewerId, bytes);
      return null;
    },
    'rdp.answer': async ({ viewerId, promptId, value }) => {
      rdp.answer(viewerId, promptId, value);
      return null;
    },
    'rdp.close': async ({ viewerId }) => {
      rdp.close(viewerId);
      return null;
    },
    'terminal.close': async ({ terminalId }) => {
      watching.close(terminalId);
      ssh.close(terminalId);
      return null;
    },
    'terminal.watch': ({ sessionId }) => watching.open(sessionId),
    'recordings.list': async ({ sessionId }) => ({
      recordings: (await auth.call((api) => api.recordings(sessionId))).map(toRecordingSummary),
    }),
    'recordings.get': async ({ sessionId, proxySessionId }) =>
      toRecording(await auth.call((api) => api.recording(sessionId, proxySessionId))),
  };

  return {
    router: createRouter(handlers, log),
    events,
    sandbox: sandboxHost,
    clipboard,
    keychain,
    ready,
    openLink: (url) => external.openLink(url),
    openLinkFromArgv: (argv) => external.openLinkFromArgv(argv),
    async screenLocked() {
      if (await guard.clearNow('screenLocked')) log.info('[credentials] screen locked: cleared the clipboard');
    },
    async dispose() {
      feed.unwatch();
      noticeService.dispose();
      ssh.closeAll('PAM Desk is closing.');
      watching.closeAll('PAM Desk is closing.');
      await external.dispose().catch(() => undefined);
      rdp.closeAll('PAM Desk is closing.');
      await guard.clearNow('quit').catch(() => false);
      auth.dispose();
      await historyChannel.settled();
      await history.close();
      keychain.forgetMemory();
      await sandboxHost.stop();
    },
  };
}

async function startBundledSandbox(dataDir: string, log: Logger): Promise<SandboxHandleLike> {
  // Loaded on demand: an app pointed at a real server never pays for the sandbox.
  const { startSandbox } = await import('../sandbox/index');
  return startSandbox({
    dataDir: path.join(dataDir, 'sandbox'),
    port: 0,
    // Into our log (redacted, tagged) rather than the sandbox's default stderr.
    log: (line) => log.info(line.startsWith('[') ? line : `[sandbox] ${line}`),
  });
}
