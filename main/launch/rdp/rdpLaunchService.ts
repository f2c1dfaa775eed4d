/**
 * The RDP viewers of this app: `open` asks the server for the session's .rdp file, refuses it unless it
 * parses strictly (`rdpFile.ts`), and starts connecting; screen updates, state and questions (the gateway's
 * certificate on first use, the NPS password when not remembered) go out as events; answers, input,
 * acknowledgements and closes come in.
 *
 * Trust before credentials: the gateway's certificate must equal the pin of the server profile (or the
 * certificate of the sandbox this process started). With no pin, a first connection reads the certificate
 * only (nothing is sent over TLS), the user compares the fingerprint, and it is pinned; a changed
 * certificate is refused before the password is sent.
 *
 * Screen updates are decoded here (main) and cut into 64×64 tiles, of which only those that changed go on
 * (`screenTiles.ts`; a run of one-colour tiles in a row goes as one fill). They are collected until the
 * socket's data at hand has been read (one turn of the event loop: a full-screen update that arrived
 * together goes out together, and nothing waits for a timer, which cost up to a frame of input latency) and
 * sent in `rdp.frame` events of at most `MAX_EVENT_BYTES` of pixels, flow-controlled by the SSH terminals'
 * `CreditWindow`: the socket to the gateway stops being read while the page has more than the window
 * unacknowledged.
 *
 * Over 300 lines: one viewer's life (file, trust, password, connect, frames with backpressure, input, close) in
 * order; parsing, decoding and pins are their own files.
 */
import { randomUUID } from 'node:crypto';
import type { RdpFrame, RdpInputEvent, RdpPrompt, RdpStatus, RdpViewerInfo } from '../../../contract';
import type { NpsSessionApi } from '../../nps/npsClient';
import { PamError } from '../../errors/pamError';
import type { Logger } from '../../log/logger';
import { CreditWindow } from '../ssh/creditWindow';
import { PendingPrompts } from '../pendingPrompts';
import { parseOrRefuse } from '../launchRefusal';
import type { RdpCertificateStore } from './certificateStore';
import { keyboardLayoutId, systemLocale } from './keyboardLayout';
import {
  openRdpConnection,
  probeRdpCertificate,
  RdpLaunchError,
  type RdpConnection,
  type RdpConnectionEvents,
  type RdpEndpoint,
  type RdpSize,
} from './rdpConnection';
import { parseRdpFile, RdpFileRefused, type RdpFileTarget } from './rdpFile';
import { ScreenTiles, type Tile } from './screenTiles';

export interface RdpLaunchDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  /** The signed-in server's URL and profile, or null when signed out. */
  signedIn(): { serverUrl: string; profileId: string | null } | null;
  rememberedPassword(): Promise<string | null>;
  certificates: RdpCertificateStore;
  emitFrame(frame: RdpFrame): void;
  emitStatus(status: RdpStatus): void;
  emitPrompt(prompt: RdpPrompt): void;
  log: Logger;
  /** Every launch, refused, failed or opened, for the local audit trail (never a secret). */
  audit?(entry: { sessionId: string; gateway: string; outcome: 'ok' | 'refused' | 'failed'; detail: string }): void;
  /** The RDP keyboard layout id (KLID) for the user; by default from the system locale (`keyboardLayout.ts`). */
  keyboardLayout?: number;
  /** Test seams. */
  connect?: typeof openRdpConnection;
  probe?: typeof probeRdpCertificate;
  window?: { highWater: number; lowWater: number };
}

export interface RdpLaunchService {
  open(sessionId: string, size: RdpSize): Promise<RdpViewerInfo>;
  input(viewerId: string, events: RdpInputEvent[]): void;
  ack(viewerId: string, bytes: number): void;
  answer(viewerId: string, promptId: string, value: string | null): void;
  close(viewerId: string): void;
  /** Sign-out and quit: every connection closes. */
  closeAll(reason: string): void;
}

/** Pixels (RGBA bytes) per `rdp.frame` event. */
const MAX_EVENT_BYTES = 1024 * 1024;
const NO_PIXELS = new Uint8Array(0);

