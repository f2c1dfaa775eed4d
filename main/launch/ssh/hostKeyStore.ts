/**
 * Which SSH host key each server profile's proxy must present (`ssh-host-keys.json` in the data folder:
 * `{[profileId]: {["host:port"]: "SHA256:…"}}`), a pin store (`../pinStore.ts`). Keys of the sandbox this
 * process started are pinned for this run only, like its TLS certificate in `auth/trustStore.ts`.
 */
import { z } from 'zod';
import type { Logger } from '../../log/logger';
import { createPinStore, type PinStore } from '../pinStore';

export type HostKeyStore = PinStore;

export function createHostKeyStore(dataDir: string, log: Logger): HostKeyStore {
  return createPinStore({
    dataDir,
    fileName: 'ssh-host-keys.json',
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
    tag: 'ssh',
    what: 'host key',
    log,
  });
}
