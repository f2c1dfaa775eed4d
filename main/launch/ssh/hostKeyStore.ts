/**
 * Which SSH host key each server profile's proxy must present (`ssh-host-keys.json` in the data folder:
 * `{[profileId]: {["host:port"]: "SHA256:…"}}`). A fingerprint is not a secret. Keys of the sandbox this
 * process started are pinned for this run only (we know its key from the source, and its port changes
 * every run), like its TLS certificate in `auth/trustStore.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../router/router';

const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/);
const File = z.record(z.string().max(64), z.record(z.string().max(300), Fingerprint));

export interface HostKeyStore {
  pinned(profileId: string, host: string, port: number): string | null;
  pin(profileId: string, host: string, port: number, fingerprint: string): void;
  pinForThisRun(host: string, port: number, fingerprint: string): void;
  /** The profile was removed: forget its keys. */
  forget(profileId: string): void;
}

export function createHostKeyStore(dataDir: string, log: Logger): HostKeyStore {
  const file = path.join(dataDir, 'ssh-host-keys.json');
  const runPins = new Map<string, string>();
  const address = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

  function read(): z.infer<typeof File> {
    try {
      return File.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A damaged file pins nothing, so every key is asked about again rather than trusted blindly.
        log.warn(`[ssh] ${file} could not be read (${(error as Error).message}); no SSH host key is pinned`);
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
      return runPins.get(address(host, port)) ?? read()[profileId]?.[address(host, port)] ?? null;
    },
    pin(profileId, host, port, fingerprint) {
      const pins = read();
      pins[profileId] = { ...pins[profileId], [address(host, port)]: Fingerprint.parse(fingerprint) };
      write(pins);
      log.info(`[ssh] pinned host key ${fingerprint} of ${address(host, port)}`);
    },
    pinForThisRun(host, port, fingerprint) {
      runPins.set(address(host, port), Fingerprint.parse(fingerprint));
    },
    forget(profileId) {
      const pins = read();
      if (!(profileId in pins)) return;
      delete pins[profileId];
      write(pins);
    },
  };
}
