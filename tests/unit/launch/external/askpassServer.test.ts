/**
 * The askpass helper (the real script, run by Node as ssh would run it) against the app's one-time socket.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASKPASS_HELPER_SOURCE } from '../../../../main/launch/external/askpassHelperSource';
import {
  classifyPrompt,
  openAskpassEndpoint,
  type AskpassEndpoint,
} from '../../../../main/launch/external/askpassServer';

let dir: string;
let helper: string;
const open: AskpassEndpoint[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pamdesk-askpass-'));
  await chmod(dir, 0o700);
  helper = path.join(dir, 'askpass.cjs');
  await writeFile(helper, ASKPASS_HELPER_SOURCE);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
  await rm(dir, { recursive: true, force: true });
});

function ask(
  prompt: string,
  env: { socket: string; ticket: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [helper, prompt],
      { env: { PAMDESK_ASKPASS_SOCKET: env.socket, PAMDESK_ASKPASS_TICKET: env.ticket } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function endpoint(ttlMs = 60_000) {
  const e = await openAskpassEndpoint(
    dir,
    { password: async () => 'pw-Secret1', code: async () => '123456' },
    { ttlMs },
  );
  open.push(e);
  return { e, env: { socket: e.socketPath, ticket: e.ticket } };
}

describe('askpass: one-time socket and helper', () => {
  it('answers the password and the code once each, then closes and removes its socket', async () => {
    const { e, env } = await endpoint();
    expect(await ask("alice+Root Shell (SSH)+lnx@127.0.0.1's password: ", env)).toMatchObject({
      code: 0,
      stdout: 'pw-Secret1\n',
    });
    expect(await ask('Verification code: ', env)).toMatchObject({ code: 0, stdout: '123456\n' });
    expect(await e.closed).toMatch(/Both answers/);
    expect(existsSync(e.socketPath)).toBe(false);
    // A late (replayed) request finds nobody.
    const late = await ask('Verification code: ', env);
    expect(late.code).toBe(1);
    expect(late.stdout).toBe('');
    expect(late.stderr).toMatch(/not waiting/);
  });

  it('refuses a replay of the same prompt (a process that lost the race)', async () => {
    const { e, env } = await endpoint();
    expect((await ask("u@h's password: ", env)).stdout).toBe('pw-Secret1\n');
    const replay = await ask("u@h's password: ", env);
    expect(replay).toMatchObject({ code: 1, stdout: '' });
    expect(replay.stderr).toMatch(/given already/);
    expect(e.refusals()).toEqual(['The password was given already.']);
  });

  it('refuses a wrong ticket, and closes after three', async () => {
    const { e, env } = await endpoint();
    for (let i = 0; i < 3; i++) {
      const wrong = await ask("u@h's password: ", { ...env, ticket: `${env.ticket.slice(0, -1)}x` });
      expect(wrong).toMatchObject({ code: 1, stdout: '' });
    }
    expect(await e.closed).toMatch(/wrong tickets/);
    expect(e.answered()).toEqual([]);
    expect((await ask("u@h's password: ", env)).stdout).toBe('');
  });

  it('expires: after its time nothing is answered', async () => {
    const { e, env } = await endpoint(50);
    expect(await e.closed).toMatch(/passed/);
    const late = await ask("u@h's password: ", env);
    expect(late).toMatchObject({ code: 1, stdout: '' });
  });

  it('refuses host key questions, passphrases and anything else', async () => {
    const { env } = await endpoint();
    for (const prompt of [
      'Are you sure you want to continue connecting (yes/no/[fingerprint])? ',
      "Enter passphrase for key '/root/.ssh/id_ed25519': ",
      'Type yes: ',
    ]) {
      const answer = await ask(prompt, env);
      expect(answer).toMatchObject({ code: 1, stdout: '' });
      expect(answer.stderr).toMatch(/only the password and the verification code/);
    }
    expect(classifyPrompt("alice@host's password: ")).toBe('password');
    expect(classifyPrompt('Verification code: ')).toBe('code');
  });

  it('the helper refuses to run without the socket variables', async () => {
    const result = await ask("u@h's password: ", { socket: '', ticket: '' });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/only answers ssh started by PAM Desk/);
  });
});
