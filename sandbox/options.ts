/** Options of `startSandbox` and their defaults. */
import type { Directory, LoginAccount, Resource } from './directory/types';
import type { ThrottleSettings } from './auth/throttle';
import type { PublishedShapes } from './api/publishedShapes';

export interface Timings {
  /** Time a session spends provisioning (Pending) before it is available. */
  provisioningMs: number;
  /** A request that nobody approves within this time ends as ApprovalFailed. */
  approvalTimeoutMs: number;
  /** Time between "end requested" (Cancelling) and Completed, during which the password is rotated. */
  cancellingMs: number;
  /** When set, a login to the resource is "seen" this long after a session becomes available. */
  autoLoginMs: number | null;
  /** Lifetime of the token used with /api/v1. */
  tokenTtlMs: number;
  /** Lifetime of the token returned by /signinBody, good only for /signin2fa. */
  preMfaTtlMs: number;
  /** Ended sessions stay in the "active" list this long so users see them reach Completed or Failed. */
  recentEndedMs: number;
  /** Length of one policy minute (maximum duration, extensions). Tests shrink it to run in seconds. */
  minuteMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  provisioningMs: 3_000,
  approvalTimeoutMs: 15 * 60_000,
  cancellingMs: 2_000,
  autoLoginMs: null,
  tokenTtlMs: 60 * 60_000,
  preMfaTtlMs: 5 * 60_000,
  recentEndedMs: 10 * 60_000,
  minuteMs: 60_000,
};

export const DEFAULT_THROTTLE: ThrottleSettings = { maxFailures: 5, windowMs: 5 * 60_000, lockoutMs: 60_000 };

/** How long a client may take over a request before the server answers 408 and lets the connection go. */
export interface ConnectionTimeouts {
  /** Until the request's headers are complete. */
  headersMs: number;
  /** Until the whole request, body included, is received. */
  requestMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
};

export interface ProxySettings {
  host: string;
  /** Port of the RDP gateway; 0 picks a free one (the `Rdp/{id}` files name the port actually used). */
  rdpPort: number;
  /** Port of the SSH proxy; 0 picks a free one (the `Ssh/{id}` URLs name the port actually used). */
  sshPort: number;
  /**
   * Test-only hook: rewrites the URL that `GET Ssh/{id}` hands out, so a client's tests can be given a
   * hostile one (a foreign host, `-oProxyCommand=…`). Never set by the command line.
   */
  sshUrlFor?: (sessionId: string, url: string) => string;
}

export const DEFAULT_PROXY: ProxySettings = { host: '127.0.0.1', rdpPort: 0, sshPort: 0 };

export interface SandboxOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Plain HTTP instead of HTTPS (tests). */
  http?: boolean;
  /** Data folder for the database and the TLS key pair; null or undefined keeps everything in memory. */
  dataDir?: string | null;
  /** Bulk-generated sessions that have not ended (benchmarks). */
  seedActive?: number;
  /** Bulk-generated ended sessions with their logs (benchmarks). */
  seedHistorical?: number;
  /** False skips the handful of demo sessions a new sandbox starts with. Default true. */
  seedDemo?: boolean;
  timings?: Partial<Timings>;
  throttle?: Partial<ThrottleSettings>;
  proxy?: Partial<ProxySettings>;
  /** Replaces the demo directory of a new sandbox (ignored when the data folder already has one). */
  directory?: Directory;
  /** Header, request and keep-alive timeouts (tests shorten them). Defaults: 10 s, 30 s, 5 s. */
  connectionTimeouts?: Partial<ConnectionTimeouts>;
  /** Largest accepted request body. Default 64 KiB. */
  maxBodyBytes?: number;
  /** Delay that batches database writes. Default 500 ms. */
  persistDebounceMs?: number;
  /**
   * Called after a login account's password was rotated at the end of a session, to set the new
   * password where the account really lives (a real sshd's account in tests). The sandbox's own
   * built-in targets need nothing: they check the directory.
   */
  onPasswordRotated?: (resource: Resource, account: LoginAccount) => void | Promise<void>;
  now?: () => number;
  /** Where `[sandbox] ...` lines go. Default: stderr. */
  log?: (line: string) => void;
  /**
   * 'sandbox' (default): enum names, `Z` dates, every list complete up to `take`. 'published': what a real
   * NPS 4.2 may legally send (ints for enums, offset-less 7-digit dates, nulls, capped pages) and a
   * sign-in cookie that `/signin2fa` requires; see `api/publishedShapes.ts`.
   */
  shapes?: 'sandbox' | 'published';
  /** Settings of the 'published' shapes (page cap, whether totals are sent). */
  published?: Partial<PublishedShapes>;
}
