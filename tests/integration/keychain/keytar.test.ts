/**
 * keytar against a real gnome-keyring and libsecret. Every case builds its own situation instead of relying on
 * what the machine has: its own HOME and XDG folders (so the keyring files are the ones the case makes), its own
 * D-Bus session whose configuration lists exactly the services the case wants, and an environment without the
 * developer's bus or display (the bus daemon starts gnome-keyring with that environment, not the test's).
 *
 * Password prompts: gnome-keyring asks gcr's prompter over D-Bus. The real one (gcr-prompter) is a GTK window:
 * with no display it exits at once, which is the "prompt impossible" situation. For "prompt dismissed" a small
 * prompter (dismissingPrompter.py) owns the prompter's bus name and answers like a Cancel button; it is the only
 * stand-in here, because no real prompter can be clicked headless.
 */
import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const probe = join(root, 'tests/integration/keychain/keytarProbe.ts');
const prompter = join(root, 'tests/integration/keychain/dismissingPrompter.py');
const tsx = join(root, 'node_modules/.bin/tsx');
const home = mkdtempSync(join(tmpdir(), 'pam-keychain-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const PROFILE_ID = '5b0c1d52-8c5e-4a4e-9f1e-0d6d3c2b1a00';
const CASE_TIMEOUT_MS = 60_000;
/** Debian's own Python, where python3-dbus and python3-gi are installed (a pyenv shim may come first on PATH). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function executable(name: string): string {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${name} is not installed (see the apt packages in .ci/run)`);
}

/** The prompter gnome-keyring asks for passwords, as the gcr package registers it on the session bus. */
function systemPrompterExec(): string {
  const file = '/usr/share/dbus-1/services/org.gnome.keyring.SystemPrompter.service';
  const exec = existsSync(file) ? /^Exec=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim() : undefined;
  if (!exec) throw new Error('gcr (the keyring prompter) is not installed (see the apt packages in .ci/run)');
  return exec;
}

/**
 * Which services the case's session bus can start: the Secret Service (gnome-keyring, or one that fails to
 * start) and gcr's prompter; `bare` has none.
 */
type Bus = 'keyring' | 'bare' | 'broken-service' | 'no-bus' | 'stale-address';

function busConfig(caseHome: string, bus: Bus): string {
  const services = join(caseHome, 'services');
  const files: Record<string, string> = {};
  if (bus === 'keyring') {
    files['org.freedesktop.secrets'] =
      `${executable('gnome-keyring-daemon')} --start --foreground --components=secrets`;
    files['org.gnome.keyring.SystemPrompter'] = systemPrompterExec();
  }
  if (bus === 'broken-service') files['org.freedesktop.secrets'] = '/bin/false';
  rmSync(services, { recursive: true, force: true });
  for (const [name, exec] of Object.entries(files)) {
    mkdirSync(services, { recursive: true });
    writeFileSync(join(services, `${name}.service`), `[D-BUS Service]\nName=${name}\nExec=${exec}\n`);
  }
  const config = join(caseHome, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${caseHome}</listen><auth>EXTERNAL</auth>
${Object.keys(files).length > 0 ? `<servicedir>${services}</servicedir>` : ''}
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>`,
  );
  return config;
}

interface CaseResult {
  result: Record<string, unknown>;
  prompts: Array<{ type: string; title?: string; message?: string; description?: string }>;
  stderr: string;
}

/** Shell steps a case can take before the probe runs. */
const STEPS = {
  /** An unlocked login keyring (gnome-keyring creates it with this password when there is none). */
  unlockedKeyring: `echo -n 'ci-keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null`,
  /** One of our entries in it, then the keyring locked over the Secret Service API (no prompt needed to lock). */
  lockedKeyringWithEntry: `"$PROBE" seed >/dev/null
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \\
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null`,
  /** The stand-in prompter owns the prompter's name before anything asks for it, so gcr-prompter never starts. */
  dismissingPrompter: `'${PYTHON}' '${prompter}' "$HOME/prompts.jsonl" >"$HOME/prompter.out" &
for _ in $(seq 100); do grep -q ready "$HOME/prompter.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$HOME/prompter.out" || { echo 'the dismissing prompter did not start' >&2; exit 1; }`,
};

function run(scenario: string, bus: Bus, steps: string[] = []): Promise<CaseResult> {
  const caseHome = mkdtempSync(join(home, `${scenario}-`));
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'GNOME_KEYRING_CONTROL']) {
    delete environment[name];
  }
  Object.assign(environment, {
    HOME: caseHome,
    XDG_DATA_HOME: join(caseHome, 'data'),
    XDG_CONFIG_HOME: join(caseHome, 'config'),
    XDG_CACHE_HOME: join(caseHome, 'cache'),
    XDG_RUNTIME_DIR: join(caseHome, 'run'),
    PROBE: join(caseHome, 'probe.sh'),
    PROBE_PROFILE_ID: PROFILE_ID,
  });
  if (bus === 'stale-address') environment.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(caseHome, 'gone')}`;
  writeFileSync(join(caseHome, 'probe.sh'), `#!/bin/sh\nexec '${tsx}' '${probe}' "$@"\n`, { mode: 0o700 });
  const script = `set -e\nmkdir -p -m 700 "$XDG_RUNTIME_DIR"\n${steps.join('\n')}\nexec "$PROBE" '${scenario}'\n`;
  const scriptFile = join(caseHome, 'case.sh');
  writeFileSync(scriptFile, script, { mode: 0o700 });
  const [command, args] =
    bus === 'no-bus' || bus === 'stale-address'
      ? ['bash', [scriptFile]]
      : ['dbus-run-session', [`--config-file=${busConfig(caseHome, bus)}`, '--', 'bash', scriptFile]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CASE_TIMEOUT_MS - 5_000,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      const promptLog = join(caseHome, 'prompts.jsonl');
      const prompts = existsSync(promptLog)
        ? readFileSync(promptLog, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as CaseResult['prompts'][number])
        : [];
      try {
        resolvePromise({ result: JSON.parse(line) as Record<string, unknown>, prompts, stderr: err });
      } catch {
        reject(new Error(`case exited ${code ?? signal}; stdout: ${out.slice(-500)}; stderr: ${err.slice(-1500)}`));
      }
    });
  });
}

