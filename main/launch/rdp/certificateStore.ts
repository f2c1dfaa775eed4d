/**
 * Which TLS certificate each server profile's RDP gateway must present (`rdp-certificates.json` in the data
 * folder: `{[profileId]: {["host:port"]: "AB:CD:…"}}`, SHA-256). A fingerprint is not a secret. The gateway of
 * the sandbox this process started is pinned for this run only (we know its certificate from the source, and
 * its port changes every run), like its SSH proxy's host key in `../ssh/hostKeyStore.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../router/router';

const Fingerprint = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
const File = z.record(z.string().max(64), z.record(z.string().max(300), Fingerprint));

export interface RdpCertificateStore {
  pinned(profileId: string | null, host: string, port: number): string | null;
  pin(profileId: string, host: string, port: number, fingerprint: string): void;
  pinForThisRun(host: string, port: number, fingerprint: string): void;
  /** The profile was removed: forget its gateways' certificates. */
  forget(profileId: string): void;
}

export function createRdpCertificateStore(dataDir: string, log: Logger): RdpCertificateStore {
  const file = path.join(dataDir, 'rdp-certificates.json');
  const runPins = new Map<string, string>();
  const address = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

  function read(): z.infer<typeof File> {
    try {
      return File.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A damaged file pins nothing, so every certificate is asked about again rather than trusted blindly.
        log.warn(`[rdp] ${file} could not be read (${(error as Error).message}); no RDP certificate is pinned`);
      }
      return {};
    }
  }

  function write(pins: z.infer<typeof File>): void {
    fs.mkdirSync(dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(pins, null, 2), { mode: 0o600 });
    fs.renameSync(temp, file);
  }

  return {
    pinned(profileId, host, port) {
      return runPins.get(address(host, port)) ?? (profileId ? read()[profileId]?.[address(host, port)] : null) ?? null;
    },
    pin(profileId, host, port, fingerprint) {
      const pins = read();
      pins[profileId] = { ...pins[profileId], [address(host, port)]: Fingerprint.parse(fingerprint.toUpperCase()) };
      write(pins);
      log.info(`[rdp] pinned certificate ${fingerprint} of ${address(host, port)}`);
    },
    pinForThisRun(host, port, fingerprint) {
      runPins.set(address(host, port), Fingerprint.parse(fingerprint.toUpperCase()));
    },
    forget(profileId) {
      const pins = read();
      if (!(profileId in pins)) return;
      delete pins[profileId];
      write(pins);
    },
  };
}
