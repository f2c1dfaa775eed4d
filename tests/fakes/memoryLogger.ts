import type { Logger } from '../../main/log/logger';

/** Keeps log lines so tests can assert what was (and was not) logged. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`INFO ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`WARN ${message}`);
  }
  error(message: string): void {
    this.lines.push(`ERROR ${message}`);
  }
  text(): string {
    return this.lines.join('\n');
  }
}
