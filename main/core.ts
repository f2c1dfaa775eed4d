/**
 * The composition root shared by the Electron main process and the WebSocket bridge: builds every
 * service with its dependencies passed in, and the handler table for every channel of the contract.
 * Nothing here imports `electron`; the transports wrap `router` and subscribe to `events`.
 */
import path from 'node:path';
import type { Preferences } from '../contract';
import { createAuthService } from './auth/authService';
import { createTrustStore } from './auth/trustStore';
import { createNpsClient, type NpsClientFactory } from './nps/npsClient';
import { probeServer, type ServerProber } from './nps/serverProbe';
import { createRouter, EventHub, type Handlers, type Logger, type Router } from './router/router';
import { createSandboxHost, type SandboxHandleLike, type SandboxHost } from './sandboxHost/sandboxHost';
import { createSessionFeed } from './sessions/sessionFeed';
import { createSessionService } from './sessions/sessionService';
import { createSettingsStore } from './settings/settingsStore';

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
}

export interface Core {
  router: Router;
  events: EventHub;
  /** For the bridge and tests: the sandbox this core started, if any. */
  sandbox: Pick<SandboxHost, 'running'>;
  dispose(): Promise<void>;
}

export function buildCore(options: CoreOptions): Core {
  const { log } = options;
  const events = new EventHub();
  const settings = createSettingsStore(options.dataDir, log);
  const trustStore = createTrustStore(settings);

  const auth = createAuthService({
    createClient: options.npsClientFactory ?? createNpsClient,
    probeServer: options.probeServer ?? probeServer,
    trustStore,
    log,
    ...(options.http ? { http: options.http } : {}),
    rememberServer: (url, login) => {
      try {
        settings.setLastServer(url, login);
      } catch (error) {
        // A convenience for the next start; failing to save it must not fail the sign-in.
        log.warn(`[settings] could not remember the last server: ${(error as Error).message}`);
      }
    },
  });

  const feed = createSessionFeed({
    call: (fn) => auth.call(fn),
    emitDelta: (delta) => events.emit('sessions.delta', delta),
    emitStatus: (status) => events.emit('sessions.feed', status),
    intervalMs: () => options.pollIntervalMs ?? settings.preferences().pollIntervalSeconds * 1000,
    log,
  });

  const sessions = createSessionService({
    call: (fn) => auth.call(fn),
    afterChange: () => void feed.refresh(),
    log,
  });

  const sandboxHost = createSandboxHost({
    startSandbox: options.sandbox ? () => options.sandbox!.start() : () => startBundledSandbox(options.dataDir, log),
    trustForThisRun: (url, fingerprint) => trustStore.trustForThisRun(url, fingerprint),
    log,
  });

  auth.onChange((state) => {
    if (state.status !== 'signedIn') feed.unwatch();
    events.emit('auth.changed', state);
  });

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'PAM Desk',
      version: options.version,
      transport: options.transport,
      platform: options.platform,
    }),
    'app.setVisible': async ({ visible }) => {
      feed.setVisible(visible);
      return null;
    },

    'auth.state': async () => auth.state(),
    'auth.probe': ({ url }) => auth.probe(url),
    'auth.trust': ({ url, fingerprint }) => auth.trust(url, fingerprint),
    'auth.signIn': ({ url, login, password }) => auth.signIn(url, login, password),
    'auth.verifyMfa': ({ code }) => auth.verifyMfa(code),
    'auth.signOut': async () => auth.signOut(),

    'sandbox.start': () => sandboxHost.start(),
    'sandbox.mfaCode': async ({ login }) => sandboxHost.mfaCode(login),

    'sessions.watch': ({ scope }) => feed.watch(scope),
    'sessions.unwatch': async () => {
      feed.unwatch();
      return null;
    },
    'sessions.refresh': async () => {
      await feed.refresh();
      return null;
    },
    'sessions.end': ({ ids }) => sessions.end(ids),
    'sessions.lock': ({ ids, locked, message }) => sessions.lock(ids, locked, message),
    'sessions.logs': ({ id }) => sessions.logs(id),

    'prefs.get': async () => settings.preferences(),
    'prefs.update': async (patch) => {
      const next = settings.updatePreferences((current): Preferences => ({
        pollIntervalSeconds: patch.pollIntervalSeconds ?? current.pollIntervalSeconds,
        views: patch.view ? { ...current.views, [patch.view.key]: patch.view.pref } : current.views,
      }));
      feed.reschedule();
      return next;
    },
  };

  return {
    router: createRouter(handlers, log),
    events,
    sandbox: sandboxHost,
    async dispose() {
      feed.unwatch();
      auth.dispose();
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
