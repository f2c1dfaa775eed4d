/**
 * keytar against a real gnome-keyring: each case runs in its own D-Bus session and its own HOME, so the
 * keyring files live in a temp folder and nothing touches the developer's keychain.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const probe = join(root, 'tests/integration/keychain/keytarProbe.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const home = mkdtempSync(join(tmpdir(), 'pam-keychain-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A session bus that knows no services at all: no Secret Service can be activated. */
const BARE_BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${home}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>`;

function run(scenario: string, setup: string, busConfig?: string): Promise<Record<string, unknown>> {
  const caseHome = mkdtempSync(join(home, `${scenario}-`));
  const script = `set -e\nexport HOME='${caseHome}' XDG_DATA_HOME='${caseHome}/data' XDG_RUNTIME_DIR='${caseHome}/run'\nmkdir -p "$XDG_RUNTIME_DIR"\n${setup}\nexec '${tsx}' '${probe}' '${scenario}'\n`;
  const scriptFile = join(caseHome, 'case.sh');
  writeFileSync(scriptFile, script, { mode: 0o700 });
  const args = busConfig ? [`--config-file=${busConfig}`, '--', 'bash', scriptFile] : ['--', 'bash', scriptFile];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('dbus-run-session', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolvePromise(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`probe exited ${code}; stdout: ${out.slice(-500)}; stderr: ${err.slice(-1500)}`));
      }
    });
  });
}

describe('KeytarKeychain against gnome-keyring', () => {
  it('sets, gets, finds and deletes entries named <profile>:<login>:<kind> in an unlocked keyring', async () => {
    const result = await run(
      'roundtrip',
      `echo -n 'ci-keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null`,
    );
    expect(result.before).toBeNull();
    expect(result.got).toEqual(['tok-2', 'pässword']);
    expect(result.listed).toEqual(['CORP\\alice:ops|password', 'CORP\\alice:ops|token']);
    expect(result.removed).toBe(2);
    expect(result.after).toEqual([null, null, 'tok-other']);
    expect(result.deletedMissing).toBe(false);
  });

  it('reports a locked keyring as "locked" and keeps secrets in memory for the run', async () => {
    // The daemon is activated on demand, finds no unlocked collection, and no prompter can run headless.
    const result = await run('failure', '');
    expect(result.reason).toBe('locked');
    expect(result.readBack).toBe('tok-memory');
    expect(result.status).toMatchObject({ backend: 'memory', degraded: true, reason: 'locked' });
    expect(String((result.status as { message: string }).message)).toMatch(/locked.*memory for this run/i);
    expect(result.afterForget).toBeNull();
    expect(result.degraded).toHaveLength(1);
  });

  it('reports a bus without any Secret Service as "no_service" and still works from memory', async () => {
    const config = join(home, 'bare-bus.conf');
    writeFileSync(config, BARE_BUS_CONFIG);
    const result = await run('failure', '', config);
    expect(result.reason).toBe('no_service');
    expect(result.readBack).toBe('tok-memory');
    expect(result.status).toMatchObject({ backend: 'memory', degraded: true, reason: 'no_service' });
    expect(JSON.stringify(result.warnings)).not.toContain('tok-memory');
  });
});
