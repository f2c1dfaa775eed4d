/**
 * Which certificate each server must present. Pins the user chose are kept in the settings file (a
 * fingerprint is not a secret); pins for the sandbox we started ourselves live in memory only, because
 * its port changes every run and a stale pin per port would pile up in the file.
 */
import { normalizeFingerprint } from '../nps/tlsTrust';
import { originOf, type SettingsStore } from '../settings/settingsStore';

export interface TrustStore {
  pinFor(url: string): string | null;
  /** Persisted pin, chosen by the user after seeing the fingerprint. */
  trust(url: string, fingerprint: string): void;
  /** In-memory pin for a server this process started. */
  trustForThisRun(url: string, fingerprint: string): void;
}

export function createTrustStore(settings: Pick<SettingsStore, 'pinFor' | 'setPin'>): TrustStore {
  const runPins = new Map<string, string>();
  return {
    pinFor: (url) => runPins.get(originOf(url)) ?? settings.pinFor(url),
    trust: (url, fingerprint) => settings.setPin(url, normalizeFingerprint(fingerprint)),
    trustForThisRun: (url, fingerprint) => void runPins.set(originOf(url), normalizeFingerprint(fingerprint)),
  };
}
