import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostKeyStore } from '../../../main/launch/ssh/hostKeyStore';
import { MemoryLogger } from '../../fakes/memoryLogger';

const KEY = 'SHA256:' + 'a'.repeat(43);
const OTHER = 'SHA256:' + 'b'.repeat(43);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-hostkeys-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('host key store', () => {
  it('pins per profile and address, in a 0600 file another run reads', () => {
    createHostKeyStore(dir, new MemoryLogger()).pin('profile-1', 'NPS.example.com', 4422, KEY);
    const again = createHostKeyStore(dir, new MemoryLogger());
    expect(again.pinned('profile-1', 'nps.example.com', 4422)).toBe(KEY);
    expect(again.pinned('profile-1', 'nps.example.com', 22)).toBeNull();
    expect(again.pinned('profile-2', 'nps.example.com', 4422)).toBeNull();
    expect(fs.statSync(path.join(dir, 'ssh-host-keys.json')).mode & 0o777).toBe(0o600);
  });

  it('pins for this run only without writing, and forgets a removed profile', () => {
    const store = createHostKeyStore(dir, new MemoryLogger());
    store.pinForThisRun('127.0.0.1', 40222, OTHER);
    expect(store.pinned('any', '127.0.0.1', 40222)).toBe(OTHER);
    expect(fs.existsSync(path.join(dir, 'ssh-host-keys.json'))).toBe(false);
    store.pin('p', 'h', 1, KEY);
    store.forget('p');
    expect(store.pinned('p', 'h', 1)).toBeNull();
  });

  it('a damaged file pins nothing (every key is asked about again), and a bad fingerprint is not stored', () => {
    fs.writeFileSync(path.join(dir, 'ssh-host-keys.json'), '{not json');
    const log = new MemoryLogger();
    const store = createHostKeyStore(dir, log);
    expect(store.pinned('p', 'h', 1)).toBeNull();
    expect(() => store.pin('p', 'h', 1, 'MD5:xx')).toThrow();
  });
});
