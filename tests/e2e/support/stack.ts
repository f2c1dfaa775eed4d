/**
 * The real stack for one test: the sandbox server over HTTPS on 127.0.0.1, and the bridge app (real core)
 * that serves the built renderer and implements `window.pam`. "Try the sandbox" in the UI gets this very
 * sandbox, so tests can also reach it directly (TOTP codes, simulated logins).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBridgeApp, type BridgeApp } from '../../../main/bridge/bridgeApp';
import type { Logger } from '../../../main/log/logger';
import type { Keychain } from '../../../main/keychain/keychain';
import { MemoryKeychain } from '../../../main/keychain/memoryKeychain';
import type { MemoryClipboard } from '../../../main/platform/memoryClipboard';
import type { NoticePresenterFactory } from '../../../main/platform/noticePresenter';
import {
  startSandbox,
  type Directory,
  type PublishedShapes,
  type SandboxHandle,
  type Timings,
} from '../../../sandbox/index';
import { startSandboxProcess } from './sandboxProcess';

/** Fast enough for a test to watch a session go Canceling → Complete, slow enough to see Canceling. */
export const shortTimings: Partial<Timings> = {
  provisioningMs: 600,
  cancellingMs: 2500,
  recentEndedMs: 5 * 60_000,
};

export interface StackOptions {
  /** Bulk sessions besides the demo ones (benchmarks). */
  seedActive?: number;
  /** Bulk ended sessions over the past year (history). */
  seedHistorical?: number;
  /** Keep the sandbox's data (and TLS key) on disk, so a restarted sandbox is the same server. */
  persistentSandbox?: boolean;
  pollIntervalMs?: number;
  timings?: Partial<Timings>;
  /** The built renderer to serve (the e2e global setup provides it). */
  rendererDir?: string;
  /** A directory for a new sandbox (e.g. shorter reveal times). */
  directory?: Directory;
  /** Default: an in-memory keychain, so no test touches (or depends on) the machine's keychain. */
  keychain?: Keychain;
  /** Default: the bridge's own in-memory clipboard (`bridge.core.clipboard`). */
  clipboard?: MemoryClipboard;
  /** 'published': the sandbox answers as a real NPS 4.2 may (see sandbox/README.md). */
  shapes?: 'sandbox' | 'published';
  published?: Partial<PublishedShapes>;
  /** The sandbox's test-only hook that rewrites the SSH URLs it hands out (hostile-URL stories). */
  sshUrlFor?: (sessionId: string, url: string) => string;
  /** The platform's notification adapter (default: the page shows them, as in browser mode). */
  notices?: NoticePresenterFactory;
  /**
   * Runs the sandbox in a child process (sandboxProcess.ts), apart from the core, as a real server is
   * (benchmarks). Not with `directory` or `sshUrlFor`, which cannot cross to it.
   */
  sandboxProcess?: boolean;
}

export interface Stack {
  sandbox: SandboxHandle;
  bridge: BridgeApp;
  /** Lines the core and sandbox logged: assertions can check that no secret was logged. */
  logs: string[];
  /** The sandbox's own process, when it runs in one (`sandboxProcess`). */
  sandboxPid: number | null;
  /** Stops the sandbox (the server "goes away"); the bridge and the page stay. */
  stopSandbox(): Promise<void>;
  /** Starts the sandbox again on the same port with the same data. */
  restartSandbox(): Promise<void>;
  /** Quits the app (its core) and starts it again on the same data folder and keychain; open `bridge.url` anew. */
  restartApp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const root = await mkdtemp(path.join(tmpdir(), 'pam-e2e-'));
  const logs: string[] = [];
  const log: Logger = {
    info: (line) => logs.push(line),
    warn: (line) => logs.push(line),
    error: (line) => logs.push(line),
  };
  const sandboxDir = options.persistentSandbox ? path.join(root, 'sandbox') : null;
  const common = {
    http: false,
    dataDir: sandboxDir,
    timings: { ...shortTimings, ...options.timings },
    seedActive: options.seedActive ?? 0,
    seedHistorical: options.seedHistorical ?? 0,
    ...(options.shapes ? { shapes: options.shapes } : {}),
    ...(options.published ? { published: options.published } : {}),
    persistDebounceMs: 50,
  };
  let sandboxPid: number | null = null;
  const launch = async (port?: number): Promise<SandboxHandle> => {
    if (options.sandboxProcess) {
      if (options.directory || options.sshUrlFor) throw new Error('a sandbox process takes no directory or sshUrlFor');
      const started = await startSandboxProcess({ ...common, ...(port ? { port } : {}) }, (line) => logs.push(line));
      sandboxPid = started.pid;
      return started.handle;
    }
    return startSandbox({
      ...common,
      ...(options.directory ? { directory: options.directory } : {}),
      ...(options.sshUrlFor ? { proxy: { sshUrlFor: options.sshUrlFor } } : {}),
      log: (line) => logs.push(line),
      ...(port ? { port } : {}),
    });
  };
  let sandbox = await launch();
  const port = Number(new URL(sandbox.url).port);
  // The OS keychain outlives the app: a restarted app finds what the previous run remembered.
  const keychain = options.keychain ?? new MemoryKeychain();
  const startApp = () =>
    startBridgeApp({
      dataDir: path.join(root, 'app'),
      log,
      ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
      coreOptions: {
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        http: { timeoutMs: 3000, retries: 0 },
        // The core hands out the handle current at the time of "Try the sandbox".
        sandbox: { start: async () => sandbox },
        keychain,
        ...(options.clipboard ? { clipboard: options.clipboard } : {}),
        ...(options.notices ? { notices: options.notices } : {}),
      },
    });
  let bridge = await startApp();
  return {
    get sandbox() {
      return sandbox;
    },
    get bridge() {
      return bridge;
    },
    async restartApp() {
      await bridge.stop();
      bridge = await startApp();
    },
    logs,
    get sandboxPid() {
      return sandboxPid;
    },
    stopSandbox: () => sandbox.stop(),
    async restartSandbox() {
      sandbox = await launch(port);
    },
    async stop() {
      await bridge.stop();
      await sandbox.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
