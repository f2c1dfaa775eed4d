/**
 * Terminals (SSH launch) in the contract: actions to open, type, acknowledge, resize and close, and
 * events carrying the bytes, the state and the questions main needs answered (host key, password, code).
 *
 * Stream with backpressure, the same over Electron IPC and the bridge: `terminal.output` events carry at
 * most 256 KiB of bytes each; the page acknowledges with `terminal.ack` the bytes its terminal has drawn,
 * and main pauses the SSH channel while more than a window (2 MiB) is unacknowledged.
 */
import { z } from 'zod';
import { Bytes, Uuid } from './schemas';

const TerminalId = z.string().regex(/^[0-9a-f-]{36}$/);
const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);

export const TerminalOpenRequest = z.object({ sessionId: Uuid, cols: Cols, rows: Rows });
export const TerminalInfo = z.object({
  terminalId: TerminalId,
  sessionId: z.string(),
  /** The SSH proxy the server named, after checking. */
  host: z.string(),
  port: z.number().int(),
  /** The login name at the proxy (the connection string). */
  username: z.string(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const TerminalRef = z.object({ terminalId: TerminalId });
/** Keys typed or pasted (UTF-8 text, as xterm.js hands it out). */
export const TerminalInput = z.object({
  terminalId: TerminalId,
  data: z
    .string()
    .min(1)
    .max(64 * 1024),
});
export const TerminalAck = z.object({
  terminalId: TerminalId,
  bytes: z
    .number()
    .int()
    .min(0)
    .max(64 * 1024 * 1024),
});
export const TerminalResize = z.object({ terminalId: TerminalId, cols: Cols, rows: Rows });
/** The answer to a `terminal.prompt`; null cancels. For a host key any non-null value trusts it. */
export const TerminalAnswer = z.object({
  terminalId: TerminalId,
  promptId: z.string().max(64),
  value: z.string().max(4096).nullable(),
});

export const TerminalOutput = z.object({ terminalId: TerminalId, data: Bytes(256 * 1024) });
export type TerminalOutput = z.infer<typeof TerminalOutput>;
export const TerminalStatus = z.object({
  terminalId: TerminalId,
  state: z.enum(['connecting', 'open', 'closed']),
  /** Why it closed, in words for the user; null otherwise. */
  reason: z.string().nullable(),
  /** The proxy's host key, once seen. */
  hostKeyFingerprint: z.string().nullable(),
  /** A watched connection's terminal size (the view takes it instead of fitting the window). */
  size: z.object({ cols: Cols, rows: Rows }).optional(),
});
export type TerminalStatus = z.infer<typeof TerminalStatus>;
export const TerminalPrompt = z.object({
  terminalId: TerminalId,
  promptId: z.string(),
  kind: z.enum(['hostKey', 'password', 'code']),
  message: z.string(),
  /** For `hostKey`: the fingerprint to compare. */
  fingerprint: z.string().nullable(),
});
export type TerminalPrompt = z.infer<typeof TerminalPrompt>;

/** Watching a session's open SSH connection, read-only (administrators and helpdesk staff). */
export const TerminalWatchRequest = z.object({ sessionId: Uuid });
export const WatchInfo = z.object({ terminalId: TerminalId, sessionId: z.string(), proxySessionId: z.string() });
export type WatchInfo = z.infer<typeof WatchInfo>;
