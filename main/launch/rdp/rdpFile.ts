/**
 * The one parser of the .rdp text the server hands out for a session (`GET ActivitySession/Rdp/{id}`), read
 * as untrusted input. Both the in-app viewer (`parseRdpFile`, here) and the rewriter for the user's own
 * client (`../external/rdpFile.ts`, built on `readRdpFile`) use it: one allow-list, one set of refusals, one
 * host check (`isValidHost` and `foreignServer` of `../ssh/sshUrl.ts`, the SSH proxy's rule too).
 *
 * Lines are `key:type:value` (type `s` or `i`), CRLF or LF, each key at most once. No control character
 * anywhere (C0/C1, a lone CR that would start a new line for some readers, line/paragraph separators, a BOM
 * past the first character, bidi controls). Only the keys of an NPS gateway file are accepted (`ALLOWED`,
 * each with a value check); a key that makes a client run something or expose this machine (`alternate
 * shell`, `remoteapplicationprogram`, `drivestoredirect`, a gateway or KDC proxy, a stored password, …) is
 * refused naming it, and so is any other unknown key — a hostile answer is refused, never cleaned.
 *
 * `full address` is the gateway: it must be the signed-in server's own host, or a loopback address when the
 * server itself is on loopback (the sandbox), as for the SSH proxy (`../ssh/sshUrl.ts`). `username` is the
 * connection string; `loadbalanceinfo`, when present, must be the same string (it is what the gateway routes
 * on).
 */
import { foreignServer, isValidHost } from '../ssh/sshUrl';

export interface RdpFileTarget {
  host: string;
  port: number;
  /** The connection string `user+activity+resource[…]`: the user name at the gateway and its routing token. */
  username: string;
}

/** A checked file: its gateway, its connection string, and every allowed key it gave, in `ALLOWED` order. */
export interface RdpFile extends RdpFileTarget {
  settings: ReadonlyArray<{ key: string; type: 's' | 'i'; value: string }>;
}

export class RdpFileRefused extends Error {
  constructor(reason: string) {
    super(`PAM Desk did not start the RDP connection: the server's RDP file ${reason}.`);
    this.name = 'RdpFileRefused';
  }
}

