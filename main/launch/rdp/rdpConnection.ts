// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the untyped library's declaration must reach every tsconfig that imports this file (scripts, tests)
/// <reference path="./nodeRdpjs.d.ts" />
/**
 * One RDP connection through the NPS RDP gateway with node-rdpjs-2 (patched, see patches/): X.224 with the
 * connection string as routing cookie, TLS whose certificate must match the pin before anything is sent
 * over it, the Client Info PDU with the connection string and the user's NPS password, then bitmap updates
 * out and input events in.
 *
 * `openRdpConnection` resolves once the server has activated the session (the first screen is on its
 * way) and rejects with an `RdpLaunchError` whose message is meant for the user; after that, `onClose`
 * says why it ended (once). `probeRdpCertificate` only reads the gateway's certificate (nothing is sent
 * over TLS) so the user can compare it before the first real connection.
 */
import { createClient, type RdpBitmap, type RdpClient } from 'node-rdpjs-2';
import type { DetailedPeerCertificate } from 'node:tls';
import { decodeBitmap, decodeSurfaceBits, type RgbaRect } from './bitmapDecoder';
import { parseSurfaceCommands, SurfaceCommandError, surfaceCapabilities, type NscPreferences } from './surfaceCommands';

export type RdpFailure = 'certificate_changed' | 'certificate_refused' | 'unreachable' | 'refused' | 'protocol';

export class RdpLaunchError extends Error {
  constructor(
    readonly reason: RdpFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RdpLaunchError';
  }
}

export interface RdpEndpoint {
  host: string;
  port: number;
  /** The connection string `user+activity+resource`: the routing cookie and the user name. */
  username: string;
}

export interface RdpConnectionEvents {
  /**
   * Bitmap updates, decoded; called as they arrive (the caller batches them per frame). Their pixels are
   * only valid during the call (the decoder reuses its buffer): copy what you keep.
   */
  onRects(rects: RgbaRect[]): void;
  onClose(reason: string): void;
}

export interface RdpSize {
  width: number;
  height: number;
}

export interface RdpConnection {
  readonly certificateFingerprint: string;
  /** The desktop size the server chose (its bitmap capability), which may differ from the one asked for. */
  readonly desktop: RdpSize;
  /** Frames of surface commands received and acknowledged (0 from a server that sends legacy bitmaps). */
  readonly acknowledgedFrames: number;
  pointer(x: number, y: number, button: 0 | 1 | 2 | 3, pressed: boolean): void;
  wheel(x: number, y: number, delta: number, horizontal: boolean): void;
  key(scancode: number, pressed: boolean, extended: boolean): void;
  /** Backpressure: stop reading from the socket (TCP holds the gateway back), and go on. */
  pause(): void;
  resume(): void;
  close(): void;
}

/**
 * What the viewer asks of NSCodec: chroma at full resolution, its two lowest bits may be dropped. Text keeps
 * crisp coloured edges, and a full 1280×800 frame is about 3 MB before the codec's run-length coding.
 */
const NSC_PREFERENCES: NscPreferences = { colorLossLevel: 3, allowSubsampling: false };

/** Until the server has activated the session; a gateway or target that stalls longer is given up on. */
const CONNECT_TIMEOUT_MS = 20_000;

/** Set Error Info codes (MS-RDPBCGR 2.2.5.1.1) in words for the user. */
const ERROR_INFO: Record<number, string> = {
  0x1: 'The session was locked or disconnected by an administrator.',
  0x2: 'The session was ended.',
  0x3: 'The server disconnected the idle connection.',
  0x4: 'The session reached its time limit.',
  0x5: 'Another connection took over the session.',
  0x6: 'The server is out of memory.',
  0x7: 'The server denied the connection (wrong user name or password, or too many attempts).',
  0x9: 'You may not use this session now (it is not yours, not available, or locked).',
  0xc: 'The server logged the user off.',
};

export function errorInfoReason(code: number): string {
  return ERROR_INFO[code] ?? `The server ended the connection (error info 0x${code.toString(16)}).`;
}

