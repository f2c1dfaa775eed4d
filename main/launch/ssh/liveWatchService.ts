/**
 * Watching an open SSH connection live, read-only (administrators and helpdesk staff): main opens the
 * server's live endpoint for the session's open connection and hands its output to the page as a terminal
 * with its own id — the same `terminal.output`/`terminal.status` events and `terminal.ack` credit window as a
 * launched terminal, so a busy connection is held back by pausing the HTTP stream (the server drops a watcher
 * that falls 8 MiB behind). Nothing typed in the page goes anywhere: there is no input path.
 *
 * The stream is untrusted: newline-delimited JSON, each line checked; a line over the bound, or one that is
 * not a known message, ends the watch with a clear reason.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { TerminalOutput, TerminalStatus, WatchInfo } from '../../../contract';
import type { HttpStream } from '../../nps/httpTransport';
import type { NpsSessionApi } from '../../nps/npsClient';
import { PamError } from '../../errors/pamError';
import type { Logger } from '../../log/logger';
import { CreditWindow } from './creditWindow';

const MAX_EVENT_BYTES = 256 * 1024;
/** The first line carries everything shown so far (a recording stops at 32 MiB, base64 adds a third). */
const MAX_LINE_BYTES = 48 * 1024 * 1024;

const Size = z.object({ cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) });
const LiveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), terminal: Size.passthrough().nullish(), screen: z.base64().nullish() }),
  z.object({ type: z.literal('output'), t: z.number().nullish(), data: z.base64() }),
  z.object({ type: z.literal('end'), reason: z.string().max(400).nullish() }),
]);

export interface LiveWatchDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  emitOutput(output: TerminalOutput): void;
  emitStatus(status: TerminalStatus): void;
  log: Logger;
}

export interface LiveWatchService {
  open(sessionId: string): Promise<WatchInfo>;
  owns(terminalId: string): boolean;
  ack(terminalId: string, bytes: number): void;
  close(terminalId: string): void;
  closeAll(reason: string): void;
}

interface Watch {
  id: string;
  stream: HttpStream | null;
  window: CreditWindow | null;
  closed: boolean;
  /** Bytes of the line not yet ended. */
  partial: Buffer[];
  partialBytes: number;
}

export function createLiveWatchService(deps: LiveWatchDeps): LiveWatchService {
  const watches = new Map<string, Watch>();

  function status(
    watch: Watch,
    state: TerminalStatus['state'],
    reason: string | null,
    size?: { cols: number; rows: number },
  ) {
    deps.emitStatus({ terminalId: watch.id, state, reason, hostKeyFingerprint: null, ...(size ? { size } : {}) });
  }

  function finish(watch: Watch, reason: string) {
    if (watch.closed) return;
    watch.closed = true;
    watch.stream?.close();
    watches.delete(watch.id);
    status(watch, 'closed', reason);
    deps.log.info(`[watch] ${watch.id} closed: ${reason}`);
  }

  function output(watch: Watch, bytes: Buffer) {
    for (let offset = 0; offset < bytes.length; offset += MAX_EVENT_BYTES) {
      const part = bytes.subarray(offset, offset + MAX_EVENT_BYTES);
      deps.emitOutput({ terminalId: watch.id, data: part });
      watch.window?.sent(part.length);
    }
  }

  function line(watch: Watch, text: string) {
    if (!text.trim()) return;
    let message: z.infer<typeof LiveMessage>;
    try {
      message = LiveMessage.parse(JSON.parse(text));
    } catch {
      finish(watch, 'The server sent something that is not part of a live view; watching stopped.');
      return;
    }
    if (message.type === 'start') {
      const size = message.terminal ? { cols: message.terminal.cols, rows: message.terminal.rows } : undefined;
      status(watch, 'open', null, size);
      if (message.screen) output(watch, Buffer.from(message.screen, 'base64'));
    } else if (message.type === 'output') output(watch, Buffer.from(message.data, 'base64'));
    else finish(watch, message.reason ?? 'The connection has closed.');
  }

  function data(watch: Watch, chunk: Buffer) {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0 && !watch.closed; newline = chunk.indexOf(10, start)) {
      const text = Buffer.concat([...watch.partial, chunk.subarray(start, newline)]).toString('utf8');
      watch.partial = [];
      watch.partialBytes = 0;
      start = newline + 1;
      line(watch, text);
    }
    if (watch.closed || start >= chunk.length) return;
    watch.partial.push(chunk.subarray(start));
    watch.partialBytes += chunk.length - start;
    if (watch.partialBytes > MAX_LINE_BYTES) finish(watch, 'The server sent a line too long for a live view.');
  }

  return {
    async open(sessionId) {
      const connections = await deps.call((api) => api.recordings(sessionId));
      const open = connections
        .filter((c) => c.active ?? c.endDateTimeUtc == null)
        .sort((a, b) => String(b.startDateTimeUtc ?? '').localeCompare(String(a.startDateTimeUtc ?? '')))[0];
      if (!open)
        throw new PamError(
          'conflict',
          'Nobody is connected to this session through the SSH proxy right now, so there is nothing to watch.',
        );
      const watch: Watch = {
        id: randomUUID(),
        stream: null,
        window: null,
        closed: false,
        partial: [],
        partialBytes: 0,
      };
      watches.set(watch.id, watch);
      deps.log.info(`[watch] ${watch.id}: watching connection ${open.id} of session ${sessionId}`);
      setImmediate(() => {
        status(watch, 'connecting', null);
        deps
          .call((api) =>
            api.watchLive(sessionId, open.id, {
              data: (chunk) => data(watch, chunk),
              end: (error) => finish(watch, error ? error.message : 'The connection has closed.'),
            }),
          )
          .then(
            (stream) => {
              if (watch.closed) return stream.close();
              watch.stream = stream;
              watch.window = new CreditWindow(stream);
            },
            (error: unknown) =>
              finish(watch, error instanceof Error ? error.message : 'The live view could not be opened.'),
          );
      });
      return { terminalId: watch.id, sessionId, proxySessionId: open.id };
    },
    owns: (terminalId) => watches.has(terminalId),
    ack(terminalId, bytes) {
      watches.get(terminalId)?.window?.acked(bytes);
    },
    close(terminalId) {
      const watch = watches.get(terminalId);
      if (watch) finish(watch, 'You stopped watching.');
    },
    closeAll(reason) {
      for (const watch of [...watches.values()]) finish(watch, reason);
    },
  };
}
