/**
 * The PAM Desk sandbox: a self-contained server speaking the NPS 4.2 REST API, started in-process with
 * `startSandbox(options)` (the app's "try the sandbox" path and the tests) or from `cli.ts`.
 */
import { randomBytes } from 'node:crypto';
import { accessPolicyRoutes } from './api/accessPolicyRoutes';
import { activitySessionRoutes } from './api/activitySessionRoutes';
import { DEFAULT_PUBLISHED_SHAPES, publishedRoutes } from './api/publishedShapes';
import { recordingRoutes } from './api/recordingRoutes';
import { sandboxRoutes } from './api/sandboxRoutes';
import type { SandboxRole } from './directory/types';
import { MfaReplayGuard } from './auth/mfaReplay';
import { Authenticator, type Caller } from './auth/signin';
import { Throttle } from './auth/throttle';
import { totpCode } from './auth/totp';
import { defaultDirectory } from './directory/defaultDirectory';
import type { Directory } from './directory/types';
import { startHttpServer, type Route } from './http/server';
import {
  DEFAULT_CONNECTION_TIMEOUTS,
  DEFAULT_PROXY,
  DEFAULT_THROTTLE,
  DEFAULT_TIMINGS,
  type SandboxOptions,
  type Timings,
} from './options';
import { SessionEngine } from './sessions/engine';
import { seedBulkSessions, seedDemoSessions } from './sessions/seed';
import { BuiltInTargets } from './ssh/builtInTarget';
import { loadOrCreateHostKey } from './ssh/hostKey';
import { RecordingStore } from './ssh/recordingStore';
import { SshProxy } from './ssh/sshProxy';
import { RdpGateway } from './rdp/rdpGateway';
import { Database, type DbShape } from './store/database';
import { loadOrCreateTls } from './store/tls';

export { totpCode } from './auth/totp';
export type { SandboxOptions, Timings, ProxySettings } from './options';
export { DEFAULT_TIMINGS } from './options';
export { MFA_COOKIE, type PublishedShapes } from './api/publishedShapes';
export type { Directory, Resource, LoginAccount, SshTarget, RdpTarget } from './directory/types';
export { defaultDirectory } from './directory/defaultDirectory';
export type { SandboxRole } from './directory/types';

export interface SandboxUser {
  id: string;
  login: string;
  password: string;
  /** Base32 TOTP secret (RFC 6238, 30 s, 6 digits). */
  totpSecret: string;
  role: SandboxRole;
  displayName: string;
}