function fingerprintOf(certificate: DetailedPeerCertificate): string {
  if (!certificate?.fingerprint256) throw new RdpLaunchError('protocol', 'The RDP gateway showed no certificate.');
  return certificate.fingerprint256.toUpperCase();
}

function describeSocketError(error: unknown, endpoint: RdpEndpoint): RdpLaunchError {
  if (error instanceof RdpLaunchError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'ETIMEDOUT')
    return new RdpLaunchError('unreachable', `The RDP gateway at ${endpoint.host}:${endpoint.port} cannot be reached.`);
  if (code === 'NODE_RDP_PROTOCOL_PDU_SEC_ERROR_INFO') {
    const info = (error as { errorInfo?: unknown }).errorInfo;
    return new RdpLaunchError('refused', errorInfoReason(typeof info === 'number' ? info : -1));
  }
  if (code === 'NODE_RDP_PROTOCOL_PDU_SEC_BAD_LICENSE_HEADER')
    return new RdpLaunchError('refused', 'The RDP gateway refused the login before the desktop started.');
  if (code === 'NODE_RDP_PROTOCOL_X224_NEG_FAILURE')
    return new RdpLaunchError('refused', 'The RDP gateway cannot reach the resource: it has no reachable RDP server.');
  const text = String((error as Error | undefined)?.message ?? error);
  return new RdpLaunchError('protocol', `The RDP connection failed: ${text}`);
}

/** The desktop size in the server's bitmap capability set, when it names a plausible one. */
function serverDesktop(client: RdpClient, asked: RdpSize): RdpSize {
  const bitmap = client.global.serverCapabilities[2]?.obj;
  const width = bitmap?.['desktopWidth']?.value;
  const height = bitmap?.['desktopHeight']?.value;
  if (typeof width !== 'number' || typeof height !== 'number') return asked;
  if (width < 200 || width > 4096 || height < 200 || height > 2048) return asked;
  return { width, height };
}

/** node-rdpjs-2 logs through bunyan at INFO to stderr unless told otherwise; warnings are enough. */
process.env.log_level ??= 'warn';

/**
 * Connects only as far as the TLS handshake to read the gateway's certificate, then hangs up: nothing is
 * sent over TLS, so no credential. Resolves with its SHA-256 fingerprint (`AB:CD:…`).
 */
export function probeRdpCertificate(endpoint: RdpEndpoint): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen: string | null = null;
    const client = createClient({
      cookie: endpoint.username,
      verifyServerCertificate: (certificate) => {
        seen = fingerprintOf(certificate);
        return false;
      },
    });
    const timer = setTimeout(() => {
      client.bufferLayer.socket.destroy();
      reject(new RdpLaunchError('unreachable', 'The RDP gateway did not answer in time.'));
    }, CONNECT_TIMEOUT_MS);
    client.on('error', (error: unknown) => {
      clearTimeout(timer);
      if (seen) resolve(seen);
      else reject(describeSocketError(error, endpoint));
    });
    client.on('close', () => {
      clearTimeout(timer);
      if (seen) resolve(seen);
      else reject(new RdpLaunchError('unreachable', 'The RDP gateway closed the connection before TLS.'));
    });
    client.connect(endpoint.host, endpoint.port);
  });
}

