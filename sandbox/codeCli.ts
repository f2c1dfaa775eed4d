/**
 * `npm run sandbox:code -- <login> [--data DIR]`: prints the current MFA code of a sandbox user,
 * reading the TOTP secret from the data folder (nothing secret goes through the command line).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { totpCode } from './auth/totp';
import { DEFAULT_DATA_DIR } from './cliArgs';
import { DbSchema } from './store/database';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { data: { type: 'string' } },
    allowPositionals: true,
  });
  const login = positionals[0];
  if (!login) throw new Error('usage: npm run sandbox:code -- <login> [--data DIR]');
  const file = path.join(path.resolve(process.cwd(), values.data ?? DEFAULT_DATA_DIR), 'sandbox.json');
  const parsed = DbSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a sandbox database`);
  const user = parsed.data.directory.users.find((u) => u.login.toLowerCase() === login.toLowerCase());
  if (!user) throw new Error(`no user '${login}' in ${file}`);
  process.stdout.write(`${totpCode(user.totpSecret, Date.now())}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[sandbox] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
