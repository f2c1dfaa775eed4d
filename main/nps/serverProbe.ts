/**
 * "What is at this address, and do we trust it?" — a TLS handshake that sends nothing, for the sign-in
 * screen to show the certificate and offer "trust this server".
 */
import net from 'node:net';
import type { ServerProbe } from '../../contract';
import { PamError } from '../errors/pamError';
import { errorFromNetwork } from './npsErrors';
import { normalizeFingerprint, readPeerCertificate } from './tlsTrust';

export interface ProbeOptions {
  pin: string | null;
  timeoutMs?: number;
  ca?: string[];
}

export type ServerProber = (url: string, options: ProbeOptions) => Promise<ServerProbe>;

export function hostAndPort(url: URL): { host: string; port: number } {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host, port };
}

/**
 * Resolves with `tls: 'pinned' | 'trusted' | 'untrusted'` (https) or `'none'` (http, after a TCP connect).
 * Rejects with `certificate_mismatch` when a pin is held and the server shows another certificate, and with
 * `unreachable`/`timeout` when nothing answers.
 */
export const probeServer: ServerProber = async (url, options) => {
  const parsed = new URL(url);
  const { host, port } = hostAndPort(parsed);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const origin = parsed.origin;
  try {
    if (parsed.protocol === 'http:') {
      await tcpConnect(host, port, timeoutMs, origin);
      return { url, tls: 'none', fingerprint: null, subject: null, issuer: null, validTo: null };
    }
    const peer = await readPeerCertificate(host, port, timeoutMs, origin, options.ca);
    const base = {
      url,
      fingerprint: peer.fingerprint,
      subject: peer.subject,
      issuer: peer.issuer,
      validTo: peer.validTo,
    };
    if (options.pin) {
      if (normalizeFingerprint(options.pin) === peer.fingerprint) return { ...base, tls: 'pinned' };
      throw new PamError(
        'certificate_mismatch',
        `The certificate of ${origin} changed since you trusted it. Expected ${normalizeFingerprint(options.pin)}, got ${peer.fingerprint}.`,
      );
    }
    return { ...base, tls: peer.authorized ? 'trusted' : 'untrusted' };
  } catch (error) {
    throw errorFromNetwork(error, origin);
  }
};

function tcpConnect(host: string, port: number, timeoutMs: number, origin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new PamError('timeout', `${origin} did not answer in time.`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
