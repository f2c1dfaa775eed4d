import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRdpCertificateStore } from '../../../../main/launch/rdp/certificateStore';
import { createHostKeyStore } from '../../../../main/launch/ssh/hostKeyStore';
import { MemoryLogger } from '../../../fakes/memoryLogger';

const CERT = Array.from({ length: 32 }, () => 'ab').join(':');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-rdpcerts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('RDP certificate store (the shared pin store)', () => {
  it('pins upper-cased per profile and address in its own 0600 file, beside the SSH host keys', () => {
    createRdpCertificateStore(dir, new MemoryLogger()).pin('profile-1', 'NPS.example.com', 4489, CERT);
    const again = createRdpCertificateStore(dir, new MemoryLogger());
    expect(again.pinned('profile-1', 'nps.example.com', 4489)).toBe(CERT.toUpperCase());
    expect(again.pinned(null, 'nps.example.com', 4489)).toBeNull();
    expect(again.pinned('profile-2', 'nps.example.com', 4489)).toBeNull();
    const file = path.join(dir, 'rdp-certificates.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'ssh-host-keys.json'))).toBe(false);
    expect(createHostKeyStore(dir, new MemoryLogger()).pinned('profile-1', 'nps.example.com', 4489)).toBeNull();
  });

  it('pins for this run only (also without a profile), refuses a fingerprint of the SSH format, forgets a profile', () => {
    const store = createRdpCertificateStore(dir, new MemoryLogger());
    store.pinForThisRun('127.0.0.1', 40389, CERT);
    expect(store.pinned(null, '127.0.0.1', 40389)).toBe(CERT.toUpperCase());
    expect(() => store.pin('p', 'h', 1, 'SHA256:' + 'a'.repeat(43))).toThrow();
    store.pin('p', 'h', 1, CERT);
    store.forget('p');
    expect(store.pinned('p', 'h', 1)).toBeNull();
  });

  it('a damaged file pins nothing and says so in the log', () => {
    fs.writeFileSync(path.join(dir, 'rdp-certificates.json'), '{"p":{"h:1":"not a fingerprint"}}');
    const log = new MemoryLogger();
    expect(createRdpCertificateStore(dir, log).pinned('p', 'h', 1)).toBeNull();
    expect(log.text()).toMatch(/no certificate is pinned/);
  });
});
