/**
 * The sandbox's SSH proxy, as NPS has one: clients log in with the connection string the server hands
 * out (`user+activity+resource`), the user's own NPS password and then, keyboard-interactive, the current
 * MFA code. Wrong answers count against the same throttle as sign-in. A login is let through only for
 * the session's owner while the session is Available or Logged In and not locked (`proxyRules`); the
 * refusal's reason is sent as an authentication banner.
 *
 * Once in, the proxy connects onward with the session's login account and its current password,
 * verifying the target's host key, and relays shell and exec channels both ways, recording them
 * (`Recording`). The first onward login moves the session to Logged In; ending, expiry and a lock close
 * the connection at once (a lock first writes its message into the terminal).
 *
 * Over 300 lines: one connection's life (authentication, the rules, onward login, channel relay, closing on
 * end/lock) in order; rules, relay, recording and target login are already their own files.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { closeServer, listen } from '../net/listen';
import ssh2, {
  type AuthContext,
  type Client,
  type ClientChannel,
  type Connection,
  type PseudoTtyInfo,
  type Server,
  type ServerChannel,
} from 'ssh2';
import type { MfaReplayGuard } from '../auth/mfaReplay';
import type { Throttle } from '../auth/throttle';
import { matchTotpStep } from '../auth/totp';
import type { DirectoryUser } from '../directory/types';
import type { SessionEngine } from '../sessions/engine';
import { type ProxySessionRecord, type SessionRecord, isEnded } from '../sessions/model';
import { sendBanner } from './banner';
import type { BuiltInTargets } from './builtInTarget';
import { parseConnectionString } from './connectionString';
import { relayChannel } from './channelRelay';
import type { HostKey } from './hostKey';
import { chooseSession, closingReason, LiveConnections } from './proxyRules';
import { Recording } from './recording';
import type { RecordingStore } from './recordingStore';
import { loginToTarget } from './targetLogin';

export interface SshProxyDeps {
  engine: SessionEngine;
  throttle: Throttle;
  /** Sign-in's: a code is good once per user, whether answered at sign-in or at this proxy's prompt. */
  replay: MfaReplayGuard;
  hostKey: HostKey;
  targets: BuiltInTargets;
  recordings: RecordingStore;
  now: () => number;
  log: (line: string) => void;
}

/** As for sign-in: a caller's address may fail this many times more than one login. */
const ADDRESS_FACTOR = 4;
/** Time given to a closing notice to reach the client before the connection is cut. */
const NOTICE_FLUSH_MS = 150;

function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(a), hash(b));
}

/** What one client connection has proven so far. */
interface AuthState {
  /** The login name whose password was accepted (a client may change names between attempts). */
  passwordFor: string | null;
  user: DirectoryUser | null;
  rec: SessionRecord | null;
}

/** One authenticated client connection bound to a session. */
class ProxyConnection {
  readonly channels = new Set<ServerChannel>();
  target: Promise<Client> | null = null;
  closing = false;

  constructor(
    readonly client: Connection,
    readonly rec: SessionRecord,
    readonly recording: Recording,
  ) {}

  /** Shows `reason` in every open terminal, then closes the connection. */
  close(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    const notice = Buffer.from(`\r\n*** ${reason} ***\r\n`, 'utf8');
    for (const channel of this.channels) {
      this.recording.output(notice);
      channel.write(notice);
    }
    setTimeout(() => {
      for (const channel of this.channels) {
        channel.exit(255);
        channel.end();
      }
      this.client.end();
    }, NOTICE_FLUSH_MS).unref();
  }
}

export class SshProxy {
  readonly #server: Server;
  readonly #live = new LiveConnections<ProxyConnection>();
  readonly #clients = new Set<Connection>();
  readonly #unsubscribe: () => void;
  #port = 0;

