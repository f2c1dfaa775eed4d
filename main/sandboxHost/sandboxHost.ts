/**
 * "Try the sandbox": starts the bundled NPS-compatible server in this process, pins its certificate for
 * this run (we started it, so its fingerprint comes from the source, not the network) and hands out the
 * demo logins. The TOTP secrets stay here; the UI asks for the current code instead.
 */
import type { SandboxInfo } from '../../contract';
import { PamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import { serverAddress } from '../nps/serverAddress';

/** The part of `startSandbox()`'s handle (sandbox/index.ts) that the app uses. */
export interface SandboxHandleLike {
  url: string;
  fingerprint: string | null;
  users: ReadonlyArray<{ login: string; password: string; role: string; displayName: string }>;
  totp(login: string): string;
  /** Its SSH proxy, whose host key we know from the source (pinned for this run, like its certificate). */
  sshProxy?: { host: string; port: number; hostKeyFingerprint: string };
  /** Its RDP gateway, with the SHA-256 of its certificate (passed to FreeRDP as the pin). */
  rdpProxy?: { host: string; port: number; certificateFingerprint: string };
  stop(): Promise<void> | void;
}

export type SandboxStarter = () => Promise<SandboxHandleLike>;

export interface SandboxHost {
  /** Idempotent: the second call returns the server the first one started. */
  start(): Promise<SandboxInfo>;
  mfaCode(login: string): { code: string; secondsLeft: number };
  /** The running sandbox, if any (the bridge and tests use it). */
  running(): SandboxHandleLike | null;
  /** Whether `url` is the address of the sandbox running now. */
  serves(url: string): boolean;
  /** A profile's server address: a sandbox profile's is wherever the sandbox runs this time (started if need be). */
  addressOf(profile: { kind: string; url: string }): Promise<string>;
  stop(): Promise<void>;
}

export interface SandboxHostDeps {
  startSandbox: SandboxStarter;
  trustForThisRun(url: string, fingerprint: string): void;
  log: Logger;
  now?: () => number;
}

const TOTP_STEP_SECONDS = 30;

export function createSandboxHost(deps: SandboxHostDeps): SandboxHost {
  const now = deps.now ?? Date.now;
  let starting: Promise<SandboxHandleLike> | null = null;
  let handle: SandboxHandleLike | null = null;

  function infoOf(sandbox: SandboxHandleLike): SandboxInfo {
    return {
      url: sandbox.url,
      fingerprint: sandbox.fingerprint,
      users: sandbox.users.map(({ login, password, role, displayName }) => ({
        login,
        password,
        role: role as SandboxInfo['users'][number]['role'],
        displayName,
      })),
    };
  }

  const host: SandboxHost = {
    async start() {
      if (!starting) {
        starting = deps.startSandbox().then(
          (sandbox) => {
            handle = sandbox;
            if (sandbox.fingerprint) deps.trustForThisRun(sandbox.url, sandbox.fingerprint);
            deps.log.info(
              `[sandbox] running at ${sandbox.url}${sandbox.fingerprint ? ` (pinned ${sandbox.fingerprint})` : ''}`,
            );
            return sandbox;
          },
          (error: unknown) => {
            starting = null;
            deps.log.error(`[sandbox] could not start: ${error instanceof Error ? error.message : String(error)}`);
            throw new PamError('not_available', 'The sandbox server could not start. Details are in the log.', {
              cause: error,
            });
          },
        );
      }
      return infoOf(await starting);
    },
    mfaCode(login) {
      if (!handle) throw new PamError('not_available', 'The sandbox is not running.');
      if (!handle.users.some((user) => user.login === login))
        throw new PamError('not_found', `The sandbox has no user "${login}".`);
      const seconds = Math.floor(now() / 1000);
      return { code: handle.totp(login), secondsLeft: TOTP_STEP_SECONDS - (seconds % TOTP_STEP_SECONDS) };
    },
    running: () => handle,
    serves: (url) => handle !== null && serverAddress(handle.url) === serverAddress(url),
    async addressOf(profile) {
      if (profile.kind !== 'sandbox') return profile.url;
      const { url } = await host.start();
      return url;
    },
    async stop() {
      const pending = starting;
      starting = null;
      handle = null;
      if (!pending) return;
      try {
        const sandbox = await pending;
        await sandbox.stop();
        deps.log.info('[sandbox] stopped');
      } catch {
        // It never started; nothing to stop.
      }
    },
  };
  return host;
}
