/**
 * Fingerprints pinned per server profile and `host:port` (`{[profileId]: {["host:port"]: fingerprint}}` in a
 * JSON file of the data folder, written atomically with mode 0600). A fingerprint is not a secret. Pins of the
 * sandbox this process started are kept for this run only (we know its keys from the source, and its ports
 * change every run). The SSH proxy's host keys (`ssh/hostKeyStore.ts`) and the RDP gateway's certificates
 * (`rdp/certificateStore.ts`) are two such stores with their own file and fingerprint format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log/logger';

export interface PinStore {
  pinned(profileId: string | null, host: string, port: number): string | null;
  pin(profileId: string, host: string, port: number, fingerprint: string): void;
  pinForThisRun(host: string, port: number, fingerprint: string): void;
  /** The profile was removed: forget its pins. */
  forget(profileId: string): void;
}

export interface PinStoreOptions {
  dataDir: string;
  /** The file's name in `dataDir`, e.g. `ssh-host-keys.json`. */
  fileName: string;
  /** The fingerprint format: anything else is refused when pinning and makes the file unreadable. */
  fingerprint: z.ZodString;
  /** Applied to a fingerprint before it is checked and stored (e.g. upper case hex). */
  normalize?: (fingerprint: string) => string;
  /** Log prefix and what is pinned, e.g. `ssh`, `host key`. */
  tag: string;
  what: string;
  log: Logger;
}

export function createPinStore(options: PinStoreOptions): PinStore {
  const { dataDir, fingerprint: Fingerprint, tag, what, log } = options;
  const normalize = options.normalize ?? ((fingerprint: string) => fingerprint);
  const File = z.record(z.string().max(64), z.record(z.string().max(300), Fingerprint));
  const file = path.join(dataDir, options.fileName);
  const runPins = new Map<string, string>();
  const address = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

  function read(): z.infer<typeof File> {
    try {
      return File.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A damaged file pins nothing, so every fingerprint is asked about again rather than trusted blindly.
        log.warn(`[${tag}] ${file} could not be read (${(error as Error).message}); no ${what} is pinned`);
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
      pins[profileId] = { ...pins[profileId], [address(host, port)]: Fingerprint.parse(normalize(fingerprint)) };
      write(pins);
      log.info(`[${tag}] pinned ${what} ${fingerprint} of ${address(host, port)}`);
    },
    pinForThisRun(host, port, fingerprint) {
      runPins.set(address(host, port), Fingerprint.parse(normalize(fingerprint)));
    },
    forget(profileId) {
      const pins = read();
      if (!(profileId in pins)) return;
      delete pins[profileId];
      write(pins);
    },
  };
}