export function openRdpConnection(
  endpoint: RdpEndpoint,
  login: { password: string; pinnedFingerprint: string },
  size: RdpSize,
  events: RdpConnectionEvents,
  /** `keyboardLayout`: the Windows KLID the server maps the scancodes with (default US English). */
  options: { keyboardLayout?: number } = {},
): Promise<RdpConnection> {
  return new Promise((resolve, reject) => {
    let shownFingerprint = '';
    let settled = false;
    let closed = false;
    let serverReason: string | null = null;
    let acknowledgedFrames = 0;
    const client: RdpClient = createClient({
      cookie: endpoint.username,
      userName: endpoint.username,
      password: login.password,
      autoLogin: true,
      screen: size,
      locale: 'en',
      // Surface commands with frame acknowledgements: NSCodec frames paced by the client (see surfaceCommands.ts).
      ...surfaceCapabilities(size, NSC_PREFERENCES),
      verifyServerCertificate: (certificate) => {
        shownFingerprint = fingerprintOf(certificate);
        if (shownFingerprint !== login.pinnedFingerprint.toUpperCase())
          throw new RdpLaunchError(
            'certificate_changed',
            `The RDP gateway's certificate changed (it shows ${shownFingerprint}). Nothing was sent. ` +
              'Ask your administrator before trusting the new one.',
          );
        return true;
      },
    });

    const fail = (error: RdpLaunchError) => {
      if (settled) return;
      settled = true;
      closed = true;
      clearTimeout(timer);
      client.bufferLayer.socket.destroy();
      reject(error);
    };
    const end = (reason: string) => {
      if (!settled) return fail(new RdpLaunchError('refused', reason));
      if (closed) return;
      closed = true;
      client.bufferLayer.socket.destroy();
      events.onClose(reason);
    };
    const timer = setTimeout(
      () => fail(new RdpLaunchError('unreachable', 'The RDP server did not show a desktop in time.')),
      CONNECT_TIMEOUT_MS,
    );

    const connection: RdpConnection = {
      get certificateFingerprint() {
        return shownFingerprint;
      },
      get desktop() {
        return serverDesktop(client, size);
      },
      get acknowledgedFrames() {
        return acknowledgedFrames;
      },
      pointer: (x, y, button, pressed) => client.sendPointerEvent(x, y, button, pressed),
      wheel: (x, y, delta, horizontal) =>
        client.sendWheelEvent(x, y, Math.min(255, Math.abs(Math.round(delta))), delta < 0, horizontal),
      key: (scancode, pressed, extended) => client.sendKeyEventScancode(scancode, pressed, extended),
      pause: () => (client.bufferLayer.secureSocket ?? client.bufferLayer.socket).pause(),
      resume: () => (client.bufferLayer.secureSocket ?? client.bufferLayer.socket).resume(),
      close: () => {
        if (closed) return;
        client.close();
        end('You closed the connection.');
      },
    };

    client
      .on('connect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(connection);
      })
      .on('bitmap', (bitmap: RdpBitmap) => {
        if (closed) return;
        const rect = decodeBitmap(bitmap, bitmap.isCompress);
        if (rect) events.onRects([rect]);
      })
      .on('surfaceCommands', (payload: Buffer) => {
        if (closed) return;
        try {
          const commands = parseSurfaceCommands(payload);
          // A frame whose end marker is here has arrived whole: acknowledged before it is decoded, so the
          // server's pace (it slows down when two frames are unacknowledged) does not wait on this thread.
          for (const command of commands)
            if (command.kind === 'frame' && command.action === 'end') {
              client.sendFrameAcknowledge(command.frameId);
              acknowledgedFrames += 1;
            }
          for (const command of commands) {
            if (command.kind !== 'bits') continue;
            // Handed on at once: the next command's pixels go into the same buffer.
            const rect = decodeSurfaceBits(command);
            if (rect) events.onRects([rect]);
          }
        } catch (error) {
          if (error instanceof SurfaceCommandError) return end(error.message);
          throw error;
        }
      })
      .on('errorInfo', (code: number) => {
        if (code !== 0) serverReason = errorInfoReason(code);
      })
      .on('error', (error: unknown) => {
        const described = describeSocketError(error, endpoint);
        if (!settled) fail(described);
        else end(serverReason ?? described.message);
      })
      .on('close', () => end(serverReason ?? 'The RDP gateway closed the connection.'));
    if (options.keyboardLayout !== undefined)
      client.mcs.clientCoreData.obj.kbdLayout.value = options.keyboardLayout >>> 0;
    // Input events are small writes: without this, Nagle holds one back until the previous one is ACKed.
    client.bufferLayer.socket.setNoDelay(true);
    client.connect(endpoint.host, endpoint.port);
  });
}
