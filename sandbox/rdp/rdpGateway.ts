/**
 * The sandbox's RDP gateway, as NPS has one. Clients connect with the TLS security layer: the X.224
 * Connection Request must offer PROTOCOL_SSL (a client that insists on CredSSP/NLA, or on standard RDP
 * security, is answered with RDP_NEG_FAILURE SSL_REQUIRED_BY_SERVER). Its routing token (the .rdp file's
 * `loadbalanceinfo`) or cookie (`Cookie: mstshash=<user name>`, whole from FreeRDP) names the session's
 * connection string `user+activity+resource`, from which the gateway picks the resource's RDP target, connects
 * there with X.224 and TLS, and checks the target's certificate against the configured pin.
 *
 * Between the two TLS layers the gateway relays the MCS connection (connect, erect domain, attach user,
 * channel joins) unchanged, which keeps both ends' channel ids in step, until the client's Client Info
 * PDU: its user name must be the same connection string, its password the user's NPS password. The
 * rules are the SSH proxy's (`proxyRules`, the shared throttle). Allowed, the PDU goes on rewritten with
 * the session's login account and its current password; refused, the client gets a Set Error Info code
 * and a disconnect, and the reason goes to the session's log. After that both directions are relayed
 * frame by frame, so a notice can be put between two frames when the session ends or is locked.
 *
 * Over 300 lines: one connection's protocol state machine, read top to bottom (negotiation, TLS on both sides, MCS
 * relay, the Client Info check, relay); PDU parsing is in x224.ts and clientInfo.ts.
 */
import { X509Certificate, createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import net, { type Socket } from 'node:net';
import { closeServer, listen } from '../net/listen';
import tls, { type TLSSocket } from 'node:tls';
import { ADDRESS_FACTOR, type Throttle } from '../auth/throttle';
import type { RdpTarget, Resource } from '../directory/types';
import type { SessionEngine } from '../sessions/engine';
import { type SessionRecord, isEnded } from '../sessions/model';
import { type ConnectionString, parseConnectionString } from '../ssh/connectionString';
import { chooseSession, LiveConnections } from '../ssh/proxyRules';
import { ERRINFO, disconnectProviderUltimatum, readClientInfo, rewriteClientInfo, setErrorInfo } from './clientInfo';
import {
  FrameReader,
  PROTOCOL_SSL,
  SSL_CERT_NOT_ON_SERVER,
  SSL_REQUIRED_BY_SERVER,
  connectionConfirmTls,
  connectionFailure,
  connectionRequest,
  parseConnectionConfirm,
  parseConnectionRequest,
} from './x224';

export interface RdpGatewayDeps {
  engine: SessionEngine;
  throttle: Throttle;
  /** The sandbox's certificate, shown to RDP clients. */
  tls: { key: string; cert: string };
  log: (line: string) => void;
}

/** A client or target that stalls before the login is complete is dropped after this. */
const HANDSHAKE_TIMEOUT_MS = 15_000;
/** Time given to a closing notice to reach the client before the connection is cut. */
const NOTICE_FLUSH_MS = 200;
/** Largest frame accepted from either side (an RDP frame is at most 32 KiB; fast-path at most 32 KiB). */
const MAX_FRAME = 0x8000;

function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(a), hash(b));
}

function sameName(a: ConnectionString, b: ConnectionString): boolean {
  return (
    a.user.toLowerCase() === b.user.toLowerCase() &&
    a.activity.toLowerCase() === b.activity.toLowerCase() &&
    a.resource.toLowerCase() === b.resource.toLowerCase()
  );
}

function normalizedFingerprint(value: string): string {
  return value.toUpperCase();
}

/** Resolves with the first complete frame from `socket`; later bytes stay in `reader`. */
function firstFrame(socket: Socket, reader: FrameReader): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, frame?: Buffer) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (error) reject(error);
      else resolve(frame!);
    };
    const onData = (chunk: Buffer) => {
      try {
        const frames = reader.push(chunk);
        if (frames.length > 0) done(null, frames[0]);
      } catch (error) {
        done(error as Error);
      }
    };
    const onClose = () => done(new Error('the connection closed'));
    const onError = (error: Error) => done(error);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}

