import { useCallback, useEffect, useState } from 'react';
import type { AuthState } from '../../contract';
import { usePam } from '../pam';

export interface AuthLoad {
  state: AuthState | null;
  error: unknown;
}

export interface AuthStateHandle extends AuthLoad {
  /** For answers that carry the new state (verifyMfa, signOut), in case the event comes later. */
  set(state: AuthState): void;
}

/** The sign-in state as main knows it; `auth.onChanged` drives every screen change. */
export function useAuthState(): AuthStateHandle {
  const pam = usePam();
  const [load, setLoad] = useState<AuthLoad>({ state: null, error: null });
  useEffect(() => {
    let cancelled = false;
    let gotEvent = false;
    const off = pam.auth.onChanged((state) => {
      gotEvent = true;
      if (!cancelled) setLoad({ state, error: null });
    });
    pam.auth.state().then(
      (state) => !cancelled && !gotEvent && setLoad({ state, error: null }),
      (error: unknown) => !cancelled && !gotEvent && setLoad({ state: null, error }),
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [pam]);
  const set = useCallback((state: AuthState) => setLoad({ state, error: null }), []);
  return { ...load, set };
}
