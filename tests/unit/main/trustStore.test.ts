import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerProbe } from '../../../contract';
import { createTrustStore } from '../../../main/auth/trustStore';
import type { ProbeOptions } from '../../../main/nps/serverProbe';
import { PamError } from '../../../main/errors/pamError';
import { createSettingsStore } from '../../../main/settings/settingsStore';
import { MemoryLogger } from '../../fakes/memoryLogger';

const URL = 'https://nps.example:6500';
const FP = 'AA:'.repeat(31) + 'BB';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-trust-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(seen: Partial<ServerProbe> = {}) {
  const log = new MemoryLogger();
  const settings = createSettingsStore(dir, log);
  const probes: ProbeOptions[] = [];
  const store = createTrustStore({
    settings,
    probeServer: async (url, options) => {
      probes.push(options);
      return { url, tls: 'untrusted', fingerprint: FP, subject: 'nps', issuer: 'nps', validTo: null, ...seen };
    },
    http: { timeoutMs: 1234 },
    log,
  });
  return { store, settings, probes };
}

describe('trusting a server', () => {
  it('pins the fingerprint only when the server presents exactly it, and keeps it in the settings', async () => {
    const { store, settings, probes } = setup();
    await expect(store.trust(URL, 'CC:'.repeat(31) + 'DD')).rejects.toMatchObject({ code: 'certificate_mismatch' });
    expect(store.pinFor(URL)).toBeNull();
    await expect(store.trust(URL, FP.toLowerCase())).resolves.toMatchObject({ tls: 'pinned', fingerprint: FP });
    expect(store.pinFor(URL)).toBe(FP);
    expect(settings.pinFor(URL)).toBe(FP);
    expect(probes.every((p) => p.pin === null && p.timeoutMs === 1234)).toBe(true);
  });

  it('refuses to "trust" a plain HTTP server', async () => {
    const { store } = setup({ tls: 'none', fingerprint: null, subject: null, issuer: null });
    await expect(store.trust(URL, FP)).rejects.toBeInstanceOf(PamError);
    expect(store.pinFor(URL)).toBeNull();
  });

  it('probes with the pin it holds; a pin for this run stays out of the settings file', async () => {
    const { store, settings, probes } = setup();
    store.trustForThisRun(URL, FP.toLowerCase());
    await store.probe(URL);
    expect(probes.at(-1)).toEqual({ pin: FP, timeoutMs: 1234 });
    expect(settings.pinFor(URL)).toBeNull();
  });
});