/** Writes `data` to `to`, pausing `from` until `to` drains, so a slow side cannot make the gateway buffer without limit. */
function forward(data: Buffer, to: TLSSocket, from: TLSSocket): void {
  if (!to.write(data)) {
    from.pause();
    to.once('drain', () => from.resume());
  }
}

/** One client connection, from its first byte to its close. */
class GatewayConnection {
  readonly id = randomUUID();
  client: TLSSocket | null = null;
  target: TLSSocket | null = null;
  rec: SessionRecord | null = null;
  closed = false;

  constructor(
    readonly raw: Socket,
    readonly address: string,
  ) {}

  /** Ends the connection; with a code, the client is told why first (Set Error Info, then a disconnect). */
  close(errorInfo: number | null): void {
    if (this.closed) return;
    this.closed = true;
    this.target?.destroy();
    const client = this.client;
    if (client && errorInfo !== null && client.writable) {
      client.write(Buffer.concat([setErrorInfo(errorInfo), disconnectProviderUltimatum()]));
      client.end();
      setTimeout(() => this.raw.destroy(), NOTICE_FLUSH_MS).unref();
    } else {
      client?.destroy();
      // A negotiation failure written with end() still has to reach the client.
      if (this.raw.writableEnded) setTimeout(() => this.raw.destroy(), NOTICE_FLUSH_MS).unref();
      else this.raw.destroy();
    }
  }
}

export class RdpGateway {
  readonly #server: net.Server;
  readonly #open = new Set<GatewayConnection>();
  readonly #live = new LiveConnections<GatewayConnection>();
  readonly #unsubscribe: () => void;
  readonly #fingerprint: string;
  #port = 0;

  constructor(private readonly deps: RdpGatewayDeps) {
    // No Nagle on either side: a relay of small PDUs (input, the tail of an update) must not wait for an
    // ACK that the peer delays (40 ms on Linux).
    this.#server = net.createServer({ noDelay: true }, (socket) => void this.#serve(socket));
    this.#server.on('error', (error: Error) => deps.log(`[rdp-gateway] ${error.message}`));
    this.#unsubscribe = deps.engine.onSessionChange((rec) => this.#sessionChanged(rec));
    this.#fingerprint = new X509Certificate(deps.tls.cert).fingerprint256;
  }

  get port(): number {
    return this.#port;
  }

  /** SHA-256 of the certificate RDP clients see, as `startSandbox` reports the HTTPS one. */
  get certificateFingerprint(): string {
    return this.#fingerprint;
  }

  async listen(host: string, port: number): Promise<number> {
    this.#port = await listen(this.#server, host, port);
    return this.#port;
  }