export interface SandboxHandle {
  /** e.g. https://127.0.0.1:PORT */
  url: string;
  /** SHA-256 of the served certificate, 32 upper-case hex pairs joined by ':'; null for http. */
  fingerprint: string | null;
  /** The self-signed certificate (PEM); null for http. */
  caPem: string | null;
  users: SandboxUser[];
  /** The SSH proxy that `Ssh/{id}` URLs point at, with its host key's fingerprint as OpenSSH prints it. */
  sshProxy: { host: string; port: number; hostKeyFingerprint: string };
  /** The RDP gateway that `Rdp/{id}` files point at, with the SHA-256 of its TLS certificate (as `fingerprint`). */
  rdpProxy: { host: string; port: number; certificateFingerprint: string };
  /**
   * Where the built-in SSH target of `resource` listens (started on first use), e.g. to try a copied
   * password directly; null for resources that name a real host or are not Linux.
   */
  sshTarget(resource: string): Promise<{ host: string; port: number; hostKeyFingerprint: string } | null>;
  /**
   * The current 6-digit code of `login`, or, when that code was already used to sign in (a code is good
   * once), the next one, which the sandbox accepts as clock drift. Still the current, spent code when
   * both were used: then only the next time step helps.
   */
  totp(login: string): string;
  /** Whether `totp(login)` now gives a code that was not used yet (else the next time step must come first). */
  freshCode(login: string): boolean;
  /** Reports a login to the session's resource, as the proxy would on seeing one. */
  simulateLogin(sessionId: string): void;
  /** Whether `password` currently opens `account` on `resource` (it stops doing so after rotation). */
  checkCredential(resource: string, account: string, password: string): boolean;
  /** How many client connections are open now. */
  openConnections(): Promise<number>;
  /** Ends timers, writes pending data and closes the port. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timings: Timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const proxy = { ...DEFAULT_PROXY, ...options.proxy };
  const dataDir = options.dataDir ?? null;

  let engine: SessionEngine | null = null;
  const snapshot = (): DbShape => ({ format: 1, directory: engine!.directory, sessions: engine!.store.records() });
  let db: Database | null = null;
  let stored: DbShape | null = null;
  if (dataDir !== null) {
    const opened = await Database.open(dataDir, snapshot, options.persistDebounceMs ?? 500, log);
    db = opened.db;
    stored = opened.data;
  }

  // Anything failing from here on (seeding, certificate, port in use) must release timers and the folder.
  const build = async () => {
    const directory: Directory = stored?.directory ?? options.directory ?? defaultDirectory();
    engine = new SessionEngine({
      directory,
      timings,
      now,
      changed: () => db?.markDirty(),
      log,
      ...(options.onPasswordRotated ? { passwordRotated: options.onPasswordRotated } : {}),
    });
    const ready = engine;
    if (stored) {
      ready.store.addMany(stored.sessions);
      // No SSH connection outlives the process that carried it.
      for (const rec of stored.sessions)
        for (const connection of rec.proxySessions ?? []) connection.end ??= rec.modifiedAt;
      if ((options.seedActive ?? 0) + (options.seedHistorical ?? 0) > 0)
        log('[sandbox] the data folder already has data; seed options are ignored');
      if (options.directory) log('[sandbox] the data folder already has a directory; the directory option is ignored');
    } else {
      if (options.seedDemo ?? true) seedDemoSessions(ready);
      seedBulkSessions(ready, options.seedActive ?? 0, options.seedHistorical ?? 0);
    }
    ready.restoreTimers();
    if (db && !stored) await db.writeNow();

    const tls = options.http ? null : await loadOrCreateTls(dataDir, now());
    // One throttle: wrong answers at the SSH proxy count as failed sign-ins, as they would on NPS.
    const throttle = new Throttle({ ...DEFAULT_THROTTLE, ...options.throttle }, now);
    const replay = new MfaReplayGuard(now);
    const [proxyKey, targetKey] = await Promise.all([
      loadOrCreateHostKey(dataDir, 'ssh-proxy-host-key'),
      loadOrCreateHostKey(dataDir, 'ssh-target-host-key'),
    ]);
    targets = new BuiltInTargets({
      hostKey: targetKey,
      checkPassword: (resource, account, password) => ready.checkCredential(resource, account, password),
      log,
    });
    const recordings = new RecordingStore(dataDir, log);
    sshProxy = new SshProxy({ engine: ready, throttle, replay, hostKey: proxyKey, targets, recordings, now, log });
    proxy.sshPort = await sshProxy.listen(proxy.host, proxy.sshPort);
    // RDP clients get the sandbox's certificate even when the API is served over plain HTTP (tests).
    rdpGateway = new RdpGateway({ engine: ready, throttle, tls: tls ?? (await loadOrCreateTls(dataDir, now())), log });
    proxy.rdpPort = await rdpGateway.listen(proxy.host, proxy.rdpPort);
    const auth = new Authenticator({
      key: randomBytes(32),
      now,
      tokenTtlMs: () => timings.tokenTtlMs,
      preMfaTtlMs: () => timings.preMfaTtlMs,
      userById: (id) => ready.users.get(id),
      userByLogin: (login) => ready.usersByLogin.get(login.toLowerCase()),
      throttle,
      replay,
    });
    // 'published' shapes rewrite what the routes answer (see api/publishedShapes.ts).
    const shaped = <S extends { routes: Route<Caller | null>[] }>(settings: S): S =>
      options.shapes === 'published'
        ? {
            ...settings,
            routes: publishedRoutes(settings.routes, {
              settings: { ...DEFAULT_PUBLISHED_SHAPES, ...options.published },
              now,
              preMfaTtlMs: () => timings.preMfaTtlMs,
              secure: tls !== null,
            }),
          }
        : settings;
    const server = await startHttpServer<Caller | null>(
      shaped({
        routes: [
          ...auth.routes(),
          ...activitySessionRoutes(ready, proxy),
          ...accessPolicyRoutes(ready),
          ...sandboxRoutes(ready, throttle),
          ...recordingRoutes(ready, recordings),
        ],
        authenticate: (level, req) => auth.authenticate(level, req),
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
        timeouts: { ...DEFAULT_CONNECTION_TIMEOUTS, ...options.connectionTimeouts },
        log,
        tls: tls ? { key: tls.key, cert: tls.cert } : null,
      }),
      options.port ?? 0,
    );
    return { ready, directory, tls, server, replay, sshProxy, targets, recordings, rdpGateway };
  };

  let sshProxy: SshProxy | null = null;
  let targets: BuiltInTargets | null = null;
  let rdpGateway: RdpGateway | null = null;
  let built: Awaited<ReturnType<typeof build>>;
  try {
    built = await build();
  } catch (error) {
    (engine as SessionEngine | null)?.stop();
    await (sshProxy as SshProxy | null)?.stop();
    await (rdpGateway as RdpGateway | null)?.stop();
    await (targets as BuiltInTargets | null)?.stop();
    await db?.close();
    throw error;
  }
  const { ready, directory, tls, server, replay, recordings } = built;
  const proxyServer = built.sshProxy;
  const targetServers = built.targets;
  const gateway = built.rdpGateway;

  let stopped: Promise<void> | null = null;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${server.port}`,
    fingerprint: tls?.fingerprint ?? null,
    caPem: tls?.cert ?? null,
    users: directory.users.map((u) => ({
      id: u.id,
      login: u.login,
      password: u.password,
      totpSecret: u.totpSecret,
      role: u.role,
      displayName: u.displayName,
    })),
    sshProxy: { host: proxy.host, port: proxyServer.port, hostKeyFingerprint: proxyServer.fingerprint },
    rdpProxy: { host: proxy.host, port: gateway.port, certificateFingerprint: gateway.certificateFingerprint },
    async sshTarget(name) {
      const resource = directory.resources.find((r) => r.name.toLowerCase() === name.toLowerCase());
      if (!resource || resource.platform !== 'Linux' || resource.sshTarget) return null;
      const port = await targetServers.portOf(resource);
      return { host: '127.0.0.1', port, hostKeyFingerprint: targetServers.fingerprint };
    },
    totp(login) {
      const user = ready.usersByLogin.get(login.toLowerCase());
      if (!user) throw new Error(`no sandbox user '${login}'`);
      return totpCode(user.totpSecret, replay.acceptableCodeTime(user.id) ?? now());
    },
    freshCode(login) {
      const user = ready.usersByLogin.get(login.toLowerCase());
      if (!user) throw new Error(`no sandbox user '${login}'`);
      return replay.acceptableCodeTime(user.id) !== null;
    },
    simulateLogin(sessionId) {
      const rec = ready.store.get(sessionId);
      if (!rec) throw new Error(`no session ${sessionId}`);
      ready.seeLogin(rec);
    },
    checkCredential: (resource, account, password) => ready.checkCredential(resource, account, password),
    openConnections: () => server.openConnections(),
    stop() {
      stopped ??= (async () => {
        ready.stop();
        await proxyServer.stop();
        await gateway.stop();
        await targetServers.stop();
        await recordings.flush();
        await server.close();
        await db?.close();
      })();
      return stopped;
    },
  };
}
