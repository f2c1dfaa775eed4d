/**
 * Which certificate each server must present. Pins the user chose are kept in the settings file (a
 * fingerprint is not a secret); pins for the sandbox we started ourselves live in memory only, because
 * its port changes every run and a stale pin per port would pile up in the file.
 *
 * A pin is only ever set after checking that the server presents exactly that certificate now.
 */
import type { ServerProbe } from '../../contract';
import type { ProbeOptions, ServerProber } from '../nps/serverProbe';
import { normalizeFingerprint } from '../nps/tlsTrust';
import { PamError } from '../errors/pamError';
import type { Logger } from '../log/logger';
import { serverOrigin } from '../nps/serverAddress';
import type { SettingsStore } from '../settings/settingsStore';

export interface TrustStore {
  pinFor(url: string): string | null;
  /** What is at `url` and whether it presents the pinned (or a trusted) certificate. */
  probe(url: string): Promise<ServerProbe>;
  /**
   * Pins `fingerprint` for `url` (persisted, chosen by the user after seeing it) after checking the server
   * presents exactly that certificate now. Rejects with `certificate_mismatch` when it presents another,
   * `invalid_input` for plain HTTP; nothing is pinned then.
   */
  trust(url: string, fingerprint: string): Promise<ServerProbe>;
  /** In-memory pin for a server this process started. */
  trustForThisRun(url: string, fingerprint: string): void;
}

export interface TrustStoreDeps {
  settings: Pick<SettingsStore, 'pinFor' | 'setPin'>;
  probeServer: ServerProber;
  http?: { timeoutMs?: number | undefined; ca?: string[] | undefined } | undefined;
  log: Logger;
}

export function createTrustStore(deps: TrustStoreDeps): TrustStore {
  const { settings, log } = deps;
  const runPins = new Map<string, string>();
  const pinFor = (url: string): string | null => runPins.get(serverOrigin(url)) ?? settings.pinFor(url);
  const probeOptions = (url: string): ProbeOptions => ({
    pin: pinFor(url),
    ...(deps.http?.timeoutMs !== undefined ? { timeoutMs: deps.http.timeoutMs } : {}),
    ...(deps.http?.ca ? { ca: deps.http.ca } : {}),
  });
  return {
    pinFor,
    probe: (url) => deps.probeServer(url, probeOptions(url)),
    async trust(url, fingerprint) {
      const wanted = normalizeFingerprint(fingerprint);
      // Probe as if nothing were pinned: the user is replacing or setting the pin on purpose.
      const seen = await deps.probeServer(url, { ...probeOptions(url), pin: null });
      if (seen.tls === 'none')
        throw new PamError('invalid_input', 'This server does not use HTTPS; there is no certificate to trust.');
      if (seen.fingerprint !== wanted) {
        throw new PamError(
          'certificate_mismatch',
          `The server now presents ${seen.fingerprint}, not ${wanted}. Nothing was trusted.`,
        );
      }
      settings.setPin(url, wanted);
      log.info(`[auth] trusted ${new URL(url).origin} by fingerprint ${wanted}`);
      return { ...seen, tls: 'pinned' };
    },
    trustForThisRun: (url, fingerprint) => void runPins.set(serverOrigin(url), normalizeFingerprint(fingerprint)),
  };
}