  async stop(): Promise<void> {
    this.#unsubscribe();
    for (const connection of this.#open) connection.close(null);
    await closeServer(this.#server);
  }

  #sessionChanged(rec: SessionRecord): void {
    const closing = this.#live.closing(rec);
    if (!closing) return;
    const { connections, reason } = closing;
    const code = rec.locked && !isEnded(rec.state) ? ERRINFO.rpcInitiatedDisconnect : ERRINFO.rpcInitiatedLogoff;
    for (const connection of connections) {
      // Closing first: the log line below is itself a change of the session.
      if (connection.closed) continue;
      connection.close(code);
      this.deps.engine.appendLog(rec, `RDP connection ${connection.id} closed by the gateway: ${reason}`, {
        status: false,
      });
    }
  }

  async #serve(raw: Socket): Promise<void> {
    const connection = new GatewayConnection(raw, raw.remoteAddress ?? 'unknown');
    this.#open.add(connection);
    raw.on('error', () => undefined);
    raw.once('close', () => this.#open.delete(connection));
    raw.setTimeout(HANDSHAKE_TIMEOUT_MS, () => {
      if (connection.rec === null) connection.close(null);
    });
    try {
      await this.#handshake(connection);
    } catch (error) {
      this.deps.log(`[rdp-gateway] ${connection.address}: ${(error as Error).message}`);
      connection.close(null);
    }
  }

  /** X.224 with the client and the target, then TLS on both sides, then the relay up to the Client Info PDU. */
  async #handshake(connection: GatewayConnection): Promise<void> {
    const { raw } = connection;
    const request = parseConnectionRequest(await firstFrame(raw, new FrameReader(false, MAX_FRAME)));
    if (!request) throw new Error('the first packet was no X.224 Connection Request');
    if (request.requestedProtocols === null || (request.requestedProtocols & PROTOCOL_SSL) === 0) {
      raw.end(connectionFailure(SSL_REQUIRED_BY_SERVER));
      throw new Error(
        `refused: the client asked for ${request.requestedProtocols === null ? 'standard RDP security' : 'CredSSP/NLA'} only; the gateway speaks TLS`,
      );
    }
    const refuseBeforeTls = (reason: string): Error => {
      raw.end(connectionFailure(SSL_CERT_NOT_ON_SERVER));
      return new Error(`refused: ${reason}`);
    };
    const named = request.cookie === null ? null : parseConnectionString(request.cookie);
    if (!named) throw refuseBeforeTls('the user name is not a connection string user+activity+resource');
    const resource = [...this.deps.engine.resources.values()].find(
      (r) => r.name.toLowerCase() === named.resource.toLowerCase(),
    );
    if (!resource?.rdpTarget) throw refuseBeforeTls(`${named.resource} has no reachable RDP server`);

    let target: { socket: TLSSocket; flags: number };
    try {
      target = await this.#openTarget(resource, resource.rdpTarget);
    } catch (error) {
      throw refuseBeforeTls((error as Error).message);
    }
    connection.target = target.socket;
    if (connection.closed) {
      target.socket.destroy();
      return;
    }
    raw.write(connectionConfirmTls(target.flags));
    const client = new tls.TLSSocket(raw, { isServer: true, key: this.deps.tls.key, cert: this.deps.tls.cert });
    connection.client = client;
    client.on('error', () => connection.close(null));
    client.on('close', () => connection.close(null));
    target.socket.on('error', () => connection.close(null));
    target.socket.on('close', () => connection.close(null));
    this.#relay(connection, named);
  }

