/**
 * The canary: the whole credentials story (remember me, copy, view, token expiry and re-sign-in, sign-out)
 * against the sandbox through the bridge and Chromium, with the real OS keychain (keytar → gnome-keyring in
 * a private D-Bus session) — then not one byte of a password, token or MFA code may be found in the app's
 * data folder, its log, or anything created in the temp folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const root = resolve(__dirname, '../..');
const story = join(root, 'tests/e2e/canary/canaryStory.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const home = mkdtempSync(join(tmpdir(), 'pam-canary-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface CanaryReport {
  error?: string;
  steps: string[];
  keychain: { backend: string; degraded: boolean };
  clipboardAfterSignOut: string;
  rememberedAfterSignOut: { token: boolean; password: boolean } | null;
  needles: { passwords: number; tokens: number; codes: number };
  scanned: { files: number; bytes: number };
  hits: Array<{ label: string; form: string; file: string }>;
}

function runStory(): Promise<CanaryReport> {
  const tmp = join(home, 'tmp');
  const script = `set -e
export HOME='${home}' XDG_DATA_HOME='${home}/data' XDG_RUNTIME_DIR='${home}/run' TMPDIR='${tmp}'
mkdir -p "$XDG_RUNTIME_DIR" "$TMPDIR"
echo -n 'canary-keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
exec '${tsx}' '${story}' '${inject('rendererDir')}'
`;
  const file = join(home, 'canary.sh');
  writeFileSync(file, script, { mode: 0o700 });
  return new Promise((resolvePromise, reject) => {
    const child = spawn('dbus-run-session', ['--', 'bash', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolvePromise(JSON.parse(line) as CanaryReport);
      } catch {
        reject(new Error(`canary exited ${code}; stdout: ${out.slice(-800)}; stderr: ${err.slice(-2000)}`));
      }
    });
  });
}

describe('canary', () => {
  it(
    'leaves no password, token or MFA code in the data folder, the log or the temp folder',
    { timeout: 150_000 },
    async () => {
      const report = await runStory();
      expect(report.error).toBeUndefined();
      expect(report.steps).toEqual([
        'signed in with remember me',
        'copied username and password',
        'viewed the password',
        'signed in again with only the MFA code',
        'signed out',
      ]);
      // The real OS keychain held the remembered secrets, and sign-out deleted them.
      expect(report.keychain).toMatchObject({ backend: 'keytar', degraded: false });
      expect(report.rememberedAfterSignOut).toEqual({ token: false, password: false });
      expect(report.clipboardAfterSignOut).toBe('');
      // The scan had something to find: two sign-ins' tokens, codes, the user's and the managed passwords.
      expect(report.needles.tokens).toBeGreaterThanOrEqual(4);
      expect(report.needles.codes).toBeGreaterThanOrEqual(1);
      expect(report.needles.passwords).toBeGreaterThanOrEqual(2);
      expect(report.scanned.files).toBeGreaterThan(10);
      expect(report.hits).toEqual([]);
    },
  );
});
