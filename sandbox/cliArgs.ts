/** Command-line options of `npm run sandbox` and `npm run sandbox:code`. */
import path from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_DATA_DIR = '.sandbox-data';

export const HELP = `PAM Desk sandbox — an NPS 4.2 compatible PAM server on 127.0.0.1

Usage: npm run sandbox -- [options]
  --port N              listen on port N (default: a free port)
  --ssh-port N          SSH proxy on port N (default: a free port)
  --http                plain HTTP instead of HTTPS (tests only)
  --data DIR            keep data, TLS and SSH keys and recordings in DIR (default: ${DEFAULT_DATA_DIR})
  --memory              keep everything in memory (nothing written to disk)
  --seed-sessions N     add N bulk active sessions to a new data folder
  --seed-historical N   add N bulk historical sessions to a new data folder
  --auto-login SECONDS  report a login to an RDP session's resource this long after it becomes available
                        (SSH logins are seen by the SSH proxy)
  --help                show this help

The first line of standard output is one JSON object: {"url","fingerprint","sshProxy","users":[...]}.`;

export interface CliOptions {
  help: boolean;
  port: number;
  sshPort: number;
  http: boolean;
  dataDir: string | null;
  seedActive: number;
  seedHistorical: number;
  autoLoginMs: number | null;
}

function count(value: string | undefined, name: string, max: number): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new Error(`${name} must be a whole number from 0 to ${max}`);
  return Number(value);
}

export function parseCliArgs(argv: string[], cwd: string): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      'ssh-port': { type: 'string' },
      http: { type: 'boolean' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      'seed-sessions': { type: 'string' },
      'seed-historical': { type: 'string' },
      'auto-login': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.memory && values.data !== undefined) throw new Error('--memory and --data exclude each other');
  const autoLogin = values['auto-login'];
  return {
    help: values.help ?? false,
    port: count(values.port, '--port', 65535),
    sshPort: count(values['ssh-port'], '--ssh-port', 65535),
    http: values.http ?? false,
    dataDir: values.memory ? null : path.resolve(cwd, values.data ?? DEFAULT_DATA_DIR),
    seedActive: count(values['seed-sessions'], '--seed-sessions', 1_000_000),
    seedHistorical: count(values['seed-historical'], '--seed-historical', 5_000_000),
    autoLoginMs: autoLogin === undefined ? null : count(autoLogin, '--auto-login', 86_400) * 1000,
  };
}
