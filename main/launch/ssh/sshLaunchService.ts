/**
 * The SSH terminals of this app: `open` asks the server for the session's SSH URL, refuses it unless it
 * parses strictly, and starts connecting; bytes, state and questions (host key on first use, password when
 * not remembered, MFA code) go out as events; answers, keys, acknowledgements, resizes and closes come in.
 *
 * Output is coalesced into events of at most 256 KiB (fewer, larger messages: the page spends less per byte;
 * while the page is behind, bytes wait to fill an event instead of going out in the SSH channel's small
 * pieces) and flow-controlled by a `CreditWindow` per terminal:
 * the SSH channel is paused while the page has more than the window unacknowledged, so a flood is held back
 * by SSH's own flow control at the proxy instead of piling up in memory here or in the page.
 */
import { randomUUID } from 'node:crypto';
import type { TerminalInfo, TerminalOutput, TerminalPrompt, TerminalStatus } from '../../../contract';
import type { NpsSessionApi } from '../../nps/npsClient';
import { PamError } from '../../errors/pamError';
import type { Logger } from '../../log/logger';
import { PendingPrompts } from '../pendingPrompts';
import { parseOrRefuse } from '../launchRefusal';
import { RecentBytes } from '../../../contract/pure/recentBytes';
import { CreditWindow } from './creditWindow';
import type { HostKeyStore } from './hostKeyStore';
import {
  openSshTerminal,
  SshLaunchError,
  type SshLoginHooks,
  type SshTerminal,
  type SshTerminalEvents,
  type TerminalSize,
} from './sshConnection';
import { parseSshUrl, SshUrlRefused, type SshTarget } from './sshUrl';

export interface SshLaunchDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  /** The signed-in server's URL and profile, or null when signed out. */
  signedIn(): { serverUrl: string; profileId: string | null } | null;
  rememberedPassword(): Promise<string | null>;
  hostKeys: HostKeyStore;
  emitOutput(output: TerminalOutput): void;
  emitStatus(status: TerminalStatus): void;
  emitPrompt(prompt: TerminalPrompt): void;
  log: Logger;
  /** Every launch, refused, failed or opened, for the local audit trail (never a secret). */
  audit?(entry: { sessionId: string; proxy: string; outcome: 'ok' | 'refused' | 'failed'; detail: string }): void;
  /** Test seam. */
  connect?: typeof openSshTerminal;
  window?: { highWater: number; lowWater: number };
  /** Test seam: the clock of the flood meter. */
  now?: () => number;
}

export interface SshLaunchService {
  open(sessionId: string, size: TerminalSize): Promise<TerminalInfo>;
  input(terminalId: string, data: string): void;
  ack(terminalId: string, bytes: number): void;
  resize(terminalId: string, size: TerminalSize): void;
  answer(terminalId: string, promptId: string, value: string | null): void;
  close(terminalId: string): void;
  /** Sign-out and quit: every connection closes. */
  closeAll(reason: string): void;
}

const MAX_EVENT_BYTES = 256 * 1024;
/**
 * Output is held to fill larger events while the page has more than this unacknowledged (it is still busy
 * with earlier output: above its acknowledgement step of 256 KiB) or while a flood streams out (more than
 * `FLOOD_BYTES` sent within the last 100–200 ms): new bytes wait for a full event, an acknowledgement, or
 * `HOLD_MS`, whichever comes first. An echo, a prompt or a full-screen program's redraw is far below both
 * and goes at once. Each event costs the page and the transport about the same whatever its size, and a
 * flood's bytes come from the SSH channel in pieces of 32 KiB or less.
 */
const COALESCE_WHILE_BEHIND = 512 * 1024;
const FLOOD_BYTES = 512 * 1024;
const HOLD_MS = 16;

interface Live {
  id: string;
  terminal: SshTerminal | null;
  window: CreditWindow | null;
  /** Bytes sent to the page lately. */
  sent: RecentBytes;
  prompts: PendingPrompts;
  pending: Buffer[];
  pendingBytes: number;
  flushScheduled: boolean;
  /** Bytes held back while the page is behind are sent at the latest when this fires. */
  holdTimer: ReturnType<typeof setTimeout> | undefined;
  closed: boolean;
  /** Typed before the shell opened (rare): sent once it is. */
  early: string[];
  /** The page's size asked for before the shell opened: applied once it is. */
  size: TerminalSize | null;
}

