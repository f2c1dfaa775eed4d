/**
 * Runs inside a session prepared by keytar.test.ts and exercises the real OS keychain through KeytarKeychain
 * and FallbackKeychain, printing one JSON line with what it observed.
 */
import keytar from 'keytar';
import { deleteProfileEntries, KeychainError } from '../../../main/keychain/keychain';
import { FallbackKeychain } from '../../../main/keychain/fallbackKeychain';
import { KeytarKeychain } from '../../../main/keychain/keytarKeychain';

const service = 'pam-desk-test';
const profileId = process.env.PROBE_PROFILE_ID ?? '';
const otherProfile = '00000000-0000-4000-8000-000000000002';
const seeded = { profileId, login: 'alice', kind: 'password' as const };

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
  // Listing checks the keyring is unlocked by writing an entry of its own; nothing of it may stay behind.
  const leftBehind = (await keytar.findCredentials(service)).map((c) => c.account);
  return { before, got, listed, removed, after, deletedMissing, leftBehind };
}

/** Stores one entry, for a case that then locks the keyring. */
async function seed() {
  await new KeytarKeychain({ service }).set(seeded, 'seeded-secret');
  return { seeded: true };
}

async function attempt<T>(operation: () => Promise<T>) {
  try {
    return { value: await operation() };
  } catch (error) {
    if (!(error instanceof KeychainError)) return { untyped: String(error) };
    const cause = error.cause instanceof Error ? error.cause.message : null;
    return { reason: error.reason, message: error.message, cause };
  }
}

async function failure() {
  const keychain = new KeytarKeychain({ service });
  const entry = { profileId, login: 'alice', kind: 'token' as const };
  const set = await attempt(() => keychain.set(entry, 'tok-1'));
  const list = await attempt(async () => (await keychain.list(profileId)).length);
  const getSeeded = await attempt(() => keychain.get(seeded));
  const warnings: string[] = [];
  const degraded: string[] = [];
  const fallback = new FallbackKeychain(keychain, { warn: (m) => warnings.push(m) }, (s) => degraded.push(s.message));
  await fallback.set(entry, 'tok-memory');
  const readBack = await fallback.get(entry);
  const status = fallback.status();
  fallback.forgetMemory();
  const afterForget = await fallback.get(entry);
  return { set, list, getSeeded, readBack, status, afterForget, degraded, warnings };
}

const scenarios: Record<string, () => Promise<unknown>> = { roundtrip: roundTrip, seed, failure };
const result = await scenarios[process.argv[2] ?? 'failure']!();
process.stdout.write(`${JSON.stringify(result)}\n`);