  /** Connects to the target, negotiates TLS and checks its certificate before anything else is sent. */
  async #openTarget(resource: Resource, where: RdpTarget): Promise<{ socket: TLSSocket; flags: number }> {
    const name = `${resource.name} (${where.host}:${where.port})`;
    const raw = net.connect({ host: where.host, port: where.port, noDelay: true });
    raw.setTimeout(HANDSHAKE_TIMEOUT_MS, () => raw.destroy(new Error('timed out')));
    try {
      await new Promise<void>((resolve, reject) => {
        raw.once('connect', resolve);
        raw.once('error', reject);
      });
      raw.write(connectionRequest('pamdesk'));
      const answer = parseConnectionConfirm(await firstFrame(raw, new FrameReader(false, MAX_FRAME)));
      if (!answer.ok) throw new Error(answer.reason);
      // Pinned below instead of a chain check: RDP servers use self-signed certificates.
      const socket = tls.connect({ socket: raw, rejectUnauthorized: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      const seen = socket.getPeerCertificate().fingerprint256 ?? '';
      if (normalizedFingerprint(seen) !== normalizedFingerprint(where.certificateSha256)) {
        socket.destroy();
        throw new Error(`it showed a certificate other than the one configured for it (${seen})`);
      }
      raw.setTimeout(0);
      return { socket, flags: answer.flags };
    } catch (error) {
      raw.destroy();
      throw new Error(`could not connect to ${name}: ${(error as Error).message}`);
    }
  }

  #relay(connection: GatewayConnection, named: ConnectionString): void {
    const client = connection.client!;
    const target = connection.target!;
    const fromClient = new FrameReader(false, MAX_FRAME);
    let loggedIn = false;
    client.on('data', (chunk: Buffer) => {
      if (connection.closed) return;
      if (connection.rec !== null) {
        forward(chunk, target, client);
        return;
      }
      let frames: Buffer[];
      try {
        frames = fromClient.push(chunk);
      } catch {
        this.deps.log(`[rdp-gateway] ${connection.address}: garbage before the Client Info PDU`);
        return connection.close(null);
      }
      for (const frame of frames) {
        if (connection.rec !== null) {
          target.write(frame);
          continue;
        }
        const info = readClientInfo(frame);
        if (info === null) target.write(frame);
        else if (info === 'malformed') return connection.close(ERRINFO.serverDeniedConnection);
        else if (!this.#login(connection, named, info.userName, info.password, frame)) return;
      }
      if (connection.rec !== null && fromClient.rest().length > 0) target.write(fromClient.rest());
    });

    // Whole frames only, so that a closing notice never lands inside one.
    const fromTarget = new FrameReader(true, MAX_FRAME);
    target.on('data', (chunk: Buffer) => {
      if (connection.closed) return;
      let frames: Buffer[];
      try {
        frames = fromTarget.push(chunk);
      } catch {
        this.deps.log(`[rdp-gateway] ${connection.address}: the target sent bytes that are not RDP`);
        return connection.close(null);
      }
      if (frames.length === 0) return;
      const rec = connection.rec;
      // The first screen update (a fast-path frame) shows the account got in: some servers
      // (freerdp-shadow-cli) check the password only after activation and hang up if it is wrong.
      if (rec !== null && !loggedIn && frames.some((frame) => frame[0] !== 0x03)) {
        loggedIn = true;
        if (rec.state === 'active' && rec.loginAt === null) this.deps.engine.seeLogin(rec);
      }
      forward(frames.length === 1 ? frames[0]! : Buffer.concat(frames), client, target);
    });
  }

  /** Checks the Client Info credentials and the session; true when the login went on to the target. */
  #login(
    connection: GatewayConnection,
    named: ConnectionString,
    userName: string,
    password: string,
    frame: Buffer,
  ): boolean {
    const { engine, throttle } = this.deps;
    const address = connection.address;
    const refuse = (code: number, reason: string, rec: SessionRecord | null = null): false => {
      this.deps.log(`[rdp-gateway] ${address} refused: ${reason}`);
      // Administrators see refused attempts in the session's log (not for ended sessions: their log is closed).
      if (rec && !isEnded(rec.state))
        engine.appendLog(rec, `RDP login through the gateway from ${address} refused: ${reason}`, {
          error: true,
          status: false,
        });
      connection.close(code);
      return false;
    };

    const given = parseConnectionString(userName);
    if (!given || !sameName(given, named))
      return refuse(
        ERRINFO.serverDeniedConnection,
        'The user name must be the connection string PAM Desk shows for the session: user+activity+resource.',
      );
    const login = given.user.toLowerCase();
    const loginKey = `login:${login}`;
    const addressKey = `address:${address}`;
    const wait = Math.max(throttle.retryAfterMs(loginKey), throttle.retryAfterMs(addressKey));
    if (wait > 0)
      return refuse(
        ERRINFO.serverDeniedConnection,
        `Too many failed attempts. Try again in ${Math.ceil(wait / 1000)} seconds.`,
      );
    const user = engine.usersByLogin.get(login);
    if (!user || !sameSecret(user.password, password)) {
      throttle.recordFailure(loginKey);
      throttle.recordFailure(addressKey, ADDRESS_FACTOR);
      return refuse(ERRINFO.serverDeniedConnection, `Wrong user name or password for ${given.user}.`);
    }
    throttle.recordSuccess(loginKey);
    const choice = chooseSession(user, given, engine, 'rdp');
    if (!choice.ok) return refuse(ERRINFO.insufficientPrivileges, choice.reason, choice.rec);

    const rec = choice.rec;
    const account = engine.accounts.get(rec.accountId)!;
    connection.rec = rec;
    const forget = this.#live.add(rec.id, connection);
    connection.raw.setTimeout(0);
    engine.appendLog(
      rec,
      `RDP connection ${connection.id} opened through the gateway by ${user.login} from ${address} as ${account.name}`,
    );
    connection.raw.once('close', () => {
      forget();
      engine.appendLog(rec, `RDP connection ${connection.id} closed`, { status: false });
    });
    connection.target!.write(rewriteClientInfo(frame, account.name, account.password));
    return true;
  }
}