export function createSshLaunchService(deps: SshLaunchDeps): SshLaunchService {
  const { log } = deps;
  const connect = deps.connect ?? openSshTerminal;
  const live = new Map<string, Live>();

  function status(entry: Live, state: TerminalStatus['state'], reason: string | null, fingerprint: string | null) {
    deps.emitStatus({ terminalId: entry.id, state, reason, hostKeyFingerprint: fingerprint });
  }

  function ask(entry: Live, kind: TerminalPrompt['kind'], message: string, fingerprint: string | null) {
    return entry.prompts.ask((promptId) =>
      deps.emitPrompt({ terminalId: entry.id, promptId, kind, message, fingerprint }),
    );
  }

  /** Whether output waits to fill an event: the page is behind, or a flood streams out. */
  function holding(entry: Live): boolean {
    return (entry.window?.outstanding ?? 0) > COALESCE_WHILE_BEHIND || entry.sent.total() > FLOOD_BYTES;
  }

  /** Output goes out on the next turn of the event loop, unless it is held (see `holding`). */
  function scheduleFlush(entry: Live, held = true) {
    if (entry.flushScheduled || entry.pendingBytes === 0) return;
    if (held && holding(entry) && entry.pendingBytes < MAX_EVENT_BYTES) {
      entry.holdTimer ??= setTimeout(() => {
        entry.holdTimer = undefined;
        scheduleFlush(entry, false);
      }, HOLD_MS);
      return;
    }
    entry.flushScheduled = true;
    setImmediate(() => flush(entry, held));
  }

  /** Sends what is pending in events of at most 256 KiB; while output is held, a short tail stays back. */
  function flush(entry: Live, keepTail = false) {
    entry.flushScheduled = false;
    clearTimeout(entry.holdTimer);
    entry.holdTimer = undefined;
    if (entry.closed && entry.pending.length === 0) return;
    const all = Buffer.concat(entry.pending);
    let offset = 0;
    while (offset < all.length) {
      const part = all.subarray(offset, offset + MAX_EVENT_BYTES);
      if (keepTail && offset > 0 && part.length < MAX_EVENT_BYTES && holding(entry)) break;
      deps.emitOutput({ terminalId: entry.id, data: part });
      entry.window?.sent(part.length);
      entry.sent.add(part.length);
      offset += part.length;
    }
    entry.pending = offset < all.length ? [all.subarray(offset)] : [];
    entry.pendingBytes = all.length - offset;
    scheduleFlush(entry);
  }

  function finish(entry: Live, reason: string, fingerprint: string | null) {
    if (entry.closed) return;
    flush(entry);
    entry.closed = true;
    entry.prompts.close();
    status(entry, 'closed', reason, fingerprint);
    live.delete(entry.id);
    log.info(`[ssh] terminal ${entry.id} closed: ${reason}`);
  }

  function hooksFor(entry: Live, target: SshTarget, profileId: string | null): SshLoginHooks {
    const pinned = profileId ? deps.hostKeys.pinned(profileId, target.host, target.port) : null;
    return {
      pinnedHostKey: pinned,
      async confirmHostKey(fingerprint) {
        const answer = await ask(
          entry,
          'hostKey',
          `This is the first connection to the SSH proxy at ${target.host}:${target.port}. Compare its host key ` +
            'with the one your administrator gave you before you trust it.',
          fingerprint,
        );
        if (answer === null) return false;
        if (profileId) deps.hostKeys.pin(profileId, target.host, target.port, fingerprint);
        return true;
      },
      async password() {
        // Closed while the handshake ran: nothing more is sent.
        if (entry.closed) return null;
        const remembered = await deps.rememberedPassword();
        if (remembered !== null) return remembered;
        return ask(entry, 'password', 'Your PAM password, for the SSH proxy (used once, not kept).', null);
      },
      async answer(prompts, instructions) {
        const answers: string[] = [];
        for (const prompt of prompts) {
          const text = [instructions.trim(), prompt.prompt.trim()].filter(Boolean).join(' ');
          const value = await ask(entry, 'code', text || 'Verification code', null);
          if (value === null) return null;
          answers.push(value.trim());
        }
        return answers;
      },
    };
  }

  return {
    async open(sessionId, size) {
      const who = deps.signedIn();
      if (!who) throw new PamError('unauthorized', 'You are signed out. Sign in again.');
      const raw = await deps.call((api) => api.sshUrl(sessionId));
      const target = parseOrRefuse(
        () => parseSshUrl(raw, who.serverUrl),
        SshUrlRefused,
        (reason) => {
          log.warn(`[ssh] refused the SSH URL of session ${sessionId}: ${reason}`);
          deps.audit?.({ sessionId, proxy: '', outcome: 'refused', detail: reason });
        },
      );
      const entry: Live = {
        id: randomUUID(),
        terminal: null,
        window: null,
        sent: new RecentBytes(100, deps.now),
        prompts: new PendingPrompts(),
        pending: [],
        pendingBytes: 0,
        flushScheduled: false,
        holdTimer: undefined,
        closed: false,
        early: [],
        size: null,
      };
      live.set(entry.id, entry);
      log.info(`[ssh] terminal ${entry.id} for session ${sessionId}: connecting to ${target.host}:${target.port}`);

      const events: SshTerminalEvents = {
        onData(chunk) {
          entry.pending.push(chunk);
          entry.pendingBytes += chunk.length;
          scheduleFlush(entry);
        },
        onClose: (reason) => finish(entry, reason, entry.terminal?.hostKeyFingerprint ?? null),
      };
      // Connecting runs on; the page hears of it through events. Deferred so the page has the id first.
      setImmediate(() => {
        status(entry, 'connecting', null, null);
        connect(target, hooksFor(entry, target, who.profileId), size, events).then(
          (terminal) => {
            if (entry.closed) {
              terminal.close();
              return;
            }
            entry.terminal = terminal;
            entry.window = new CreditWindow(terminal, deps.window?.highWater, deps.window?.lowWater);
            status(entry, 'open', null, terminal.hostKeyFingerprint);
            deps.audit?.({
              sessionId,
              proxy: `${target.host}:${target.port}`,
              outcome: 'ok',
              detail: `Terminal opened through the SSH proxy (host key ${terminal.hostKeyFingerprint})`,
            });
            // The view was fitted while connecting: the shell takes that size, not the one it opened with.
            if (entry.size && (entry.size.cols !== size.cols || entry.size.rows !== size.rows))
              terminal.resize(entry.size.cols, entry.size.rows);
            for (const data of entry.early.splice(0)) terminal.write(data);
          },
          (error: unknown) => {
            const reason =
              error instanceof SshLaunchError ? error.message : `The SSH connection failed: ${String(error)}`;
            if (!(error instanceof SshLaunchError)) log.error(`[ssh] terminal ${entry.id}: ${String(error)}`);
            const cancelled = error instanceof SshLaunchError && error.reason === 'cancelled';
            if (!cancelled) {
              const refused = error instanceof SshLaunchError && error.reason.startsWith('host_key');
              deps.audit?.({
                sessionId,
                proxy: `${target.host}:${target.port}`,
                outcome: refused ? 'refused' : 'failed',
                detail: reason,
              });
            }
            finish(entry, reason, null);
          },
        );
      });
      return { terminalId: entry.id, sessionId, host: target.host, port: target.port, username: target.username };
    },

    input(terminalId, data) {
      const entry = live.get(terminalId);
      if (!entry) return;
      if (entry.terminal) entry.terminal.write(data);
      else entry.early.push(data);
    },
    ack(terminalId, bytes) {
      const entry = live.get(terminalId);
      entry?.window?.acked(bytes);
      // Held output goes once the page has caught up.
      if (entry) scheduleFlush(entry);
    },
    resize(terminalId, size) {
      const entry = live.get(terminalId);
      if (!entry) return;
      if (entry.terminal) entry.terminal.resize(size.cols, size.rows);
      else entry.size = size;
    },
    answer(terminalId, promptId, value) {
      live.get(terminalId)?.prompts.answer(promptId, value);
    },
    close(terminalId) {
      const entry = live.get(terminalId);
      if (!entry) return;
      if (entry.terminal) entry.terminal.close();
      else finish(entry, 'You closed the connection.', null);
    },
    closeAll(reason) {
      for (const entry of [...live.values()]) {
        finish(entry, reason, entry.terminal?.hostKeyFingerprint ?? null);
        entry.terminal?.close();
      }
    },
  };
}
