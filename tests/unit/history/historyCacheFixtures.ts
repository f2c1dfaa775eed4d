/** Sessions and folders for the history cache tests. */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CachedSession } from '../../../main/history/historyCache';

const made: string[] = [];

export function tempFolder(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pam-history-${label}-`));
  made.push(dir);
  return path.join(dir, 'cache');
}

/** Removes every folder `tempFolder` made. */
export function removeTempFolders(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const testKey = () => randomBytes(32);

export function session(month: string, overrides: Partial<CachedSession> = {}): CachedSession {
  const start = `${month}-15T10:00:00.000Z`;
  return {
    id: randomUUID(),
    userDisplayName: 'Alice Auditor',
    managedResourceName: 'lnx-web-01',
    activityName: 'Linux admin SSH',
    loginAccountName: 'root',
    note: 'change ticket review',
    startDateTimeUtc: start,
    actualStartDateTimeUtc: start,
    actualEndDateTimeUtc: `${month}-15T11:00:00.000Z`,
    status: 'Completed',
    ...overrides,
  };
}

export function partitionFile(folder: string, month: string): string {
  return path.join(folder, `sessions-${month}.pamh`);
}
