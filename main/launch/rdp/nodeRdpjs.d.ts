/** The part of node-rdpjs-2 (CommonJS, no types of its own) this app uses, with our patches' options. */
declare module 'node-rdpjs-2' {
  import type { EventEmitter } from 'node:events';
  import type { Socket } from 'node:net';
  import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

  export interface RdpClientConfig {
    userName?: string;
    password?: string;
    domain?: string;
    /** Patched in: the X.224 routing cookie (`Cookie: mstshash=<cookie>`). */
    cookie?: string;
    /** Patched in: runs once TLS is up, before anything is sent over it; false or a throw refuses. */
    verifyServerCertificate?: (certificate: DetailedPeerCertificate) => boolean;
    /** Patched in: more capability sets for the Confirm Active PDU, each sent as `body` under `type`. */
    extraCapabilities?: Array<{ type: number; body: Buffer }>;
    /** Patched in: the multifragment capability's MaxRequestSize (fragments are joined up to it). */
    maxFragmentedUpdateSize?: number;
    autoLogin?: boolean;
    decompress?: boolean;
    enablePerf?: boolean;
    screen?: { width: number; height: number };
    locale?: 'en' | 'fr';
    logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  }

  export interface RdpBitmap {
    destTop: number;
    destLeft: number;
    destBottom: number;
    destRight: number;
    width: number;
    height: number;
    bitsPerPixel: number;
    isCompress: boolean;
    data: Buffer;
  }

  export interface RdpClient extends EventEmitter {
    connected: boolean;
    connect(host: string, port: number): RdpClient;
    close(): RdpClient;
    sendPointerEvent(x: number, y: number, button: number, isPressed: boolean): void;
    sendKeyEventScancode(code: number, isPressed: boolean, extended?: boolean): void;
    sendKeyEventUnicode(code: number, isPressed: boolean): void;
    /** Patched in: TS_FRAME_ACKNOWLEDGE_PDU for a frame of surface commands (emitted as 'surfaceCommands'). */
    sendFrameAcknowledge(frameId: number): void;
    sendWheelEvent(x: number, y: number, step: number, isNegative: boolean, isHorizontal: boolean): void;
    /** The MCS layer: the Client Core Data (MS-RDPBCGR 2.2.1.3.2) it sends, writable before `connect`. */
    mcs: { clientCoreData: { obj: { kbdLayout: { value: number } } } };
    /** The TCP socket under the stack (patched code reads it too). */
    bufferLayer: { socket: Socket; secureSocket: TLSSocket | null };
    /** The server's capability sets by type, once the session is active (1 = general, 2 = bitmap). */
    global: { serverCapabilities: Array<{ obj: Record<string, { value: unknown } | undefined> } | undefined> };
  }

  export function createClient(config: RdpClientConfig): RdpClient;
}

declare module 'node-rdpjs-2/lib/core/rle' {
  /** Emscripten module of the RLE (interleaved) bitmap decompressors. */
  const rle: {
    HEAPU8: Uint8Array;
    _malloc(size: number): number;
    _free(pointer: number): void;
    ccall(name: string, returns: 'number', types: string[], args: number[]): number;
  };
  export default rle;
}
