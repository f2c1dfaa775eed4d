/**
 * Parses the SSH URL that the server hands out for a session (`GET ActivitySession/Ssh/{id}`) as untrusted
 * input: `ssh://<login name, URL-encoded>@<host>[:<port>]`, nothing else.
 *
 * Which hosts: the NPS SSH proxy runs on the NPS server itself, so the URL's host must be the server
 * profile's own host (compared case-insensitively). A server on a loopback address may also name another
 * loopback address (the sandbox, a tunnel on this machine). Any other host is refused: a compromised or
 * spoofed answer must not be able to send the user's NPS password to a machine the user never chose. A
 * deployment with the proxy on a separate host would need the user to name that host in the profile first
 * (not built yet); until then it is refused with a message that says so.
 *
 * The login name is the connection string `user+activity+resource[+policy][+notes]`: after decoding, only
 * letters, digits, spaces and `+ ( ) . _ - @ \ , #` are accepted, never a leading `-`, and never the words
 * of OpenSSH options that run commands (`ProxyCommand`, `LocalCommand`, `-o…`) — we connect with ssh2 and
 * never pass it to a program, but a URL carrying them is hostile and is refused rather than cleaned.
 */
import { isIP } from 'node:net';

export interface SshTarget {
  host: string;
  port: number;
  /** The decoded login name (the connection string). */
  username: string;
}

export class SshUrlRefused extends Error {
  constructor(reason: string) {
    super(`PAM Desk did not start the SSH connection: the server's SSH address ${reason}.`);
    this.name = 'SshUrlRefused';
  }
}

const MAX_URL_LENGTH = 2048;
const MAX_USERNAME_LENGTH = 512;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** Characters a URL may carry raw in its user part (RFC 3986 unreserved, sub-delims we accept, `%`). */
const RAW_USER = /^[A-Za-z0-9\-._~%()+!*',]+$/;
const USERNAME = /^[\p{L}\p{N} +().\-_@\\,#]+$/u;
const COMMAND_WORDS = /proxycommand|localcommand|permitlocalcommand|proxyjump/i;

export function parseSshUrl(raw: unknown, serverUrl: string): SshTarget {
  if (typeof raw !== 'string' || raw.length === 0) throw new SshUrlRefused('is empty');
  if (raw.length > MAX_URL_LENGTH) throw new SshUrlRefused('is too long');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) throw new SshUrlRefused('contains control characters');
  if (/\s/.test(raw)) throw new SshUrlRefused('contains spaces');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^@/?#]*)@(\[[^\]]*\]|[^:/?#@[\]]*)(?::([^/?#]*))?\/?$/.exec(raw);
  if (!match) throw new SshUrlRefused('is not of the form ssh://login@host:port');
  const [, scheme = '', rawUser = '', rawHost = '', rawPort] = match;
  if (scheme.toLowerCase() !== 'ssh') throw new SshUrlRefused(`uses the scheme "${scheme}" instead of ssh`);

  const username = decodeUsername(rawUser);
  const host = checkHost(rawHost, serverUrl);
  const port = checkPort(rawPort);
  return { host, port, username };
}

function decodeUsername(rawUser: string): string {
  if (rawUser.length === 0) throw new SshUrlRefused('names no login');
  if (!RAW_USER.test(rawUser)) throw new SshUrlRefused('has characters in its login that a URL may not carry');
  let username: string;
  try {
    username = decodeURIComponent(rawUser);
  } catch {
    throw new SshUrlRefused('has a badly encoded login');
  }
  if (/[\u0000-\u001f\u007f-\u009f]/.test(username)) throw new SshUrlRefused('has control characters in its login');
  if (username.length > MAX_USERNAME_LENGTH) throw new SshUrlRefused('has a login that is too long');
  if (username.startsWith('-')) throw new SshUrlRefused('has a login that starts with "-" (a command-line option)');
  if (COMMAND_WORDS.test(username)) throw new SshUrlRefused('has an SSH command option in its login');
  if (!USERNAME.test(username))
    throw new SshUrlRefused('has characters in its login that a connection string never has');
  return username;
}

function checkHost(rawHost: string, serverUrl: string): string {
  const bracketed = rawHost.startsWith('[');
  const host = (bracketed ? rawHost.slice(1, -1) : rawHost).toLowerCase();
  if (host.length === 0) throw new SshUrlRefused('names no host');
  if (!isValidHost(host, bracketed)) throw new SshUrlRefused(`names an invalid host "${rawHost.slice(0, 80)}"`);
  const server = foreignServer(host, serverUrl);
  if (server === null) return host;
  throw new SshUrlRefused(
    `points to ${host}, not to the server you signed in to (${server}); PAM Desk only connects to the server's own SSH proxy`,
  );
}

/** A lower-case host name or IPv4 address, or (given in brackets) an IPv6 address. Shared with `../rdp/rdpFile.ts`. */
export function isValidHost(host: string, bracketed: boolean): boolean {
  return bracketed ? isIP(host) === 6 : isIP(host) === 4 || HOSTNAME.test(host);
}

/**
 * null when `host` is the signed-in server's own host (or loopback while the server is on loopback: the
 * sandbox); otherwise the server's host, for the refusal. The one rule for the SSH proxy and the RDP gateway.
 */
export function foreignServer(host: string, serverUrl: string): string | null {
  const server = serverHost(serverUrl);
  return host === server || (isLoopback(host) && isLoopback(server)) ? null : server;
}

function checkPort(rawPort: string | undefined): number {
  if (rawPort === undefined) return 22;
  if (!/^[0-9]{1,5}$/.test(rawPort)) throw new SshUrlRefused('has an invalid port');
  const port = Number(rawPort);
  if (port < 1 || port > 65535) throw new SshUrlRefused('has a port outside 1–65535');
  return port;
}

function serverHost(serverUrl: string): string {
  const hostname = new URL(serverUrl).hostname.toLowerCase();
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
