import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore, DEFAULT_PREFERENCES } from '../../../main/settings/settingsStore';
import { MemoryLogger } from '../../fakes/memoryLogger';

const FP = 'AB:'.repeat(31) + 'CD';
let dir: string;
let log: MemoryLogger;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-settings-'));
  log = new MemoryLogger();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('settings store', () => {
  it('starts from defaults and keeps what was saved across restarts', () => {
    const store = createSettingsStore(dir, log);
    expect(store.preferences()).toEqual(DEFAULT_PREFERENCES);
    store.updatePreferences((p) => ({
      ...p,
      pollIntervalSeconds: 30,
      views: { 'srv|alice|active': { columns: [{ field: 'host', visible: false }] } },
    }));
    store.setPin('https://NPS.example:6500/some/path', FP.toLowerCase());

    const reopened = createSettingsStore(dir, log);
    expect(reopened.preferences().pollIntervalSeconds).toBe(30);
    expect(reopened.preferences().views['srv|alice|active']?.columns[0]).toEqual({ field: 'host', visible: false });
    expect(reopened.pinFor('https://nps.example:6500')).toBe(FP);
    expect(reopened.pinFor('https://nps.example:6501')).toBeNull();
  });

  it('reads an older file that still names the last server, and drops it on the next save', () => {
    const old = { version: 1, preferences: DEFAULT_PREFERENCES, pins: { 'https://nps.example:6500': FP } };
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ ...old, lastServer: { url: 'https://nps.example:6500', login: 'a' } }));
    const store = createSettingsStore(dir, log);
    expect(store.pinFor('https://nps.example:6500')).toBe(FP);
    store.setPin('https://other.example', FP);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).not.toHaveProperty('lastServer');
    expect(fs.readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('writes atomically with mode 0600 and leaves no temp files', () => {
    const store = createSettingsStore(dir, log);
    for (let i = 2; i < 12; i += 1) store.updatePreferences((p) => ({ ...p, pollIntervalSeconds: i }));
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8')).preferences.pollIntervalSeconds).toBe(11);
  });

  it('rejects an invalid preference without touching the file', () => {
    const store = createSettingsStore(dir, log);
    store.updatePreferences((p) => ({ ...p, pollIntervalSeconds: 15 }));
    expect(() => store.updatePreferences((p) => ({ ...p, pollIntervalSeconds: 0 }))).toThrow();
    expect(createSettingsStore(dir, log).preferences().pollIntervalSeconds).toBe(15);
  });

  it.each([
    ['truncated JSON', '{"version":1,"preferences":{"pollInterv'],
    ['the wrong shape', JSON.stringify({ version: 1, preferences: { pollIntervalSeconds: 'often', views: {} } })],
    ['a bad pin', JSON.stringify({ version: 1, pins: { 'https://x': 'not-a-fingerprint' } })],
  ])('moves a corrupt file (%s) aside, reports it and uses defaults', (_label, content) => {
    fs.writeFileSync(path.join(dir, 'settings.json'), content);
    const store = createSettingsStore(dir, log);
    expect(store.preferences()).toEqual(DEFAULT_PREFERENCES);
    const aside = fs.readdirSync(dir).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(content);
    expect(log.text()).toMatch(/WARN \[settings\] .*settings\.json is invalid .*moved it to .*corrupt-/);
  });
});
