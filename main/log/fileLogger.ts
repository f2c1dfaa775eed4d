import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';
import { redact } from './redact';

export interface FileLoggerOptions {
  /** Folder that receives `pam-desk.log`; created 0700 if missing. */
  dir: string;
  /** Also echo each line to stderr (on in development and tests that want to see it). */
  echo?: boolean;
  fileName?: string;
}

export interface ClosableLogger extends Logger {
  readonly file: string;
  close(): void;
}

/**
 * Appends `<time> <LEVEL> [service] message` lines. Every message goes through `redact` first, and lines
 * that do not name their service get `[app]`, so a grep by service always works.
 * Writes are synchronous: a log line must survive a crash that follows it, and lines are few.
 */
export function createFileLogger(options: FileLoggerOptions): ClosableLogger {
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, options.fileName ?? 'pam-desk.log');
  let fd: number | null = fs.openSync(file, 'a', 0o600);

  const write = (level: string, message: string): void => {
    const clean = redact(message).replace(/[\r\n]+/g, ' ⏎ ');
    const tagged = clean.startsWith('[') ? clean : `[app] ${clean}`;
    const line = `${new Date().toISOString()} ${level} ${tagged}\n`;
    if (fd !== null) {
      try {
        fs.writeSync(fd, line);
      } catch {
        // A full disk must not take the app down; stderr still gets the line.
      }
    }
    if (options.echo) process.stderr.write(line);
  };

  return {
    file,
    info: (message) => write('INFO ', message),
    warn: (message) => write('WARN ', message),
    error: (message) => write('ERROR', message),
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
