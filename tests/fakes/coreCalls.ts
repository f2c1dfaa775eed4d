import type { AuthState } from '../../contract';
import type { Core } from '../../main/core';

export type CoreCall = <T>(channel: string, payload?: unknown) => Promise<T>;

/** Calls a channel through the core's router as the preload would, throwing the error a failed result carries. */
export function coreCaller(core: () => Core): CoreCall {
  return async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await core().router.handle(channel, payload);
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.message}`), result.error);
    return result.value as T;
  };
}

/** Signs `login` in to the core's sandbox: password, then the sandbox's current MFA code. */
export async function signInToSandbox(call: CoreCall, login: string): Promise<AuthState> {
  const info = await call<{ url: string; users: Array<{ login: string; password: string }> }>('sandbox.start');
  const user = info.users.find((u) => u.login === login)!;
  await call('auth.signIn', { url: info.url, login, password: user.password });
  const { code } = await call<{ code: string }>('sandbox.mfaCode', { login });
  return call<AuthState>('auth.verifyMfa', { code });
}
