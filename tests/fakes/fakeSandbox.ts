/** A stand-in for `startSandbox()`'s handle, for tests of the sandbox host and the core without a server. */
import type { SandboxHandleLike } from '../../main/sandboxHost/sandboxHost';

export interface FakeSandbox extends SandboxHandleLike {
  stopped: number;
  totpSecret: string;
}

export function fakeSandbox(overrides: Partial<SandboxHandleLike> = {}): FakeSandbox {
  const sandbox: FakeSandbox = {
    url: 'https://127.0.0.1:45678',
    fingerprint: 'AB:'.repeat(31) + 'CD',
    users: [
      { login: 'alice', password: 'alice-demo', role: 'user', displayName: 'Alice Example' },
      { login: 'adam', password: 'adam-demo', role: 'admin', displayName: 'Adam Admin' },
    ],
    totpSecret: 'JBSWY3DPEHPK3PXP',
    totp: (login) => (login === 'alice' ? '111111' : '222222'),
    stopped: 0,
    stop() {
      sandbox.stopped += 1;
    },
    ...overrides,
  };
  return sandbox;
}