interface Live {
  id: string;
  connection: RdpConnection | null;
  window: CreditWindow | null;
  prompts: PendingPrompts;
  pending: Tile[];
  /** What the page's canvas shows, so that only changed tiles are sent. */
  tiles: ScreenTiles;
  timer: NodeJS.Immediate | null;
  closed: boolean;
  fingerprint: string | null;
  desktop: RdpSize | null;
}

/** Bytes a one-colour rectangle counts for in the credit window (it travels as its colour). */
export const FILL_BYTES = 16;

export function createRdpLaunchService(deps: RdpLaunchDeps): RdpLaunchService {
  const { log } = deps;
  const connect = deps.connect ?? openRdpConnection;
  const probe = deps.probe ?? probeRdpCertificate;
  const keyboardLayout = deps.keyboardLayout ?? keyboardLayoutId(systemLocale());
  const live = new Map<string, Live>();

  function status(entry: Live, state: RdpStatus['state'], reason: string | null) {
    deps.emitStatus({
      viewerId: entry.id,
      state,
      reason,
      certificateFingerprint: entry.fingerprint,
      desktop: entry.desktop,
    });
  }

  function ask(entry: Live, kind: RdpPrompt['kind'], message: string, fingerprint: string | null) {
    return entry.prompts.ask((promptId) =>
      deps.emitPrompt({ viewerId: entry.id, promptId, kind, message, fingerprint }),
    );
  }

  function flush(entry: Live) {
    entry.timer = null;
    const rects = entry.pending;
    entry.pending = [];
    let batch: RdpFrame['rects'] = [];
    let bytes = 0;
    const send = () => {
      if (batch.length === 0) return;
      deps.emitFrame({ viewerId: entry.id, rects: batch });
      entry.window?.sent(bytes);
      batch = [];
      bytes = 0;
    };
    for (const r of rects) {
      const fill = r.fill;
      const last = batch.at(-1);
      // The next tile of a one-colour run in the same row: the fill grows instead (a full-screen colour
      // change is then a fill per row of tiles, not one per tile).
      if (
        fill !== null &&
        last?.fill === fill &&
        last.y === r.y &&
        last.height === r.height &&
        last.x + last.width === r.x
      ) {
        last.width += r.width;
        continue;
      }
      const size = r.rgba ? r.rgba.length : FILL_BYTES;
      if (bytes + size > MAX_EVENT_BYTES || batch.length >= 4096) send();
      const place = { x: r.x, y: r.y, width: r.width, height: r.height };
      batch.push(fill === null ? { ...place, rgba: r.rgba ?? NO_PIXELS } : { ...place, rgba: NO_PIXELS, fill });
      bytes += size;
    }
    send();
  }

  function finish(entry: Live, reason: string) {
    if (entry.closed) return;
    if (entry.timer) clearImmediate(entry.timer);
    flush(entry);
    entry.closed = true;
    entry.prompts.close();
    status(entry, 'closed', reason);
    live.delete(entry.id);
    log.info(`[rdp] viewer ${entry.id} closed: ${reason}`);
  }

  /** The pin to check against, asking the user on first use; null when the user did not trust it. */
  async function trustedFingerprint(entry: Live, endpoint: RdpEndpoint, profileId: string | null) {
    const pinned = deps.certificates.pinned(profileId, endpoint.host, endpoint.port);
    if (pinned) return pinned;
    const shown = await probe(endpoint);
    entry.fingerprint = shown;
    const answer = await ask(
      entry,
      'certificate',
      `This is the first connection to the RDP gateway at ${endpoint.host}:${endpoint.port}. Compare its ` +
        'certificate with the one your administrator gave you before you trust it.',
      shown,
    );
    if (answer === null) return null;
    if (profileId) deps.certificates.pin(profileId, endpoint.host, endpoint.port, shown);
    return shown;
  }

  async function start(entry: Live, sessionId: string, target: RdpFileTarget, size: RdpSize, profileId: string | null) {
    const gateway = `${target.host}:${target.port}`;
    const endpoint: RdpEndpoint = target;
    try {
      const fingerprint = await trustedFingerprint(entry, endpoint, profileId);
      if (fingerprint === null || entry.closed) return finish(entry, 'You did not trust the RDP gateway.');
      const password =
        (await deps.rememberedPassword()) ??
        (await ask(entry, 'password', 'Your PAM password, for the RDP gateway (used once, not kept).', null));
      if (password === null || entry.closed) return finish(entry, 'You closed the connection.');
      const events: RdpConnectionEvents = {
        onRects(rects) {
          for (const rect of rects) entry.pending.push(...entry.tiles.changed(rect));
          if (entry.pending.length === 0) return;
          entry.timer ??= setImmediate(() => flush(entry));
        },
        onClose: (reason) => finish(entry, reason),
      };
      const connection = await connect(endpoint, { password, pinnedFingerprint: fingerprint }, size, events, {
        keyboardLayout,
      });
      if (entry.closed) return connection.close();
      entry.connection = connection;
      entry.fingerprint = connection.certificateFingerprint;
      entry.desktop = connection.desktop;
      entry.window = new CreditWindow(connection, deps.window?.highWater ?? 8 << 20, deps.window?.lowWater ?? 2 << 20);
      status(entry, 'open', null);
      deps.audit?.({
        sessionId,
        gateway,
        outcome: 'ok',
        detail: `Remote desktop opened through the RDP gateway (certificate ${connection.certificateFingerprint})`,
      });
    } catch (error) {
      const reason = error instanceof RdpLaunchError ? error.message : `The RDP connection failed: ${String(error)}`;
      if (!(error instanceof RdpLaunchError)) log.error(`[rdp] viewer ${entry.id}: ${String(error)}`);
      const refused = error instanceof RdpLaunchError && error.reason === 'certificate_changed';
      deps.audit?.({ sessionId, gateway, outcome: refused ? 'refused' : 'failed', detail: reason });
      finish(entry, reason);
    }
  }

  return {
    async open(sessionId, size) {
      const who = deps.signedIn();
      if (!who) throw new PamError('unauthorized', 'You are signed out. Sign in again.');
      const raw = await deps.call((api) => api.rdpFile(sessionId));
      const target = parseOrRefuse(
        () => parseRdpFile(raw, who.serverUrl),
        RdpFileRefused,
        (reason) => {
          log.warn(`[rdp] refused the RDP file of session ${sessionId}: ${reason}`);
          deps.audit?.({ sessionId, gateway: '', outcome: 'refused', detail: reason });
        },
      );
      const entry: Live = {
        id: randomUUID(),
        connection: null,
        window: null,
        prompts: new PendingPrompts(),
        pending: [],
        tiles: new ScreenTiles(),
        timer: null,
        closed: false,
        fingerprint: null,
        desktop: null,
      };
      live.set(entry.id, entry);
      log.info(`[rdp] viewer ${entry.id} for session ${sessionId}: connecting to ${target.host}:${target.port}`);
      // Connecting runs on; the page hears of it through events. Deferred so the page has the id first.
      setImmediate(() => {
        if (entry.closed) return;
        status(entry, 'connecting', null);
        void start(entry, sessionId, target, size, who.profileId);
      });
      return {
        viewerId: entry.id,
        sessionId,
        host: target.host,
        port: target.port,
        username: target.username,
        ...size,
      };
    },

    input(viewerId, events) {
      const connection = live.get(viewerId)?.connection;
      if (!connection) return;
      for (const event of events) {
        if (event.type === 'key') connection.key(event.scancode, event.down, event.extended);
        else if (event.type === 'mouse') connection.pointer(event.x, event.y, event.button, event.down);
        else connection.wheel(event.x, event.y, event.delta, event.horizontal);
      }
    },
    ack(viewerId, bytes) {
      live.get(viewerId)?.window?.acked(bytes);
    },
    answer(viewerId, promptId, value) {
      live.get(viewerId)?.prompts.answer(promptId, value);
    },
    close(viewerId) {
      const entry = live.get(viewerId);
      if (!entry) return;
      if (entry.connection) entry.connection.close();
      else finish(entry, 'You closed the connection.');
    },
    closeAll(reason) {
      for (const entry of [...live.values()]) {
        const connection = entry.connection;
        finish(entry, reason);
        connection?.close();
      }
    },
  };
}
