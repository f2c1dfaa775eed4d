/** The `sandbox.*` handlers: start the bundled sandbox, and the current MFA code of one of its demo users. */
import type { Handlers } from '../router/router';
import type { SandboxHost } from './sandboxHost';

export function createSandboxHandlers(
  sandbox: Pick<SandboxHost, 'start' | 'mfaCode'>,
): Pick<Handlers, 'sandbox.start' | 'sandbox.mfaCode'> {
  return {
    'sandbox.start': () => sandbox.start(),
    'sandbox.mfaCode': async ({ login }) => sandbox.mfaCode(login),
  };
}
