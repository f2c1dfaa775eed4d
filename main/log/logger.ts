/** What every service logs through: lines start with `[service]` and never hold a secret (see `redact.ts`). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
