/**
 * Starts the sandbox in a child process, as a real PAM server runs apart from the app: a benchmark then
 * measures the app's core without the server's work (the SSH proxy, the built-in target reading its
 * terminals) waiting in the same event loop. The handle offers what the app and the benchmarks use; the
 * members that reach into the server's state (simulateLogin, checkCredential, …) say they are not available.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxHandle, SandboxOptions } from '../../../sandbox/index';

/** The options that can cross to the child: no functions (`log` comes back as messages). */
export type SandboxProcessOptions = Omit<SandboxOptions, 'log' | 'now' | 'onPasswordRotated' | 'proxy' | 'directory'>;

type Ready = Pick<SandboxHandle, 'url' | 'fingerprint' | 'caPem' | 'users' | 'sshProxy' | 'rdpProxy'>;
type Codes = Record<string, { code: string; fresh: boolean }>;
interface FromChild {
  ready?: Ready;
  codes?: Codes;
  log?: string;
}

export interface SandboxProcess {
  handle: SandboxHandle;
  pid: number;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sandboxProcessChild.ts');

export async function startSandboxProcess(
  options: SandboxProcessOptions,
  log: (line: string) => void,
): Promise<SandboxProcess> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, PD_SANDBOX_PROCESS_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let codes: Codes = {};
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code}) before it was ready`)));
    child.on('message', (message: FromChild) => {
      if (message.log !== undefined) log(message.log);
      if (message.codes) codes = message.codes;
      if (message.ready) resolve(message.ready);
    });
  });
  const codeOf = (login: string) => {
    const entry = codes[login.toLowerCase()];
    if (!entry) throw new Error(`no sandbox user '${login}'`);
    return entry;
  };
  const unavailable = (name: string) => () => {
    throw new Error(`${name} is not available with the sandbox in a process of its own`);
  };
  const handle: SandboxHandle = {
    ...ready,
    totp: (login) => codeOf(login).code,
    freshCode: (login) => codeOf(login).fresh,
    sshTarget: unavailable('sshTarget'),
    simulateLogin: unavailable('simulateLogin'),
    checkCredential: unavailable('checkCredential'),
    openConnections: unavailable('openConnections'),
    async stop() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
  return { handle, pid: child.pid! };
}