  constructor(private readonly deps: SshProxyDeps) {
    this.#server = new ssh2.Server(
      { hostKeys: [deps.hostKey.privateKey], ident: 'PAMDeskSandboxProxy' },
      (client, info) => this.#serve(client, info.ip),
    );
    this.#server.on('error', (error: Error) => deps.log(`[ssh-proxy] ${error.message}`));
    this.#unsubscribe = deps.engine.onSessionChange((rec) => this.#sessionChanged(rec));
  }

  get port(): number {
    return this.#port;
  }

  get fingerprint(): string {
    return this.deps.hostKey.fingerprint;
  }

  async listen(host: string, port: number): Promise<number> {
    this.#port = await listen(this.#server, host, port);
    return this.#port;
  }

  async stop(): Promise<void> {
    this.#unsubscribe();
    for (const client of this.#clients) client.end();
    await closeServer(this.#server);
  }

  // ── Session changes ──────────────────────────────────────────────────────

  #sessionChanged(rec: SessionRecord): void {
    const closing = this.#live.closing(rec);
    if (!closing) return;
    for (const connection of closing.connections) connection.close(closing.reason);
  }

  // ── Authentication ───────────────────────────────────────────────────────

  #serve(client: Connection, address: string): void {
    this.#clients.add(client);
    const state: AuthState = { passwordFor: null, user: null, rec: null };
    client.on('error', (error: Error) => this.deps.log(`[ssh-proxy] client ${address}: ${error.message}`));
    client.on('authentication', (ctx) => this.#authenticate(client, ctx, state, address));
    client.on('ready', () => this.#ready(client, state, address));
    client.on('close', () => this.#clients.delete(client));
  }

  #throttled(client: Connection, keys: string[]): boolean {
    const wait = Math.max(...keys.map((key) => this.deps.throttle.retryAfterMs(key)));
    if (wait <= 0) return false;
    sendBanner(client, `Too many failed attempts. Try again in ${Math.ceil(wait / 1000)} seconds.`);
    return true;
  }

  #fail(loginKey: string, addressKey: string): void {
    this.deps.throttle.recordFailure(loginKey);
    this.deps.throttle.recordFailure(addressKey, ADDRESS_FACTOR);
  }

  #authenticate(client: Connection, ctx: AuthContext, state: AuthState, address: string): void {
    if (state.passwordFor !== ctx.username) {
      state.passwordFor = null;
      state.user = null;
    }
    const named = parseConnectionString(ctx.username);
    const login = (named?.user ?? ctx.username).toLowerCase();
    const addressKey = `address:${address}`;

    if (ctx.method === 'password') {
      const loginKey = `login:${login}`;
      if (this.#throttled(client, [loginKey, addressKey])) return ctx.reject(['password']);
      const user = this.deps.engine.usersByLogin.get(login);
      if (!named || !user || !sameSecret(user.password, ctx.password)) {
        this.#fail(loginKey, addressKey);
        if (!named)
          sendBanner(
            client,
            'The login name must be the connection string PAM Desk shows for the session: user+activity+resource.',
          );
        return ctx.reject(['password']);
      }
      state.passwordFor = ctx.username;
      state.user = user;
      return ctx.reject(['keyboard-interactive'], true);
    }

    if (ctx.method === 'keyboard-interactive' && state.user && named) {
      const user = state.user;
      const mfaKey = `mfa:${user.login.toLowerCase()}`;
      if (this.#throttled(client, [mfaKey, addressKey])) return ctx.reject(['keyboard-interactive'], true);
      ctx.prompt(
        [{ prompt: 'Verification code: ', echo: false }],
        'PAM Desk sandbox',
        `Enter the current 6-digit code from the authenticator app of ${user.login}.`,
        (answers) => {
          const code = (answers[0] ?? '').trim();
          const step = matchTotpStep(user.totpSecret, code, this.deps.now());
          if (step === null) {
            this.#fail(mfaKey, addressKey);
            return ctx.reject(['keyboard-interactive'], true);
          }
          // A replayed code is not a guess (it was right once): refused, said why, not counted as a failure.
          if (!this.deps.replay.isFresh(user.id, step)) {
            sendBanner(client, 'This code was already used. Wait for the next code from your authenticator app.');
            this.deps.log(`[ssh-proxy] ${user.login} answered a code that was already used`);
            return ctx.reject(['keyboard-interactive'], true);
          }
          this.deps.replay.acceptStep(user.id, step);
          this.deps.throttle.recordSuccess(mfaKey);
          this.deps.throttle.recordSuccess(`login:${user.login.toLowerCase()}`);
          const choice = chooseSession(user, named, this.deps.engine);
          if (!choice.ok) {
            sendBanner(client, `Access refused: ${choice.reason}`);
            this.deps.log(`[ssh-proxy] ${user.login} refused: ${choice.reason}`);
            // Administrators see refused attempts in the session's log (not for ended sessions: their log is closed).
            if (choice.rec && !isEnded(choice.rec.state))
              this.deps.engine.appendLog(
                choice.rec,
                `SSH login through the proxy from ${address} refused: ${choice.reason}`,
                {
                  error: true,
                  status: false,
                },
              );
            ctx.reject([]);
            setTimeout(() => client.end(), NOTICE_FLUSH_MS).unref();
            return;
          }
          state.rec = choice.rec;
          ctx.accept();
        },
      );
      return;
    }
    ctx.reject(state.user ? ['keyboard-interactive'] : ['password'], state.user !== null);
  }

  // ── After login ──────────────────────────────────────────────────────────

  #ready(client: Connection, state: AuthState, address: string): void {
    const rec = state.rec!;
    const { engine } = this.deps;
    // The session may have changed between the check and now.
    const reason = closingReason(rec);
    if (reason) {
      client.end();
      return;
    }
    const meta: ProxySessionRecord = {
      id: randomUUID(),
      type: 'ssh',
      start: this.deps.now(),
      end: null,
      size: 0,
      from: address,
      commands: [],
    };
    (rec.proxySessions ??= []).push(meta);
    const recording = new Recording(meta, this.deps.now, (line) =>
      engine.appendLog(rec, `Command: ${line}`, { status: false }),
    );
    this.deps.recordings.add(recording);
    const connection = new ProxyConnection(client, rec, recording);
    const forget = this.#live.add(rec.id, connection);
    engine.appendLog(rec, `SSH connection ${meta.id} opened through the proxy from ${address}`);

    client.on('close', () => {
      forget();
      recording.close();
      void connection.target?.then(
        (target) => target.end(),
        () => undefined,
      );
      engine.appendLog(rec, `SSH connection ${meta.id} closed`, { status: false });
    });

    client.on('session', (acceptSession) => {
      const session = acceptSession();
      let pty: PseudoTtyInfo | null = null;
      let onward: ClientChannel | null = null;
      session.on('pty', (accept, _reject, info) => {
        pty = info;
        recording.started({ term: info.term, cols: info.cols, rows: info.rows });
        accept?.();
      });
      session.on('window-change', (accept, _reject, info) => {
        onward?.setWindow(info.rows, info.cols, info.height, info.width);
        recording.resized(info.cols, info.rows);
        accept?.();
      });
      session.on('env', (accept) => accept?.());
      session.on('shell', (accept) => {
        const channel = accept();
        void this.#relay(connection, channel, null, pty).then((stream) => (onward = stream));
      });
      session.on('exec', (accept, _reject, info) => {
        const channel = accept();
        recording.executed(info.command);
        void this.#relay(connection, channel, info.command, pty).then((stream) => (onward = stream));
      });
    });
  }

  /** Opens the onward channel for a shell (`command` null) or an exec and relays it both ways. */
  async #relay(
    connection: ProxyConnection,
    channel: ServerChannel,
    command: string | null,
    pty: PseudoTtyInfo | null,
  ): Promise<ClientChannel | null> {
    connection.channels.add(channel);
    channel.on('close', () => connection.channels.delete(channel));
    let target: Client;
    try {
      connection.target ??= loginToTarget(this.deps.engine, this.deps.targets, connection.rec);
      target = await connection.target;
    } catch (error) {
      const message = `${(error as Error).message}\r\n`;
      connection.recording.output(Buffer.from(message));
      channel.stderr.write(message);
      channel.exit(1);
      channel.end();
      return null;
    }
    if (connection.closing) return null;
    const window = pty
      ? { term: pty.term, cols: pty.cols, rows: pty.rows, width: pty.width, height: pty.height }
      : false;
    const stream = await new Promise<ClientChannel | Error>((resolve) => {
      const done = (error: Error | undefined, s: ClientChannel) => resolve(error ?? s);
      if (command === null) target.shell(window, done);
      else target.exec(command, window ? { pty: window } : {}, done);
    });
    if (stream instanceof Error) {
      channel.stderr.write(`The target refused the ${command === null ? 'shell' : 'command'}: ${stream.message}\r\n`);
      channel.exit(1);
      channel.end();
      return null;
    }
    relayChannel(channel, stream, connection.recording);
    return stream;
  }
}
