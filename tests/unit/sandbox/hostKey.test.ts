/** The SSH host key's fingerprint is the one OpenSSH prints, and the key is kept in the data folder. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { generateHostKey, loadOrCreateHostKey } from '../../../sandbox/ssh/hostKey';

describe('SSH host key', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pamdesk-hostkey-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is always one ssh2 can read (its generator writes an unreadable key about 3 times in 1,000)', () => {
    let unreadable = 0;
    for (let i = 0; i < 3000; i += 1) if (ssh2.utils.parseKey(generateHostKey()) instanceof Error) unreadable += 1;
    expect(unreadable).toBe(0);
  });

  it('is created once (0600) and read back with the same fingerprint', async () => {
    const first = await loadOrCreateHostKey(dir, 'key');
    const again = await loadOrCreateHostKey(dir, 'key');
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(first.publicKey).toMatch(/^ssh-ed25519 AAAA/);
    expect((await stat(path.join(dir, 'key'))).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!existsSync('/usr/bin/ssh-keygen'))('has the fingerprint ssh-keygen -l prints', async () => {
    const key = await loadOrCreateHostKey(dir, 'key');
    const printed = execFileSync('/usr/bin/ssh-keygen', ['-l', '-f', path.join(dir, 'key')], { encoding: 'utf8' });
    expect(printed.split(' ')[1]).toBe(key.fingerprint);
  });
});
