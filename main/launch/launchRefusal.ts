import { PamError } from '../errors/pamError';

/**
 * Reads what the server sent for a launch (its SSH URL, its RDP file) with `parse`. When `parse` refuses it
 * (throws a `Refused`), `onRefused` logs and audits the reason, and the caller gets `launch_refused` with that
 * sentence; any other error passes through as it is.
 */
export function parseOrRefuse<T>(
  parse: () => T,
  Refused: abstract new (...args: never[]) => Error,
  onRefused: (reason: string) => void,
): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    onRefused(error.message);
    throw new PamError('launch_refused', error.message);
  }
}
