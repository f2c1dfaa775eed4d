/**
 * One terminal over the server's SSH proxy, with ssh2's Client.
 *
 * Order of trust: the proxy's host key is checked against the pin first (or shown to the user on first
 * use); only once it is accepted does authentication start, so a changed key is refused before any
 * credential leaves this process. Then `password` with the NPS password (asked for only at that point),
 * then keyboard-interactive for the MFA code.
 *
 * `openSshTerminal` resolves when the shell is open and rejects with `SshLaunchError` (a sentence for the
 * user) otherwise; after it resolves, `onClose` is called exactly once with the reason the connection ended.
 */
import { createHash } from 'node:crypto';
import ssh2, { type ClientChannel } from 'ssh2';
import type { SshTarget } from './sshUrl';

export interface SshPrompt {
  prompt: string;
  echo: boolean;
}

export interface SshLoginHooks {
  /** The fingerprint this proxy must present, or null on first use. */
  pinnedHostKey: string | null;
  /** First use: show the fingerprint; true trusts (and pins) it. */
  confirmHostKey(fingerprint: string): Promise<boolean>;
  /** The user's NPS password; null when the user cancelled. */
  password(): Promise<string | null>;
  /** Answers to keyboard-interactive prompts (the MFA code); null when the user cancelled. */
  answer(prompts: SshPrompt[], instructions: string): Promise<string[] | null>;
}

export interface SshTerminalEvents {
  onData(chunk: Buffer): void;
  onClose(reason: string): void;
}

export interface SshTerminal {
  readonly hostKeyFingerprint: string;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  close(): void;
}

export class SshLaunchError extends Error {
  constructor(
    message: string,
    readonly reason: 'host_key_changed' | 'host_key_declined' | 'auth_failed' | 'cancelled' | 'unreachable' | 'failed',
  ) {
    super(message);
    this.name = 'SshLaunchError';
  }
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** `SHA256:` and unpadded base64, as OpenSSH prints it. */
export function sshFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

const NOTICE = /\*\*\* ([^\r\n*]{1,400}) \*\*\*/g;

export function openSshTerminal(
  target: SshTarget,
  hooks: SshLoginHooks,
  size: TerminalSize,
  events: SshTerminalEvents,
  options: { readyTimeoutMs?: number } = {},
): Promise<SshTerminal> {
  const where = `${target.host}:${target.port}`;
  const client = new ssh2.Client();
  const banners: string[] = [];
  let fingerprint = '';
  let refusal: SshLaunchError | null = null;
  let opened = false;
  let closed = false;
  let tail = '';
  let exitStatus: number | null = null;

  return new Promise<SshTerminal>((resolve, reject) => {
    const fail = (error: SshLaunchError) => {
      refusal ??= error;
      client.end();
    };

    client.on('banner', (message) => banners.push(message.trim()));

    client.on('ready', () => {
      client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (error, channel) => {
        if (error) {
          fail(new SshLaunchError(`The SSH proxy at ${where} did not open a shell: ${error.message}`, 'failed'));
          return;
        }
        opened = true;
        attach(channel);
        resolve(terminalOf(channel));
      });
    });

    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (opened) return;
      if (refusal) return;
      if (error.level === 'client-authentication') {
        const why = banners.filter(Boolean).join(' ');
        refusal = new SshLaunchError(
          why || 'The SSH proxy did not accept your password or verification code.',
          'auth_failed',
        );
      } else if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'EHOSTUNREACH') {
        refusal = new SshLaunchError(`The SSH proxy at ${where} is not reachable (${error.code}).`, 'unreachable');
      } else if (/timed out/i.test(error.message)) {
        refusal = new SshLaunchError(`The SSH proxy at ${where} did not answer in time.`, 'unreachable');
      } else {
        refusal = new SshLaunchError(`The SSH connection to ${where} failed: ${error.message}`, 'failed');
      }
    });

    client.on('close', () => {
      if (!opened) {
        reject(refusal ?? new SshLaunchError(`The SSH proxy at ${where} closed the connection.`, 'failed'));
        return;
      }
      finish();
    });

    let authStep = 0;
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        fingerprint = sshFingerprint(key);
        if (hooks.pinnedHostKey !== null) {
          if (fingerprint === hooks.pinnedHostKey) return verify(true);
          refusal = new SshLaunchError(
            `The SSH proxy at ${where} presented host key ${fingerprint}, but ${hooks.pinnedHostKey} is pinned for ` +
              'this server. PAM Desk refused it and sent nothing: someone may be intercepting the connection. ' +
              'If the key was really changed, an administrator can confirm the new fingerprint.',
            'host_key_changed',
          );
          return verify(false);
        }
        hooks.confirmHostKey(fingerprint).then(
          (trusted) => {
            if (!trusted) {
              refusal = new SshLaunchError(
                `You did not trust the host key ${fingerprint} of the SSH proxy at ${where}; nothing was sent.`,
                'host_key_declined',
              );
            }
            verify(trusted);
          },
          () => verify(false),
        );
      },
      // Called only after the host key was accepted: the password is asked for (or read) no earlier.
      authHandler: (_methodsLeft, _partial, next) => {
        authStep += 1;
        if (authStep === 1) {
          hooks.password().then(
            (password) => {
              if (password === null) {
                fail(new SshLaunchError('The SSH connection was cancelled.', 'cancelled'));
                next(false as never);
                return;
              }
              next({ type: 'password', username: target.username, password });
            },
            () => next(false as never),
          );
          return;
        }
        if (authStep === 2) {
          next({
            type: 'keyboard-interactive',
            username: target.username,
            prompt: (_name, instructions, _lang, prompts, finish) => {
              if (prompts.length === 0) return finish([]);
              hooks
                .answer(
                  prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })),
                  instructions,
                )
                .then(
                  (answers) => {
                    if (answers === null) {
                      fail(new SshLaunchError('The SSH connection was cancelled.', 'cancelled'));
                      return;
                    }
                    finish(answers);
                  },
                  () => fail(new SshLaunchError('The SSH connection was cancelled.', 'cancelled')),
                );
            },
          });
          return;
        }
        next(false as never);
      },
    });
  });

  function attach(channel: ClientChannel) {
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString('latin1')).slice(-2048);
      events.onData(chunk);
    };
    channel.on('data', onData);
    channel.stderr.on('data', onData);
    channel.on('exit', (code: number | null) => (exitStatus = code));
    channel.on('close', () => client.end());
  }

  function finish() {
    if (closed) return;
    closed = true;
    const notices = [...Buffer.from(tail, 'latin1').toString('utf8').matchAll(NOTICE)].map((m) => m[1]);
    const notice = notices.at(-1);
    const reason = notice
      ? notice
      : exitStatus !== null
        ? `The shell exited (status ${exitStatus}).`
        : 'The server closed the connection.';
    events.onClose(reason);
  }

  function terminalOf(channel: ClientChannel): SshTerminal {
    return {
      hostKeyFingerprint: fingerprint,
      write: (data) => void channel.write(data),
      resize: (cols, rows) => void channel.setWindow(rows, cols, 0, 0),
      pause: () => channel.pause(),
      resume: () => channel.resume(),
      close: () => {
        if (!closed) {
          closed = true;
          events.onClose('You closed the connection.');
        }
        client.end();
      },
    };
  }
}
