import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, SessionUiStatus, actionChannels, eventChannels, eventMemberName } from '../../../contract';
import type { PamApi } from '../../../contract';
import { describeError } from '../../../renderer/common/errorMessages';
import { statusInfo, statusLabel } from '../../../renderer/dashboard/statusInfo';
import { PamClientError, createPamClient } from '../../../renderer/pam';
import { createFakePam } from '../../fakes/fakePam';

describe('status labels', () => {
  it('gives every contract status a distinct label', () => {
    const labels = SessionUiStatus.options.map((status) => statusInfo[status].label);
    expect(new Set(labels).size).toBe(SessionUiStatus.options.length);
    expect(statusInfo.waitingApproval.label).toBe('Waiting for Approval');
    expect(statusInfo.loggedIn.label).toBe('Logged In');
  });

  it('names the value of a status the server sent that PAM Desk does not know', () => {
    expect(statusLabel('unknown', 'Unknown (42)')).toBe('Unknown (42)');
    expect(statusLabel('unknown', 'Frobbed')).toBe('Unknown (Frobbed)');
    expect(statusLabel('unknown', 'Unknown')).toBe('Unknown');
    expect(statusLabel('unknown')).toBe('Unknown');
    expect(statusLabel('loggedIn', 'Active')).toBe('Logged In');
  });
});

describe('error messages', () => {
  it('has words for every error code', () => {
    for (const code of ErrorCode.options) {
      const text = describeError(new PamClientError(code, 'detail'));
      expect(text.title.length, code).toBeGreaterThan(3);
      expect(text.hint.length, code).toBeGreaterThan(3);
    }
  });

  it('tells a wrong password from a wrong code and a changed certificate', () => {
    expect(describeError(new PamClientError('credentials_invalid', '')).title).toBe('Wrong login or password');
    expect(describeError(new PamClientError('mfa_invalid', '')).title).toBe('Wrong or expired code');
    expect(describeError(new PamClientError('certificate_mismatch', '')).hint).toMatch(/will not connect/);
  });
});

describe('pam client', () => {
  it('unwraps results into values and errors into PamClientError with the code', async () => {
    const fake = createFakePam({ latencyMs: 0 });
    const client = createPamClient(fake.api);
    await expect(
      client.auth.signIn({ url: 'https://pam.example', login: 'alice', password: 'nope' }),
    ).rejects.toMatchObject({ code: 'credentials_invalid' });
    await client.auth.signIn({ url: 'https://pam.example', login: 'alice', password: 'alice-demo-pw' });
    await expect(client.auth.verifyMfa({ code: '000000' })).rejects.toBeInstanceOf(PamClientError);
    const state = await client.auth.verifyMfa({ code: '123456' });
    expect(state.status).toBe('signedIn');
  });

  it('has every channel of the contract under its own name: actions and subscriptions', () => {
    const client = createPamClient(createFakePam({ latencyMs: 0 }).api) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    for (const channel of actionChannels) {
      const [namespace = '', member = ''] = channel.split('.');
      expect(typeof client[namespace]?.[member], channel).toBe('function');
    }
    for (const channel of eventChannels) {
      const [namespace = ''] = channel.split('.');
      expect(typeof client[namespace]?.[eventMemberName(channel)], channel).toBe('function');
    }
  });

  it('passes subscriptions through: the listener gets the payload and the unsubscribe function stops it', async () => {
    const fake = createFakePam({ latencyMs: 0 });
    const client = createPamClient(fake.api);
    const seen: string[] = [];
    const off = client.auth.onChanged((state) => seen.push(state.status));
    await client.auth.signIn({ url: 'https://pam.example', login: 'alice', password: 'alice-demo-pw' });
    await client.auth.verifyMfa({ code: '123456' });
    await vi.waitFor(() => expect(seen).toContain('signedIn'));
    off();
    const before = seen.length;
    const stillListening: string[] = [];
    const offOther = client.auth.onChanged((state) => stillListening.push(state.status));
    await client.auth.signOut();
    await vi.waitFor(() => expect(stillListening).toContain('signedOut'));
    expect(seen.length).toBe(before);
    offOther();
  });

  it('turns a broken transport (a throw or a rejection, not a Result) into PamClientError internal', async () => {
    const fake = createFakePam({ latencyMs: 0 });
    const broken = {
      ...fake.api,
      sessions: {
        ...fake.api.sessions,
        end: () => Promise.reject(new Error('bridge socket closed')),
        lock: () => {
          throw new Error('preload missing');
        },
      },
    } as PamApi;
    const client = createPamClient(broken);
    await expect(client.sessions.end({ ids: ['s1'] })).rejects.toMatchObject({
      name: 'PamClientError',
      code: 'internal',
      message: 'bridge socket closed',
    });
    await expect(client.sessions.lock({ ids: ['s1'], locked: true, message: '' })).rejects.toMatchObject({
      code: 'internal',
      message: 'preload missing',
    });
  });
});
