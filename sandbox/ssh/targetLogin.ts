/**
 * Where the proxy goes for a session and how it logs in there: the resource's `sshTarget` (a real host
 * with a pinned host key) or the sandbox's built-in target for that resource.
 */
import ssh2, { type Client } from 'ssh2';
import type { SshTarget } from '../directory/types';
import type { SessionEngine } from '../sessions/engine';
import type { SessionRecord } from '../sessions/model';
import type { BuiltInTargets } from './builtInTarget';
import { sshFingerprint } from './hostKey';

const TARGET_TIMEOUT_MS = 10_000;

function targetOf(engine: SessionEngine, targets: BuiltInTargets, rec: SessionRecord): Promise<SshTarget> {
  const resource = engine.resources.get(rec.resourceId)!;
  if (resource.sshTarget) return Promise.resolve(resource.sshTarget);
  return targets.portOf(resource).then((port) => ({ host: '127.0.0.1', port, hostKeySha256: targets.fingerprint }));
}

/**
 * Logs in to the session's resource as its login account with the account's current password,
 * verifying the host key before any password is sent. The first login moves the session to Logged In.
 * Rejects with a sentence for the person at the terminal (also written to the session's log).
 */
export async function loginToTarget(
  engine: SessionEngine,
  targets: BuiltInTargets,
  rec: SessionRecord,
): Promise<Client> {
  const resource = engine.resources.get(rec.resourceId)!;
  const account = engine.accounts.get(rec.accountId)!;
  const target = await targetOf(engine, targets, rec);
  const client = new ssh2.Client();
  let keyMismatch = false;
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', reject);
      client.connect({
        host: target.host,
        port: target.port,
        username: account.name,
        password: account.password,
        readyTimeout: TARGET_TIMEOUT_MS,
        hostVerifier: (key: Buffer) => {
          keyMismatch = sshFingerprint(key) !== target.hostKeySha256;
          return !keyMismatch;
        },
      });
    });
  } catch (error) {
    client.end();
    const where = `${resource.name} (${target.host}:${target.port})`;
    const why = keyMismatch
      ? `${where} offered a host key other than the one configured for it; the proxy did not log in.`
      : (error as { level?: string }).level === 'client-authentication'
        ? `${where} did not accept the password of '${account.name}'.`
        : `Could not connect to ${where}: ${(error as Error).message}.`;
    engine.appendLog(rec, `Proxy could not log in to ${resource.name}: ${why}`, { error: true, status: false });
    throw new Error(why);
  }
  client.on('error', () => undefined);
  if (rec.state === 'active' && rec.loginAt === null) engine.seeLogin(rec);
  return client;
}
