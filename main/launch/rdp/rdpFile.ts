/**
 * Parses the .rdp file the server hands out for a session (`GET ActivitySession/Rdp/{id}`) as untrusted input.
 *
 * Lines are `name:type:value` (type `s` or `i`), CRLF or LF. Only the keys of an NPS gateway file are
 * accepted (`ALLOWED`); an unknown key, a key given twice, control characters, and above all the keys that
 * make a client run something (`alternate shell`, `remoteapplicationprogram`, `shell working directory`, …)
 * are refused with a message naming them — a hostile answer is refused, never cleaned.
 *
 * `full address` is the gateway: it must be the signed-in server's own host, or a loopback address when the
 * server itself is on loopback (the sandbox), as for the SSH proxy (`../ssh/sshUrl.ts`). `username` is the
 * connection string; `loadbalanceinfo`, when present, must be the same string (it is what the gateway routes
 * on). The viewer only uses the address and the connection string; the other allowed keys are read and
 * checked, not obeyed.
 */
import { isIP } from 'node:net';
import { isLoopback } from '../ssh/sshUrl';

export interface RdpFileTarget {
  host: string;
  port: number;
  /** The connection string `user+activity+resource[…]`: the user name at the gateway and its routing token. */
  username: string;
}

export class RdpFileRefused extends Error {
  constructor(reason: string) {
    super(`PAM Desk did not start the RDP connection: the server's RDP file ${reason}.`);
    this.name = 'RdpFileRefused';
  }
}

const MAX_FILE_LENGTH = 4096;
const MAX_LINES = 64;
/** Keys an NPS gateway file carries, with their type. */
const ALLOWED: Record<string, 's' | 'i'> = {
  'full address': 's',
  username: 's',
  loadbalanceinfo: 's',
  'prompt for credentials': 'i',
  'administrative session': 'i',
  'screen mode id': 'i',
  'session bpp': 'i',
  'authentication level': 'i',
  enablecredsspsupport: 'i',
  desktopwidth: 'i',
  desktopheight: 'i',
  'use multimon': 'i',
  redirectclipboard: 'i',
  audiomode: 'i',
  'autoreconnection enabled': 'i',
  'negotiate security layer': 'i',
};
/** Keys that run a program or open something on either end: named in the refusal. */
const COMMANDS =
  /^(alternate shell|shell working directory|remoteapplication\w*|remoteapplicationprogram|remoteapplicationcmdline|drivestoredirect|devicestoredirect|kdcproxyname|gatewayhostname|gatewayusagemethod|signature|signscope)$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const USERNAME = /^[\p{L}\p{N} +().\-_@\\,#]+$/u;
const MAX_USERNAME_LENGTH = 512;

export function parseRdpFile(raw: unknown, serverUrl: string): RdpFileTarget {
  if (typeof raw !== 'string' || raw.trim().length === 0) throw new RdpFileRefused('is empty');
  if (raw.length > MAX_FILE_LENGTH) throw new RdpFileRefused('is too long');
  const text = raw.replace(/^\uFEFF/, '');
  // Line breaks aside, no control character anywhere (a NUL or ESC hides text from a reader).
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/.test(text))
    throw new RdpFileRefused('contains control characters');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length > MAX_LINES) throw new RdpFileRefused('has too many lines');
  const values = new Map<string, string>();
  for (const line of lines) {
    if (/\r/.test(line)) throw new RdpFileRefused('contains control characters');
    const match = /^([^:]{1,64}):([si]):(.*)$/.exec(line);
    if (!match) throw new RdpFileRefused(`has a line that is not "name:type:value" ("${line.slice(0, 40)}")`);
    const [, rawName = '', kind = '', value = ''] = match;
    const name = rawName.trim().toLowerCase();
    if (COMMANDS.test(name)) throw new RdpFileRefused(`asks to run or open something ("${name}")`);
    const expected = ALLOWED[name];
    if (!expected) throw new RdpFileRefused(`has a setting PAM Desk does not accept ("${name.slice(0, 40)}")`);
    if (kind !== expected) throw new RdpFileRefused(`gives "${name}" the wrong type`);
    if (values.has(name)) throw new RdpFileRefused(`gives "${name}" twice`);
    if (kind === 'i' && !/^-?[0-9]{1,9}$/.test(value))
      throw new RdpFileRefused(`gives "${name}" a value that is no number`);
    values.set(name, value);
  }
  const address = values.get('full address');
  if (!address) throw new RdpFileRefused('names no gateway ("full address")');
  const { host, port } = checkAddress(address, serverUrl);
  const username = checkUsername(values.get('username'));
  const routing = values.get('loadbalanceinfo');
  if (routing !== undefined && routing !== username)
    throw new RdpFileRefused('routes to a different connection string than its user name');
  return { host, port, username };
}

function checkAddress(address: string, serverUrl: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/.exec(address.trim());
  if (!match) throw new RdpFileRefused(`names an invalid gateway address "${address.slice(0, 80)}"`);
  const [, rawHost = '', rawPort] = match;
  const bracketed = rawHost.startsWith('[');
  const host = (bracketed ? rawHost.slice(1, -1) : rawHost).toLowerCase();
  if (bracketed ? isIP(host) !== 6 : !(isIP(host) === 4 || HOSTNAME.test(host)))
    throw new RdpFileRefused(`names an invalid gateway host "${rawHost.slice(0, 80)}"`);
  const port = rawPort === undefined ? 3389 : Number(rawPort);
  if (port < 1 || port > 65535) throw new RdpFileRefused('has a gateway port outside 1–65535');
  const serverHostname = new URL(serverUrl).hostname.toLowerCase();
  const server = serverHostname.startsWith('[') ? serverHostname.slice(1, -1) : serverHostname;
  if (host !== server && !(isLoopback(host) && isLoopback(server)))
    throw new RdpFileRefused(
      `points to ${host}, not to the server you signed in to (${server}); PAM Desk only connects to the server's own RDP gateway`,
    );
  return { host, port };
}

function checkUsername(username: string | undefined): string {
  if (!username) throw new RdpFileRefused('names no user (the connection string)');
  if (username.length > MAX_USERNAME_LENGTH) throw new RdpFileRefused('has a user name that is too long');
  if (!USERNAME.test(username))
    throw new RdpFileRefused('has characters in its user name that a connection string never has');
  return username;
}