const MAX_FILE_LENGTH = 4096;
const MAX_LINES = 64;
const MAX_VALUE = 512;
// Line breaks aside: C0, DEL, C1, line/paragraph separators, BOM, bidi controls.
const CONTROL =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The connection string `user+activity+resource[+…]`, as `sshUrl.ts` accepts it. */
const CONNECTION_STRING = /^[\p{L}\p{N} +().\-_@\\,#]{1,512}$/u;

type Check = (value: string) => boolean;
const int =
  (min: number, max: number): Check =>
  (value) =>
    Number(value) >= min && Number(value) <= max;
const connectionString: Check = (value) => CONNECTION_STRING.test(value) && !value.startsWith('-');

/** Keys an NPS gateway file carries: type letter and value check, in the order they are written back. */
const ALLOWED: ReadonlyArray<[key: string, type: 's' | 'i', check: Check]> = [
  ['full address', 's', () => true], // checked on its own below
  ['username', 's', () => true], // checked on its own below
  ['prompt for credentials', 'i', int(0, 1)],
  ['administrative session', 'i', int(0, 1)],
  ['screen mode id', 'i', int(1, 2)],
  ['desktopwidth', 'i', int(200, 8192)],
  ['desktopheight', 'i', int(200, 8192)],
  ['use multimon', 'i', int(0, 1)],
  ['session bpp', 'i', (v) => ['8', '15', '16', '24', '32'].includes(v)],
  ['authentication level', 'i', int(0, 3)],
  ['enablecredsspsupport', 'i', int(0, 1)],
  ['negotiate security layer', 'i', int(0, 1)],
  ['loadbalanceinfo', 's', connectionString],
  ['audiomode', 'i', int(0, 2)],
  ['redirectclipboard', 'i', int(0, 1)],
  ['autoreconnection enabled', 'i', int(0, 1)],
];

/**
 * Keys that run a program, share this machine's drives, devices or credentials, or send the connection
 * somewhere else: named in the refusal. (Every key outside `ALLOWED` is refused; these say why.)
 */
const DANGEROUS = new Set([
  'alternate shell',
  'shell working directory',
  'drivestoredirect',
  'redirectdrives',
  'devicestoredirect',
  'usbdevicestoredirect',
  'camerastoredirect',
  'redirectcomports',
  'redirectprinters',
  'redirectsmartcards',
  'redirectwebauthn',
  'redirectposdevices',
  'gatewayhostname',
  'gatewayusagemethod',
  'gatewayprofileusagemethod',
  'gatewaycredentialssource',
  'gatewayaccesstoken',
  'kdcproxyname',
  'alternate full address',
  'server port',
  'domain',
  'password 51',
  'clear password',
  'signscope',
  'signature',
  'use redirection server name',
  'remotedesktopgateway',
]);
const isDangerous = (key: string) => DANGEROUS.has(key) || key.startsWith('remoteapplication');

/** Reads and checks the whole file; throws `RdpFileRefused` with the reason. */
export function readRdpFile(raw: unknown, serverUrl: string): RdpFile {
  if (typeof raw !== 'string' || raw.trim().length === 0) throw new RdpFileRefused('is empty');
  if (raw.length > MAX_FILE_LENGTH) throw new RdpFileRefused('is too long');
  const text = raw.startsWith('\ufeff') ? raw.slice(1) : raw;
  if (CONTROL.test(text)) throw new RdpFileRefused('contains control characters');
  if (/\r(?!\n)/.test(text)) throw new RdpFileRefused('contains control characters (a carriage return inside a line)');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length > MAX_LINES) throw new RdpFileRefused('has too many lines');

  const values = new Map<string, string>();
  for (const line of lines) {
    const match = /^([^:]{1,64}):([a-z]):(.*)$/.exec(line);
    if (!match) throw new RdpFileRefused(`has a line that is not key:type:value ("${preview(line)}")`);
    const [, rawKey = '', type = '', value = ''] = match;
    const key = rawKey.trim().toLowerCase();
    if (isDangerous(key))
      throw new RdpFileRefused(`asks to run or open something ("${key}"), which PAM Desk never passes to a client`);
    const allowed = ALLOWED.find(([name]) => name === key);
    if (!allowed) throw new RdpFileRefused(`has a setting PAM Desk does not accept ("${preview(key)}")`);
    if (values.has(key)) throw new RdpFileRefused(`names "${key}" twice`);
    const [, wantType, check] = allowed;
    if (type !== wantType) throw new RdpFileRefused(`gives "${key}" the wrong type`);
    if (value.length > MAX_VALUE) throw new RdpFileRefused(`has a value of "${key}" that is too long`);
    if (wantType === 'i' && !/^-?[0-9]{1,9}$/.test(value))
      throw new RdpFileRefused(`gives "${key}" a value that is no number`);
    if (!check(value)) throw new RdpFileRefused(`has an invalid value of "${key}"`);
    values.set(key, value);
  }

  const address = values.get('full address');
  if (!address) throw new RdpFileRefused('names no gateway: no host in "full address"');
  const { host, port } = checkAddress(address, serverUrl);
  const username = checkUsername(values.get('username'));
  const routing = values.get('loadbalanceinfo');
  if (routing !== undefined && routing !== username)
    throw new RdpFileRefused('routes to a different connection string than its user name');
  const settings: Array<RdpFile['settings'][number]> = [];
  for (const [key, type] of ALLOWED) {
    const value = values.get(key);
    if (value !== undefined) settings.push({ key, type, value });
  }
  return { host, port, username, settings };
}

/** What the in-app viewer needs of the file: the gateway and the connection string. */
export function parseRdpFile(raw: unknown, serverUrl: string): RdpFileTarget {
  const { host, port, username } = readRdpFile(raw, serverUrl);
  return { host, port, username };
}

function checkAddress(address: string, serverUrl: string): { host: string; port: number } {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/i.exec(address);
  if (!match) throw new RdpFileRefused(`has an invalid "full address" ("${preview(address)}")`);
  const [, rawHost = '', rawPort] = match;
  const bracketed = rawHost.startsWith('[');
  const host = (bracketed ? rawHost.slice(1, -1) : rawHost).toLowerCase();
  if (!isValidHost(host, bracketed))
    throw new RdpFileRefused(`names an invalid gateway (invalid host "${preview(rawHost)}")`);
  const port = rawPort === undefined ? 3389 : Number(rawPort);
  if (port < 1 || port > 65535) throw new RdpFileRefused('has a gateway port outside 1–65535');
  const server = foreignServer(host, serverUrl);
  if (server !== null)
    throw new RdpFileRefused(
      `points to ${host}, not to the server you signed in to (${server}); PAM Desk only connects to the server's own RDP gateway`,
    );
  return { host, port };
}

function checkUsername(username: string | undefined): string {
  if (!username) throw new RdpFileRefused('names no user name (the connection string)');
  if (!connectionString(username))
    throw new RdpFileRefused(
      'has an invalid value of "username": characters in its user name that a connection string never has',
    );
  return username;
}

// Only printable ASCII of a refused part goes into a message (it is shown and logged).
function preview(text: string): string {
  return text.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
}
