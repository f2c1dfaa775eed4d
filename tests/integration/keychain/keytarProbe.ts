/**
 * Runs inside a D-Bus session prepared by keytar.test.ts and exercises the real OS keychain through
 * KeytarKeychain and FallbackKeychain, printing one JSON line with what it observed.
 */
import { randomUUID } from 'node:crypto';
import { deleteProfileEntries, KeychainError } from '../../../main/keychain/keychain';
import { FallbackKeychain } from '../../../main/keychain/fallbackKeychain';
import { KeytarKeychain } from '../../../main/keychain/keytarKeychain';

const service = `pam-desk-test-${process.pid}`;
const profileId = randomUUID();
const otherProfile = randomUUID();

async function roundTrip() {
  const keychain = new KeytarKeychain({ service });
  const token = { profileId, login: 'CORP\\alice:ops', kind: 'token' as const };
  const password = { profileId, login: 'CORP\\alice:ops', kind: 'password' as const };
  const other = { profileId: otherProfile, login: 'bob', kind: 'token' as const };
  const before = await keychain.get(token);
  await keychain.set(token, 'tok-1');
  await keychain.set(token, 'tok-2');
  await keychain.set(password, 'pässword');
  await keychain.set(other, 'tok-other');
  const got = [await keychain.get(token), await keychain.get(password)];
  const listed = (await keychain.list(profileId)).map((e) => `${e.login}|${e.kind}`).sort();
  const removed = await deleteProfileEntries(keychain, profileId);
  const after = [await keychain.get(token), await keychain.get(password), await keychain.get(other)];
  const deletedMissing = await keychain.delete(token);
  await keychain.delete(other);
  return { before, got, listed, removed, after, deletedMissing };
}

async function failure() {
  const keychain = new KeytarKeychain({ service });
  const entry = { profileId, login: 'alice', kind: 'token' as const };
  let reason: string | null = null;
  try {
    await keychain.set(entry, 'tok-1');
  } catch (error) {
    reason = error instanceof KeychainError ? error.reason : `untyped: ${String(error)}`;
  }
  const warnings: string[] = [];
  const degraded: string[] = [];
  const fallback = new FallbackKeychain(keychain, { warn: (m) => warnings.push(m) }, (s) => degraded.push(s.message));
  await fallback.set(entry, 'tok-memory');
  const readBack = await fallback.get(entry);
  const status = fallback.status();
  fallback.forgetMemory();
  const afterForget = await fallback.get(entry);
  return { reason, readBack, status, afterForget, degraded, warnings };
}

const scenario = process.argv[2];
const result = scenario === 'roundtrip' ? await roundTrip() : await failure();
process.stdout.write(`${JSON.stringify(result)}\n`);
