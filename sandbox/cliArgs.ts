/** Command-line options of `npm run sandbox` and `npm run sandbox:code`. */
import path from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_DATA_DIR = '.sandbox-data';

export const HELP = `PAM Desk sandbox — an NPS 4.2 compatible PAM server on 127.0.0.1

Usage: npm run sandbox -- [options]
  --port N              listen on port N (default: a free port)
  --ssh-port N          SSH proxy on port N (default: a free port)
  --rdp-port N          RDP gateway on port N (default: a free port)
  --http                plain HTTP instead of HTTPS (tests only)
  --data DIR            keep data, TLS and SSH keys and recordings in DIR (default: ${DEFAULT_DATA_DIR})
  --memory              keep everything in memory (nothing written to disk)
  --seed-sessions N     add N bulk active sessions to a new data folder
  --seed-historical N   add N bulk historical sessions to a new data folder
  --auto-login SECONDS  report a login to an RDP session's resource this long after it becomes available
                        (SSH logins are seen by the SSH proxy)
  --shapes MODE         sandbox (default) or published: answer as a real NPS 4.2 may (int enums,
                        offset-less dates, nulls, capped pages, a sign-in cookie /signin2fa requires)
  --page-cap N          with --shapes published: most rows per list or log page (default 25)
  --no-records-total    with --shapes published: leave recordsTotal/totalCount out of pages
  --help                show this help

The first line of standard output is one JSON object: {"url","fingerprint","sshProxy","rdpProxy","users":[...]}.`;

export interface CliOptions {
  help: boolean;
  port: number;
  sshPort: number;
  rdpPort: number;
  http: boolean;
  dataDir: string | null;
  seedActive: number;
  seedHistorical: number;
  autoLoginMs: number | null;
  shapes: 'sandbox' | 'published';
  pageCap: number | null;
  recordsTotal: boolean;
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
      'rdp-port': { type: 'string' },
      http: { type: 'boolean' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      'seed-sessions': { type: 'string' },
      'seed-historical': { type: 'string' },
      'auto-login': { type: 'string' },
      shapes: { type: 'string' },
      'page-cap': { type: 'string' },
      'no-records-total': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.memory && values.data !== undefined) throw new Error('--memory and --data exclude each other');
  const autoLogin = values['auto-login'];
  const shapes = values.shapes ?? 'sandbox';
  if (shapes !== 'sandbox' && shapes !== 'published') throw new Error('--shapes must be sandbox or published');
  if (shapes !== 'published' && (values['page-cap'] !== undefined || values['no-records-total']))
    throw new Error('--page-cap and --no-records-total need --shapes published');
  const pageCap = values['page-cap'] === undefined ? null : count(values['page-cap'], '--page-cap', 1000);
  if (pageCap === 0) throw new Error('--page-cap must be a whole number from 1 to 1000');
  return {
    help: values.help ?? false,
    port: count(values.port, '--port', 65535),
    sshPort: count(values['ssh-port'], '--ssh-port', 65535),
    rdpPort: count(values['rdp-port'], '--rdp-port', 65535),
    http: values.http ?? false,
    dataDir: values.memory ? null : path.resolve(cwd, values.data ?? DEFAULT_DATA_DIR),
    seedActive: count(values['seed-sessions'], '--seed-sessions', 1_000_000),
    seedHistorical: count(values['seed-historical'], '--seed-historical', 5_000_000),
    autoLoginMs: autoLogin === undefined ? null : count(autoLogin, '--auto-login', 86_400) * 1000,
    shapes,
    pageCap,
    recordsTotal: !values['no-records-total'],
  };
}
