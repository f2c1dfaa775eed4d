/** Helpers for the SSH proxy tests: log in through the proxy with ssh2's Client and drive a terminal. */
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import type { SandboxHandle } from '../../../../sandbox/index';
import { createSession, DEMO, signIn, userId, waitFor, waitForStatus } from '../helpers';

export interface ProxyLogin {
  username: string;
  password: string;
  /** The answer to the code prompt; a function is asked at the moment of the prompt. */
  code: string | (() => string);
  port: number;
  fingerprint?: string;
  /**
   * Awaited at the code prompt before a `code` function is asked (until the sandbox has an MFA code that was
   * not used yet); logins refused before the prompt, or answered with a fixed code, do not wait.
   */
  ready?: () => Promise<unknown>;
}

export interface ProxyAttempt {
  client: Client | null;
  error: Error | null;
  banners: string[];
  prompts: string[];
}

/** Logs in through the proxy; resolves with the connected client, or with the error and any banners. */
export function loginThroughProxy(login: ProxyLogin): Promise<ProxyAttempt> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    const banners: string[] = [];
    const prompts: string[] = [];
    let settled = false;
    const settle = (attempt: ProxyAttempt) => {
      if (settled) return;
      settled = true;
      resolve(attempt);
    };
    client.on('banner', (message) => banners.push(message));
    client.on('keyboard-interactive', (_name, _instructions, _lang, asked, finish) => {
      prompts.push(...asked.map((p) => p.prompt));
      const { code, ready } = login;
      if (typeof code !== 'function') return finish(asked.map(() => code));
      void Promise.resolve(ready?.()).then(
        () => finish(asked.map(() => code())),
        () => finish(asked.map(() => code())),
      );
    });
    client.on('ready', () => settle({ client, error: null, banners, prompts }));
    client.on('error', (error) => {
      client.end();
      // Banners sent just before the refusal may still be in flight: give them a moment.
      setTimeout(() => settle({ client: null, error, banners, prompts }), 50);
    });
    client.on('close', () =>
      setTimeout(() => settle({ client: null, error: new Error('closed'), banners, prompts }), 50),
    );
    client.connect({
      host: '127.0.0.1',
      port: login.port,
      username: login.username,
      password: login.password,
      tryKeyboard: true,
      // Includes waiting at the code prompt for an unused code (up to one 30-second step).
      readyTimeout: 45_000,
      ...(login.fingerprint
        ? {
            hostHash: 'sha256',
            hostVerifier: (hash: string) =>
              `SHA256:${Buffer.from(hash, 'hex').toString('base64').replace(/=+$/, '')}` === login.fingerprint,
          }
        : {}),
    });
  });
}

/** A terminal on a connected client: everything received so far, and a way to wait for text in it. */
export class Terminal {
  output = '';
  closed = false;
  exitCode: number | null = null;

  constructor(
    readonly channel: ClientChannel,
    /** The connection the terminal runs on. */
    readonly client: Client,
  ) {
    channel.on('data', (data: Buffer) => (this.output += data.toString('utf8')));
    channel.stderr.on('data', (data: Buffer) => (this.output += data.toString('utf8')));
    channel.on('exit', (code: number | null) => (this.exitCode = code));
    channel.on('close', () => (this.closed = true));
  }

  static open(client: Client, cols = 100, rows = 30): Promise<Terminal> {
    return new Promise((resolve, reject) => {
      client.shell({ term: 'xterm-256color', cols, rows }, (error, channel) =>
        error ? reject(error) : resolve(new Terminal(channel, client)),
      );
    });
  }

  static exec(client: Client, command: string): Promise<Terminal> {
    return new Promise((resolve, reject) => {
      client.exec(command, (error, channel) => (error ? reject(error) : resolve(new Terminal(channel, client))));
    });
  }

  type(text: string): void {
    this.channel.write(text);
  }

  async waitFor(pattern: RegExp | string, what = String(pattern), timeoutMs = 10_000): Promise<string> {
    try {
      return await waitFor(
        async () => {
          const found = typeof pattern === 'string' ? this.output.includes(pattern) : pattern.test(this.output);
          return found ? this.output : undefined;
        },
        `${what} in the terminal`,
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; it shows: ${JSON.stringify(this.output.slice(-600))}`);
    }
  }

  waitForClose(timeoutMs = 10_000): Promise<true> {
    return waitFor(async () => this.closed, 'the terminal to close', timeoutMs);
  }
}

export const ROOT_SHELL = 'Linux Root Shell (SSH)';

/** Creates an SSH session for `login` and waits until it is Available; returns its id and the user's token. */
export async function availableSshSession(
  sandbox: SandboxHandle,
  login: string,
  resourceId = DEMO.lnxWeb,
  activityId = DEMO.sshRootActivity,
): Promise<{ id: string; token: string }> {
  const token = await signIn(sandbox, login);
  const id = await createSession(sandbox, token, {
    managedAccountId: userId(sandbox, login),
    activityId,
    managedResourceId: resourceId,
  });
  await waitForStatus(sandbox, token, id, 'ActiveNoLogon', 10_000);
  return { id, token };
}

export function passwordOf(sandbox: SandboxHandle, login: string): string {
  return sandbox.users.find((u) => u.login === login)!.password;
}

/**
 * A login of `login` through the proxy for the demo root shell on lnx-web-01, with the right answers. A code
 * is good once (sign-in and proxy alike), so a third login within one 30-second step waits for the next.
 */
export function goodLogin(sandbox: SandboxHandle, login = 'alice', resource = 'lnx-web-01'): ProxyLogin {
  return {
    username: `${login}+${ROOT_SHELL}+${resource}`,
    password: passwordOf(sandbox, login),
    code: () => sandbox.totp(login),
    port: sandbox.sshProxy.port,
    ready: () => waitForFreshCode(sandbox, login),
  };
}

/** Until the sandbox has an MFA code for `login` that was not used yet (at most one 30-second step). */
export function waitForFreshCode(sandbox: SandboxHandle, login: string): Promise<true> {
  return waitFor(async () => sandbox.freshCode(login), `an unused MFA code for ${login}`, 35_000);
}
