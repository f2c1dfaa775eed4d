/**
 * Certificate trust for NPS servers: system CAs, or one pinned SHA-256 fingerprint for a self-signed server.
 *
 * Node's TLS does not call `checkServerIdentity` when chain verification already failed (a self-signed
 * certificate), so pinning cannot live there. Instead the agent connects with chain checks deferred, waits
 * for the handshake, decides on the peer certificate, and only then hands the socket to `http`. Until that
 * decision no request byte — no header, no token, no password — can be written: `http` has no socket yet.
 */
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { PamError } from '../errors/pamError';

export interface PeerCertificateInfo {
  fingerprint: string;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
  /** Chain and host name verified against the system CAs. */
  authorized: boolean;
  authorizationError: string | null;
}

export function normalizeFingerprint(value: string): string {
  return value.trim().toUpperCase();
}

export function describePeer(socket: tls.TLSSocket): PeerCertificateInfo | null {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return null;
  const validTo = cert.valid_to ? new Date(cert.valid_to) : null;
  return {
    fingerprint: normalizeFingerprint(cert.fingerprint256),
    subject: nameOf(cert.subject),
    issuer: nameOf(cert.issuer),
    validTo: validTo && !Number.isNaN(validTo.getTime()) ? validTo.toISOString() : null,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
  };
}

function nameOf(name: tls.Certificate | undefined): string | null {
  if (!name) return null;
  const parts = [name.CN, name.O].flat().filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join(', ') : null;
}

/**
 * Decides whether a verified handshake may carry our requests. A pin is an exact identity: when one is held,
 * only that certificate is accepted (even if a public CA would also vouch for another one).
 */
export function checkPeer(peer: PeerCertificateInfo | null, pin: string | null, origin: string): PamError | null {
  if (!peer) return new PamError('untrusted_certificate', `${origin} did not present a certificate.`);
  if (pin) {
    if (peer.fingerprint === normalizeFingerprint(pin)) return null;
    return new PamError(
      'certificate_mismatch',
      `The certificate of ${origin} is not the one you trusted. Expected ${normalizeFingerprint(pin)}, ` +
        `got ${peer.fingerprint}. Someone may be intercepting the connection; nothing was sent.`,
    );
  }
  if (peer.authorized) return null;
  return new UntrustedCertificateError(origin, peer);
}

/** `untrusted_certificate` that also carries the certificate, so the UI can offer "trust this server". */
export class UntrustedCertificateError extends PamError {
  constructor(
    origin: string,
    readonly peer: PeerCertificateInfo,
  ) {
    super(
      'untrusted_certificate',
      `The certificate of ${origin} is not trusted by this computer (${peer.authorizationError ?? 'unknown issuer'}). ` +
        `Fingerprint: ${peer.fingerprint}. Check it with your administrator, then trust this server.`,
    );
  }
}

export interface VerifyingAgentOptions {
  origin: string;
  pin: string | null;
  connectTimeoutMs: number;
  /** Extra CAs (tests); the system store is always used too. */
  ca?: string[];
}

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

/** A keep-alive `https.Agent` whose sockets exist for `http` only after `checkPeer` accepted them. */
export function createVerifyingAgent(options: VerifyingAgentOptions): https.Agent {
  const extraCa = options.ca?.length ? [...tls.rootCertificates, ...options.ca] : undefined;

  class VerifyingAgent extends https.Agent {
    override createConnection(
      connectOptions: https.RequestOptions,
      callback?: ConnectCallback,
    ): Duplex | null | undefined {
      const done = once(callback ?? (() => undefined));
      const socket = tls.connect({
        ...(connectOptions as tls.ConnectionOptions),
        ...(extraCa ? { ca: extraCa } : {}),
        // Deferred, not disabled: the decision is taken below, before anyone can write.
        rejectUnauthorized: false,
      });
      const timer = setTimeout(() => {
        socket.destroy();
        done(new PamError('timeout', `${options.origin} did not complete a secure connection in time.`), socket);
      }, options.connectTimeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        const problem = checkPeer(describePeer(socket), options.pin, options.origin);
        if (problem) {
          socket.destroy();
          done(problem, socket);
        } else {
          done(null, socket);
        }
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        done(error, socket);
      });
      return undefined;
    }
  }

  return new VerifyingAgent({
    keepAlive: true,
    keepAliveMsecs: 15_000,
    maxSockets: 8,
    maxFreeSockets: 4,
    scheduling: 'lifo',
  });
}

function once(callback: ConnectCallback): ConnectCallback {
  let called = false;
  return (err, stream) => {
    if (called) return;
    called = true;
    callback(err, stream);
  };
}

/** Handshake only, nothing written: what certificate does this server present? */
export function readPeerCertificate(
  host: string,
  port: number,
  timeoutMs: number,
  origin: string,
  ca?: string[],
): Promise<PeerCertificateInfo> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: isIpAddress(host) ? undefined : host,
      rejectUnauthorized: false,
      ...(ca?.length ? { ca: [...tls.rootCertificates, ...ca] } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new PamError('timeout', `${origin} did not complete a secure connection in time.`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const peer = describePeer(socket);
      socket.destroy();
      if (peer) resolve(peer);
      else reject(new PamError('untrusted_certificate', `${origin} did not present a certificate.`));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
