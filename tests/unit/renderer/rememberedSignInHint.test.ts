import { describe, expect, it } from 'vitest';
import type { KeychainStatus } from '../../../contract';
import { rememberedSignInHint } from '../../../renderer/shell/useKeychainStatus';

const working: KeychainStatus = { backend: 'keytar', degraded: false, reason: null, message: '' };

describe('the hint under the remember-me boxes', () => {
  it('names the OS keychain only while it can be used', () => {
    expect(rememberedSignInHint(working)).toBe('Kept in your OS keychain, never in a file. Signing out forgets it.');
  });

  it('says memory for this run only when the keychain cannot be used, or is memory', () => {
    const degraded: KeychainStatus = { backend: 'memory', degraded: true, reason: 'no_service', message: 'x' };
    expect(rememberedSignInHint(degraded)).toBe(
      'Kept in memory for this run only: the OS keychain can’t be used. Signing out forgets it.',
    );
    expect(rememberedSignInHint({ ...working, backend: 'memory' })).toMatch(/^Kept in memory for this run only/);
  });

  it('claims no keychain before the state is known', () => {
    expect(rememberedSignInHint(null)).not.toMatch(/keychain/i);
  });
});
