/**
 * The app's end of the askpass helper: a one-time local socket for one launch of `ssh` in the user's terminal.
 *
 * Contract: `open` listens on a socket with a random name inside a private (0700) folder and resolves with
 * its path and a random ticket. Each request is one JSON line `{ticket, prompt}`; the reply is one JSON line
 * `{ok:true, answer}` or `{ok:false, message}`, and the connection ends. The password prompt (OpenSSH's
 * `…'s password:`) is answered once, the verification-code prompt (keyboard-interactive) once; a second ask
 * of the same kind (a replay, or a process that lost the race), a wrong ticket, and any other prompt (host
 * key questions, key passphrases) are refused. After both answers, after `ttlMs` (60 s) or after three wrong
 * tickets the socket closes and its file is removed; `closed` resolves then, with the reason.
 * The answers are held only in this closure and dropped when the socket closes.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export type AskpassKind = 'password' | 'code';

export interface AskpassAnswers {
  password(): Promise<string | null>;
  /** The MFA code; asked only when the proxy asks for it. */
  code(): Promise<string | null>;
}

export interface AskpassEndpoint {
  socketPath: string;
  ticket: string;
  /** Kinds answered so far (tests, audit). */
  answered(): AskpassKind[];
  /** Refused requests so far, with the reason (never a secret). */
  refusals(): string[];
  closed: Promise<string>;
  close(reason?: string): Promise<void>;
}

const MAX_REQUEST = 4096;
const MAX_WRONG_TICKETS = 3;

export function classifyPrompt(prompt: string): AskpassKind | null {
  const text = prompt.trim();
  if (/yes\/no|fingerprint|passphrase|continue connecting/i.test(text)) return null;
  if (/'s password:$/i.test(text) || /^password:$/i.test(text)) return 'password';
  if (/(verification|one[- ]time|mfa|otp|authenticator|token)\s*code:?$/i.test(text) || /^code:$/i.test(text))
    return 'code';
  return null;
}

const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export async function openAskpassEndpoint(
  dir: string,
  answers: AskpassAnswers,
  options: { ttlMs?: number; log?: (line: string) => void } = {},
): Promise<AskpassEndpoint> {
  const ttlMs = options.ttlMs ?? 60_000;
  const ticket = randomBytes(32).toString('base64url');
  const socketPath = path.join(dir, `a-${randomBytes(8).toString('hex')}.sock`);
  const answered = new Set<AskpassKind>();
  const refusals: string[] = [];
  let wrongTickets = 0;
  let finished = false;
  let resolveClosed!: (reason: string) => void;
  const closed = new Promise<string>((resolve) => (resolveClosed = resolve));

  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST) return reply(socket, null, 'The request is too long.');
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      socket.pause();
      void handle(buffer.slice(0, end)).then(
        ([answer, message]) => reply(socket, answer, message),
        () => reply(socket, null, 'PAM Desk could not answer.'),
      );
    });
  });

  function reply(socket: net.Socket, answer: string | null, message: string) {
    if (socket.destroyed) return;
    socket.end(`${JSON.stringify(answer === null ? { ok: false, message } : { ok: true, answer })}\n`);
    if (answered.size === 2) void close('Both answers were given.');
  }

  function refuse(reason: string): [null, string] {
    refusals.push(reason);
    options.log?.(`[external] askpass request refused: ${reason}`);
    return [null, reason];
  }

  async function handle(line: string): Promise<[string | null, string]> {
    if (finished) return refuse('This sign-in is over.');
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      return refuse('The request could not be read.');
    }
    const { ticket: given, prompt } = (request ?? {}) as { ticket?: unknown; prompt?: unknown };
    if (typeof given !== 'string' || !timingSafeEqual(hash(given), hash(ticket))) {
      wrongTickets += 1;
      if (wrongTickets >= MAX_WRONG_TICKETS) void close('Too many wrong tickets.');
      return refuse('The ticket is wrong.');
    }
    if (typeof prompt !== 'string') return refuse('The request names no prompt.');
    const kind = classifyPrompt(prompt);
    if (!kind) return refuse('PAM Desk answers only the password and the verification code.');
    if (answered.has(kind)) return refuse(`The ${kind === 'password' ? 'password' : 'code'} was given already.`);
    answered.add(kind);
    const value = await (kind === 'password' ? answers.password() : answers.code());
    if (value === null) return refuse(`No ${kind === 'password' ? 'password' : 'code'} was given.`);
    return [value, ''];
  }

  async function close(reason = 'Closed.') {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(socketPath, { force: true });
    resolveClosed(reason);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const timer = setTimeout(() => void close('The 60 s to sign in passed.'), ttlMs);
  timer.unref();

  return {
    socketPath,
    ticket,
    answered: () => [...answered],
    refusals: () => [...refusals],
    closed,
    close,
  };
}
