/**
 * The one file in the renderer that talks to `window.pam`.
 *
 * `PamClient` is derived from the contract's `PamApi`: the same namespaces and members, so
 * `pam.sessions.end({ ids })` is the channel `sessions.end` in every layer. Every action resolves
 * to its value or rejects with a `PamClientError` carrying the contract's stable error `code`, so
 * screens map codes to messages and never see the `Result` envelope. Subscriptions (`onX`) are
 * passed through as they are and return their unsubscribe function.
 */
import { createContext, useContext } from 'react';
import type { ErrorCode, PamApi, Result } from '../contract';

export class PamClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PamClientError';
  }
}

export function isPamClientError(error: unknown): error is PamClientError {
  return error instanceof PamClientError;
}

async function unwrap<T>(pending: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending();
  } catch (error) {
    // The transport itself broke (bridge socket closed, preload missing): not a server answer.
    throw new PamClientError('internal', error instanceof Error ? error.message : String(error));
  }
  if (result.ok) return result.value;
  throw new PamClientError(result.error.code, result.error.message);
}

/** An action `(input) => Promise<Result<T>>` becomes `(input) => Promise<T>`; a subscription stays as it is. */
type Unwrapped<F> = F extends (...args: infer A) => Promise<Result<infer T>> ? (...args: A) => Promise<T> : F;

export type PamClient = { readonly [N in keyof PamApi]: { readonly [M in keyof PamApi[N]]: Unwrapped<PamApi[N][M]> } };

type Member = (...args: unknown[]) => unknown;

/** `sessions.onDelta`: the contract's naming rule for event subscriptions (see `eventMemberName`). */
const isSubscription = (name: string): boolean => /^on[A-Z]/.test(name);

/**
 * One loop over `window.pam`'s namespaces and members: each action unwraps its `Result`, each
 * subscription is passed through. (The renderer imports the contract's types only, not its table.)
 */
export function createPamClient(api: PamApi): PamClient {
  const client: Record<string, Record<string, Member>> = {};
  for (const [namespace, members] of Object.entries(api as unknown as Record<string, Record<string, unknown>>)) {
    const wrapped: Record<string, Member> = {};
    for (const [name, fn] of Object.entries(members)) {
      if (typeof fn !== 'function') continue;
      // Looked up on each call, as `api.sessions.end(…)` would be (a test may replace a member).
      const call = (args: unknown[]) => Reflect.apply(members[name] as Member, members, args);
      wrapped[name] = isSubscription(name)
        ? (...args) => call(args)
        : (...args) => unwrap(() => call(args) as Promise<Result<unknown>>);
    }
    client[namespace] = wrapped;
  }
  return client as unknown as PamClient;
}

/** The page's `window.pam`, put there by the Electron preload or the bridge preload. */
export function pamFromWindow(): PamClient | null {
  const api = (window as unknown as { pam?: PamApi }).pam;
  return api ? createPamClient(api) : null;
}

export const PamContext = createContext<PamClient | null>(null);

export function usePam(): PamClient {
  const client = useContext(PamContext);
  if (!client) throw new Error('usePam() used outside <PamContext.Provider>');
  return client;
}
