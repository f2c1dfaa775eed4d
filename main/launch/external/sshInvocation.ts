/**
 * How OpenSSH's `ssh` is started for a session in the user's own terminal, from parts that were validated
 * first (`parseSshUrl`): the program's arguments as an array and the two files it reads.
 *
 * OpenSSH refuses user names with spaces or brackets on its command line (`-l`, `user@host`, `-o User=`)
 * but takes them quoted in a configuration file, so the connection string goes into a generated
 * `ssh_config` (`-F`), under a fixed host alias; the command line carries only fixed options, the port,
 * `--` and that alias. `StrictHostKeyChecking yes` with a known_hosts file that holds only the proxy's pinned
 * key: a different key is a hard failure, never a question. The password and the MFA code come from the
 * askpass helper (`SSH_ASKPASS_REQUIRE=force`), so nothing secret is on the command line or in a file.
 */
import type { SshTarget } from '../ssh/sshUrl';

export const HOST_ALIAS = 'pamdesk-proxy';

/** One OpenSSH public key line (`ssh-ed25519 AAAA…`), as taken from the proxy's handshake. */
const KEY_LINE =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|rsa-sha2-(?:256|512)) [A-Za-z0-9+/]{20,8192}={0,3}$/;

export interface SshFiles {
  configPath: string;
  knownHostsPath: string;
}

/** The known_hosts line pinning the proxy's key for exactly this host and port. */
export function knownHostsText(target: SshTarget, keyLine: string): string {
  if (!KEY_LINE.test(keyLine)) throw new TypeError('not an SSH public key line');
  const name = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
  return `${name} ${keyLine}\n`;
}

/**
 * The ssh_config text. Every value was validated by `parseSshUrl`; the user name may hold spaces, so it is
 * double-quoted, and a name that could break out of the quotes (`"`, or a backslash at its end) is refused.
 */
export function sshConfigText(target: SshTarget, files: Pick<SshFiles, 'knownHostsPath'>): string {
  if (/["\r\n]/.test(target.username) || target.username.endsWith('\\')) {
    throw new TypeError('the login name cannot be written to an SSH configuration');
  }
  if (/[\s"'\\]/.test(files.knownHostsPath)) throw new TypeError('the known_hosts path has unsafe characters');
  return [
    `Host ${HOST_ALIAS}`,
    `  HostName ${target.host}`,
    `  Port ${target.port}`,
    `  User "${target.username}"`,
    `  UserKnownHostsFile ${files.knownHostsPath}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  CheckHostIP no',
    '  PubkeyAuthentication no',
    '  GSSAPIAuthentication no',
    '  PreferredAuthentications password,keyboard-interactive',
    '  NumberOfPasswordPrompts 1',
    '  ForwardAgent no',
    '  ForwardX11 no',
    '  ClearAllForwardings yes',
    '  PermitLocalCommand no',
    '',
  ].join('\n');
}

/**
 * The arguments after the program name. `-F` makes ssh read only our file (no `~/.ssh/config` that could
 * add a ProxyCommand for a matching host); `-p` and the options repeat the file so a reader of the command
 * sees them; `--` ends the options before the alias.
 */
export function sshArguments(target: SshTarget, files: SshFiles): string[] {
  for (const file of [files.configPath, files.knownHostsPath]) {
    if (!file.startsWith('/') && !/^[A-Za-z]:\\/.test(file)) throw new TypeError('SSH files need absolute paths');
    if (/[\r\n"]/.test(file)) throw new TypeError('the SSH file paths have unsafe characters');
  }
  return [
    '-F',
    files.configPath,
    '-p',
    String(target.port),
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${files.knownHostsPath}`,
    '--',
    HOST_ALIAS,
  ];
}

/** The environment variables added for ssh: where the askpass helper is and how to reach the app. */
export function askpassEnvironment(helperPath: string, endpoint: { socketPath: string; ticket: string }) {
  return {
    SSH_ASKPASS: helperPath,
    SSH_ASKPASS_REQUIRE: 'force',
    // OpenSSH before 8.4 ignores SSH_ASKPASS without a display; harmless otherwise.
    DISPLAY: process.env['DISPLAY'] ?? ':0',
    PAMDESK_ASKPASS_SOCKET: endpoint.socketPath,
    PAMDESK_ASKPASS_TICKET: endpoint.ticket,
  };
}

/**
 * "Copy SSH command": what a user types in a terminal of their own, `ssh -p 4422 'alice+…'@host`, the user
 * name POSIX-quoted. OpenSSH (since 9.6, and Debian's 9.2) refuses a user name with spaces or brackets on
 * its command line, so `needsConfig` says when the copied command will not do and `sshConfigEntry` gives
 * the ~/.ssh/config lines that will.
 */
export function copyableSshCommand(target: SshTarget): { command: string; needsConfig: boolean } {
  const user = `'${target.username.replace(/'/g, `'\\''`)}'`;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return {
    command: `ssh -p ${target.port} ${user}@${host}`,
    needsConfig: !/^[A-Za-z0-9._@+\\,#-]+$/.test(target.username),
  };
}

export function sshConfigEntry(target: SshTarget): string {
  return [
    `Host ${HOST_ALIAS}`,
    `  HostName ${target.host}`,
    `  Port ${target.port}`,
    `  User "${target.username}"`,
    '',
  ].join('\n');
}
