import { describe, expect, it } from 'vitest';
import { ErrorCode, SessionUiStatus } from '../../../contract';
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
    await expect(client.signIn('https://pam.example', 'alice', 'nope')).rejects.toMatchObject({
      code: 'credentials_invalid',
    });
    await client.signIn('https://pam.example', 'alice', 'alice-demo-pw');
    await expect(client.verifyMfa('000000')).rejects.toBeInstanceOf(PamClientError);
    const state = await client.verifyMfa('123456');
    expect(state.status).toBe('signedIn');
  });
});
