/**
 * The request service over a scripted NPS API: a create that times out is never sent again; the session
 * the server made anyway is found on the dashboard, and when none is found the user is told not to guess.
 */
import { describe, expect, it } from 'vitest';
import type { NpsSessionApi } from '../../../main/nps/npsClient';
import type { NpsSummaryWithKeys } from '../../../main/nps/npsRequestSchemas';
import { createRequestService } from '../../../main/requests/requestService';
import { PamError } from '../../../main/errors/pamError';
import { MemoryLogger } from '../../fakes/memoryLogger';

const ACCOUNT = '11111111-1111-4111-8111-111111111111';
const ACTIVITY = '22222222-2222-4222-8222-222222222222';
const POLICY = '33333333-3333-4333-8333-333333333333';
const RESOURCE = '44444444-4444-4444-8444-444444444444';
const NOW = Date.parse('2026-11-30T10:00:00Z');

function scripted(
  found: Partial<NpsSummaryWithKeys>[],
  existing: Partial<NpsSummaryWithKeys>[] = [],
  policy: { notesRequired?: boolean } = {},
) {
  const calls: string[] = [];
  const api = {
    managedAccountId: () => ACCOUNT,
    requests: {
      activityCards: async () => [
        {
          id: ACTIVITY,
          name: 'Linux Root Shell (SSH)',
          policies: [{ policyId: POLICY, policyName: 'Prod', maxSessionLength: 60, ticketRequired: true, ...policy }],
        },
      ],
      createSessions: async () => {
        calls.push('create');
        throw new PamError('timeout', 'The server did not answer within 15 s.');
      },
      summariesWithKeys: async () => {
        calls.push('look');
        // Before the create: what existed; after it: that and what the server made.
        const before = existing.map((row, i) => ({ id: `old-${i}`, ...row }));
        return calls.includes('create')
          ? [...before, ...found.map((row, i) => ({ id: `found-${i}`, ...row }))]
          : before;
      },
    },
  } as unknown as NpsSessionApi;
  let refreshed = 0;
  const service = createRequestService({
    call: (fn) => fn(api),
    afterChange: () => void (refreshed += 1),
    log: new MemoryLogger(),
    now: () => NOW,
  });
  return { service, calls, refreshed: () => refreshed };
}

const request = {
  activityId: ACTIVITY,
  policyId: POLICY,
  resourceIds: [RESOURCE],
  startAt: null,
  durationMinutes: 30,
  ticket: 'CHG-1',
  note: '',
};

describe('creating a session when the server times out', () => {
  it('does not send it again, and reports the session the server made anyway', async () => {
    const { service, calls, refreshed } = scripted(
      [
        { activityId: ACTIVITY, managedResourceId: RESOURCE, createdDateTimeUtc: new Date(NOW - 1000).toISOString() },
        // An older session of the same kind is not this request.
        { activityId: ACTIVITY, managedResourceId: RESOURCE, createdDateTimeUtc: '2026-11-30T09:00:00Z' },
      ],
      // Nor is one made a moment before, which was there when the request was sent.
      [{ activityId: ACTIVITY, managedResourceId: RESOURCE, createdDateTimeUtc: new Date(NOW - 30_000).toISOString() }],
    );
    await expect(service.create(request)).resolves.toEqual({ ids: ['found-0'], recovered: true });
    expect(calls).toEqual(['look', 'create', 'look']);
    expect(refreshed()).toBe(1);
  });

  it('says so in words when no session turned up, still without sending again', async () => {
    const { service, calls } = scripted([]);
    await expect(service.create(request)).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('PAM Desk did not send the request again'),
    });
    expect(calls).toEqual(['look', 'create', 'look']);
  });

  it('refuses what the policy does not allow before sending anything', async () => {
    const { service, calls } = scripted([]);
    await expect(service.create({ ...request, ticket: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: "Policy 'Prod' requires a ticket number.",
    });
    await expect(service.create({ ...request, durationMinutes: 61 })).rejects.toMatchObject({
      message: "Policy 'Prod' allows at most 60 minutes.",
    });
    await expect(service.create({ ...request, policyId: ACCOUNT })).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls).toEqual([]);
  });

  it('refuses a scheduled start in the past and missing notes in main too (the renderer is not the only way in)', async () => {
    const { service, calls } = scripted([], [], { notesRequired: true });
    await expect(
      service.create({ ...request, note: 'Migration', startAt: new Date(NOW - 10 * 60_000).toISOString() }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'The scheduled start is in the past.',
    });
    await expect(service.create({ ...request, note: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: "Policy 'Prod' requires notes.",
    });
    expect(calls).toEqual([]);
  });
});
