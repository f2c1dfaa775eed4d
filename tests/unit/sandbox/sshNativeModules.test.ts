/**
 * The sandbox's SSH proxy relays terminal floods through two encrypted hops; ssh2 without its native
 * crypto binding falls back to slow JavaScript ciphers silently. These fail when an install skipped the
 * native builds (npm's `allowScripts` in package.json must list ssh2, cpu-features and node-pty).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('native modules of the SSH proxy', () => {
  it('ssh2 has its native crypto binding (sshcrypto.node) built and in use', () => {
    const crypto = require('ssh2/lib/protocol/crypto.js') as { bindingAvailable: boolean };
    expect(crypto.bindingAvailable).toBe(true);
    expect(() => require.resolve('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node')).not.toThrow();
  });

  it('node-pty loads, for the built-in target’s terminals', () => {
    const pty = require('node-pty') as { spawn: unknown };
    expect(typeof pty.spawn).toBe('function');
  });
});
