import type { ErrorCode } from '../../contract';

/** The typed error services throw; the router turns it into `{ok:false, error:{code, message}}`. */
export class PamError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PamError';
  }
}

export function isPamError(error: unknown): error is PamError {
  return error instanceof PamError;
}