/** The bus daemon's log line when gcr-prompter could not start (it has no display to open). */
const PROMPTER_FAILED = /Activated service 'org\.gnome\.keyring\.SystemPrompter' failed/;

/** What a failing keychain must still do: keep the secret in memory for the run, say why, forget it on request. */
function expectMemoryFallback(result: Record<string, unknown>, reason: string, message: RegExp): void {
  expect(result.readBack).toBe('tok-memory');
  expect(result.status).toMatchObject({ backend: 'memory', degraded: true, reason });
  const said = (result.status as { message: string }).message;
  expect(said).toMatch(message);
  expect(said).toMatch(/memory for this run only/);
  expect(result.afterForget).toBeNull();
  expect(result.degraded).toHaveLength(1);
  expect(JSON.stringify(result.warnings)).not.toContain('tok-memory');
}

describe('KeytarKeychain against gnome-keyring', () => {
  it(
    'sets, gets, lists and deletes entries named <profile>:<login>:<kind> in an unlocked keyring',
    async () => {
      const { result } = await run('roundtrip', 'keyring', [STEPS.unlockedKeyring]);
      expect(result.before).toBeNull();
      expect(result.got).toEqual(['tok-2', 'pässword']);
      expect(result.listed).toEqual(['CORP\\alice:ops|password', 'CORP\\alice:ops|token']);
      expect(result.removed).toBe(2);
      expect(result.after).toEqual([null, null, 'tok-other']);
      expect(result.deletedMissing).toBe(false);
      expect(result.leftBehind).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  describe('no default keyring (a new HOME; creating one needs a password prompt)', () => {
    it(
      'is "no_keyring" when no prompt can be shown (gcr-prompter has no display)',
      async () => {
        const { result, stderr } = await run('failure', 'keyring');
        // The bus started gcr-prompter, which exited; gnome-keyring reported that to libsecret as a dismissal.
        expect(stderr).toMatch(PROMPTER_FAILED);
        expect(result.set).toMatchObject({
          reason: 'no_keyring',
          cause: 'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
        });
        expect(result.list).toMatchObject({ reason: 'no_keyring' });
        expectMemoryFallback(result, 'no_keyring', /no default keyring.*Passwords and Keys/);
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'is "no_keyring" when the user dismisses the prompt to create it',
      async () => {
        const { result, prompts } = await run('failure', 'keyring', [STEPS.dismissingPrompter]);
        expect(prompts[0]).toMatchObject({ type: 'password', message: 'Choose password for new keyring' });
        expect(result.set).toMatchObject({
          reason: 'no_keyring',
          cause: 'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
        });
        expectMemoryFallback(result, 'no_keyring', /no default keyring.*dismissed/);
      },
      CASE_TIMEOUT_MS,
    );
  });

  describe('a locked keyring that holds one of our entries', () => {
    it(
      'is "locked" when no unlock prompt can be shown, and listing fails instead of crashing',
      async () => {
        const { result, stderr } = await run('failure', 'keyring', [
          STEPS.unlockedKeyring,
          STEPS.lockedKeyringWithEntry,
        ]);
        expect(stderr).toMatch(PROMPTER_FAILED);
        expect(result.set).toMatchObject({ reason: 'locked', cause: 'Cannot create an item in a locked collection' });
        // keytar's own search would crash the process here (atom/node-keytar#477); ours refuses first.
        expect(result.list).toMatchObject({ reason: 'locked' });
        // libsecret reads nothing from a keyring that stays locked, without an error.
        expect(result.getSeeded).toEqual({ value: null });
        expectMemoryFallback(result, 'locked', /keyring is locked.*Unlock it in Passwords and Keys/);
      },
      CASE_TIMEOUT_MS,
    );

    it(
      'is "locked" when the user dismisses the unlock prompt',
      async () => {
        const { result, prompts } = await run('failure', 'keyring', [
          STEPS.unlockedKeyring,
          STEPS.lockedKeyringWithEntry,
          STEPS.dismissingPrompter,
        ]);
        expect(prompts.length).toBeGreaterThan(0);
        for (const prompt of prompts) expect(prompt).toMatchObject({ type: 'password', title: 'Unlock Login Keyring' });
        expect(result.set).toMatchObject({ reason: 'locked', cause: 'Cannot create an item in a locked collection' });
        expect(result.list).toMatchObject({ reason: 'locked' });
        expectMemoryFallback(result, 'locked', /keyring is locked.*dismissed/);
      },
      CASE_TIMEOUT_MS,
    );
  });

  it(
    'is "no_service" on a bus without any Secret Service',
    async () => {
      const { result } = await run('failure', 'bare');
      expect(result.set).toMatchObject({
        reason: 'no_service',
        cause: 'The name org.freedesktop.secrets was not provided by any .service files',
      });
      expectMemoryFallback(result, 'no_service', /No keyring service.*Install GNOME Keyring/);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'is "no_service" when the Secret Service fails to start',
    async () => {
      const { result } = await run('failure', 'broken-service');
      expect(result.set).toMatchObject({ reason: 'no_service' });
      expect((result.set as { cause: string }).cause).toMatch(/StartServiceByName for org\.freedesktop\.secrets/);
      expectMemoryFallback(result, 'no_service', /failed to start/);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'is "no_bus" without a session bus and without a display to start one for',
    async () => {
      const { result } = await run('failure', 'no-bus');
      expect(result.set).toMatchObject({ reason: 'no_bus', cause: 'Cannot autolaunch D-Bus without X11 $DISPLAY' });
      expectMemoryFallback(result, 'no_bus', /no D-Bus session.*desktop session/);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'is "no_bus" when DBUS_SESSION_BUS_ADDRESS names a bus that is gone',
    async () => {
      const { result } = await run('failure', 'stale-address');
      expect(result.set).toMatchObject({ reason: 'no_bus', cause: 'Could not connect: No such file or directory' });
      expectMemoryFallback(result, 'no_bus', /no D-Bus session/);
    },
    CASE_TIMEOUT_MS,
  );
});
