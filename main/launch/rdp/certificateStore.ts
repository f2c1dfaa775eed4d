/**
 * Which TLS certificate each server profile's RDP gateway must present (`rdp-certificates.json` in the data
 * folder: `{[profileId]: {["host:port"]: "AB:CD:…"}}`, SHA-256), a pin store (`../pinStore.ts`) like the SSH
 * proxy's host keys in `../ssh/hostKeyStore.ts`. The gateway of the sandbox this process started is pinned
 * for this run only.
 */
import { z } from 'zod';
import type { Logger } from '../../log/logger';
import { createPinStore, type PinStore } from '../pinStore';

export type RdpCertificateStore = PinStore;

export function createRdpCertificateStore(dataDir: string, log: Logger): RdpCertificateStore {
  return createPinStore({
    dataDir,
    fileName: 'rdp-certificates.json',
    fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    normalize: (fingerprint) => fingerprint.toUpperCase(),
    tag: 'rdp',
    what: 'certificate',
    log,
  });
}
