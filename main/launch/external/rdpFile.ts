/**
 * The .rdp text the server hands out for a session (`GET ActivitySession/Rdp/{id}`), read as untrusted input
 * and written again from an allow-list before any RDP client sees it.
 *
 * What resolves: a file whose lines are all `key:type:value`, with no control character anywhere (a lone CR
 * inside a value would start a new line for some readers), each key at most once, a `full address` naming
 * the server profile's own host (or, for a server on loopback, another loopback address — the sandbox), and
 * a connection-string user name. What is refused, with the reason: keys that make a client run a program or
 * expose this machine (`alternate shell`, `remoteapplicationprogram`, `drivestoredirect`, a gateway or KDC
 * proxy, …), a second host in any form, duplicates, values of the wrong type. Keys that are neither allowed
 * nor known to be dangerous are dropped (listed in `dropped`), so a newer server's harmless display option
 * does not stop the launch — and an unknown key never reaches the client.
 */
import { isIP } from 'node:net';
import { isLoopback } from '../ssh/sshUrl';

export class RdpFileRefused extends Error {
  constructor(reason: string) {
    super(`PAM Desk did not open the RDP file: the server's connection file ${reason}.`);
    this.name = 'RdpFileRefused';
  }
}

export interface RdpConnection {
  host: string;
  port: number;
  /** The connection string the gateway expects as the user name. */
  username: string;
  /** The rewritten file: allowed keys only, CRLF line ends. */
  text: string;
  /** Keys that were neither allowed nor dangerous and were left out. */
  dropped: string[];
}

const MAX_TEXT = 16 * 1024;
const MAX_LINES = 200;
const MAX_VALUE = 512;
// C0 (except the line ends handled by the splitter), DEL, C1, line/paragraph separators, BOM, bidi controls.
const CONTROL =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** The connection string `user+activity+resource[+…]`, as `sshUrl.ts` accepts it. */
const CONNECTION_STRING = /^[\p{L}\p{N} +().\-_@\\,#]{1,512}$/u;

type Check = (value: string) => boolean;
const int =
  (min: number, max: number): Check =>
  (value) =>
    /^-?[0-9]{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max;

/** Allowed keys, their type letter and value check, in the order they are written back. */
const ALLOWED: ReadonlyArray<[key: string, type: 'i' | 's', check: Check]> = [
  ['full address', 's', () => true], // checked on its own below
  ['username', 's', (v) => CONNECTION_STRING.test(v) && !v.startsWith('-')],
  ['prompt for credentials', 'i', int(0, 1)],
  ['administrative session', 'i', int(0, 1)],
  ['screen mode id', 'i', int(1, 2)],
  ['desktopwidth', 'i', int(200, 8192)],
  ['desktopheight', 'i', int(200, 8192)],
  ['session bpp', 'i', (v) => ['8', '15', '16', '24', '32'].includes(v)],
  ['authentication level', 'i', int(0, 3)],
  ['enablecredsspsupport', 'i', int(0, 1)],
  ['negotiate security layer', 'i', int(0, 1)],
  ['loadbalanceinfo', 's', (v) => CONNECTION_STRING.test(v) && !v.startsWith('-')],
  ['audiomode', 'i', int(0, 2)],
  ['redirectclipboard', 'i', int(0, 1)],
];

/**
 * Keys refused outright: they run a program, share this machine's drives, devices or credentials, or send
 * the connection somewhere else. A file carrying one was made to attack, so nothing of it is used.
 */
const DANGEROUS = new Set([
  'alternate shell',
  'shell working directory',
  'remoteapplicationmode',
  'remoteapplicationprogram',
  'remoteapplicationname',
  'remoteapplicationcmdline',
  'remoteapplicationexpandcmdline',
  'remoteapplicationexpandworkingdir',
  'remoteapplicationfile',
  'remoteapplicationicon',
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

export function parseRdpFile(raw: unknown, serverUrl: string): RdpConnection {
  if (typeof raw !== 'string' || raw.trim().length === 0) throw new RdpFileRefused('is empty');
  if (raw.length > MAX_TEXT) throw new RdpFileRefused('is too long');
  const text = raw.startsWith('\ufeff') ? raw.slice(1) : raw;
  if (CONTROL.test(text)) throw new RdpFileRefused('contains control characters');
  if (/\r(?!\n)/.test(text)) throw new RdpFileRefused('has a carriage return inside a line');
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length > MAX_LINES) throw new RdpFileRefused('has too many lines');

  const values = new Map<string, string>();
  const dropped: string[] = [];
  for (const line of lines) {
    const match = /^([^:]{1,64}):([a-z]):(.*)$/i.exec(line);
    if (!match) throw new RdpFileRefused(`has a line that is not key:type:value ("${preview(line)}")`);
    const [, rawKey = '', type = '', value = ''] = match;
    const key = rawKey.trim().toLowerCase();
    if (DANGEROUS.has(key)) throw new RdpFileRefused(`asks for "${key}", which PAM Desk never passes to a client`);
    if (values.has(key)) throw new RdpFileRefused(`names "${key}" twice`);
    const allowed = ALLOWED.find(([name]) => name === key);
    if (!allowed) {
      values.set(key, '');
      dropped.push(preview(key));
      continue;
    }
    const [, wantType, check] = allowed;
    if (type.toLowerCase() !== wantType) throw new RdpFileRefused(`gives "${key}" the wrong type`);
    if (value.length > MAX_VALUE) throw new RdpFileRefused(`has a value of "${key}" that is too long`);
    if (key !== 'full address' && !check(value)) throw new RdpFileRefused(`has an invalid value of "${key}"`);
    values.set(key, value);
  }

  const address = values.get('full address');
  if (!address) throw new RdpFileRefused('names no host ("full address")');
  const { host, port } = checkAddress(address, serverUrl);
  const username = values.get('username');
  if (!username) throw new RdpFileRefused('names no user name');

  const out: string[] = [`full address:s:${host.includes(':') ? `[${host}]` : host}:${port}`];
  for (const [key, type] of ALLOWED) {
    const value = values.get(key);
    if (key === 'full address' || value === undefined) continue;
    out.push(`${key}:${type}:${value}`);
  }
  return { host, port, username, text: `${out.join('\r\n')}\r\n`, dropped };
}

function checkAddress(address: string, serverUrl: string): { host: string; port: number } {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/i.exec(address);
  if (!match) throw new RdpFileRefused(`has an invalid "full address" ("${preview(address)}")`);
  const [, rawHost = '', rawPort] = match;
  const bracketed = rawHost.startsWith('[');
  const host = (bracketed ? rawHost.slice(1, -1) : rawHost).toLowerCase();
  if (bracketed ? isIP(host) !== 6 : !(isIP(host) === 4 || HOSTNAME.test(host))) {
    throw new RdpFileRefused(`names an invalid host ("${preview(rawHost)}")`);
  }
  const port = rawPort === undefined ? 3389 : Number(rawPort);
  if (port < 1 || port > 65535) throw new RdpFileRefused('has a port outside 1–65535');
  const server = new URL(serverUrl).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host !== server && !(isLoopback(host) && isLoopback(server))) {
    throw new RdpFileRefused(
      `points to ${host}, not to the server you signed in to (${server}); PAM Desk only connects to the server's own RDP gateway`,
    );
  }
  return { host, port };
}

// Only printable ASCII of a refused part goes into a message (it is shown and logged).
function preview(text: string): string {
  return text.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
}
