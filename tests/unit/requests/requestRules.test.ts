/**
 * The Activity Request window's rules against policy shapes as NPS publishes them
 * (reference/nps-api-4.2/AccessControlPolicy/GetActivityCardsWithPolicies.md and
 * ActivitySessionCandidateResources.md): the example card is parsed the way main parses it, turned into
 * the contract's policy, and the form is checked against it.
 */
import { describe, expect, it } from 'vitest';
import { NpsActivityCardPage, NpsCandidateResourcePage } from '../../../main/nps/npsRequestSchemas';
import { policyOf } from '../../../main/requests/requestService';
import {
  checkDraft,
  defaultDuration,
  hasProblems,
  MAX_REQUEST_MINUTES,
  resourceIndex,
  searchResources,
  toCreateRequest,
  toLocalInput,
  type RequestDraft,
} from '../../../renderer/requests/requestRules';
import { MAX_REQUEST_MINUTES as CONTRACT_MAX } from '../../../contract';

/** The published example, trimmed of custom fields, with names instead of "string". */
const publishedCards = {
  data: [
    {
      id: '497f6eca-6276-4993-bfeb-53cbbbba6f08',
      name: 'Linux Root Shell (SSH)',
      description: 'string',
      activityType: 'Interactive',
      resourceText: 'string',
      platformId: '32a6e381-64f4-4911-86b6-3bf681b64d23',
      platformName: 'Linux',
      os: 'string',
      managedAccountId: '98c25b84-2c06-4fcd-94c7-306443f45a3d',
      totalResources: 0,
      latestSessionActualStartUtc: '2019-08-24T14:15:22Z',
      customField1CustomFieldDataType: 'Integer',
      customField1Required: true,
      policies: [
        {
          activityId: 'bdfd0655-55e6-45e6-8bbc-6ed31d3820b5',
          managedAccountId: '98c25b84-2c06-4fcd-94c7-306443f45a3d',
          policyId: '2f5573e6-5ba4-48f2-a75d-df99c936463b',
          policyName: 'Change window',
          policyType: 'Resource',
          maxSessionLength: 0,
          notesRequired: true,
          ticketRequired: true,
          activityCard: {},
          customFields: [],
        },
        {
          activityId: 'bdfd0655-55e6-45e6-8bbc-6ed31d3820b5',
          policyId: '3f5573e6-5ba4-48f2-a75d-df99c936463c',
          policyName: 'Production databases',
          policyType: 'Resource',
          maxSessionLength: 60,
          notesRequired: false,
          ticketRequired: false,
        },
      ],
      policyId: '2f5573e6-5ba4-48f2-a75d-df99c936463b',
      policyName: 'Change window',
      policyType: 'Resource',
    },
  ],
  recordsTotal: 1,
};

const card = NpsActivityCardPage.parse(publishedCards).data[0]!;
const changeWindow = policyOf(card, '2f5573e6-5ba4-48f2-a75d-df99c936463b')!;
const production = policyOf(card, '3F5573E6-5BA4-48F2-A75D-DF99C936463C')!;

const NOW = Date.parse('2026-11-30T10:00:00Z');
const draft = (patch: Partial<RequestDraft> = {}): RequestDraft => ({
  activityId: card.id,
  policyId: production.id,
  resourceIds: ['497f6eca-6276-4993-bfeb-53cbbbba6f08'],
  when: 'now',
  startLocal: '',
  duration: '60',
  ticket: '',
  note: '',
  ...patch,
});

describe('policy shapes from the published examples', () => {
  it('reads the policy: 0 means no stated maximum; ticket and notes flags; ids in any case', () => {
    expect(changeWindow).toEqual({
      id: '2f5573e6-5ba4-48f2-a75d-df99c936463b',
      name: 'Change window',
      maxMinutes: null,
      notesRequired: true,
      ticketRequired: true,
    });
    expect(production).toMatchObject({ maxMinutes: 60, notesRequired: false, ticketRequired: false });
    expect(policyOf(card, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('reads the candidate resources example', () => {
    const example = {
      data: [
        {
          id: '497f6eca-6276-4993-bfeb-53cbbbba6f08',
          policyType: 'Resource',
          activityPolicies: [
            {
              activityId: 'bdfd0655-55e6-45e6-8bbc-6ed31d3820b5',
              activityName: 'string',
              policyId: '2f5573e6-5ba4-48f2-a75d-df99c936463b',
              policyName: 'string',
              platformId: '32a6e381-64f4-4911-86b6-3bf681b64d23',
              isDeleted: true,
              notesRequired: true,
              ticketRequired: true,
              maxSessionLength: 0,
            },
          ],
          name: 'lnx-db-01',
          os: 'Ubuntu 24.04',
          platform: 'Linux',
        },
      ],
      recordsTotal: 0,
    };
    expect(NpsCandidateResourcePage.parse(example).data[0]).toMatchObject({ name: 'lnx-db-01', os: 'Ubuntu 24.04' });
  });
});

describe('the Activity Request form’s rules', () => {
  it('accepts a complete request within the policy', () => {
    expect(checkDraft(draft(), production, NOW)).toEqual({});
    expect(defaultDuration(production)).toBe(60);
    expect(defaultDuration(changeWindow)).toBe(60);
    expect(defaultDuration({ ...production, maxMinutes: 20 })).toBe(20);
  });

  it('bounds the duration by the policy’s maximum, and says which policy', () => {
    expect(checkDraft(draft({ duration: '61' }), production, NOW)).toEqual({
      duration: "Policy 'Production databases' allows at most 1 hour (60 minutes).",
    });
    expect(checkDraft(draft({ duration: '0' }), production, NOW).duration).toBe(
      'The session must last at least 1 minute.',
    );
    expect(checkDraft(draft({ duration: '1.5' }), production, NOW).duration).toBe(
      'Enter the duration in whole minutes.',
    );
    expect(checkDraft(draft({ duration: '' }), production, NOW).duration).toBeDefined();
    // No stated maximum: the app's own bound, the same as the contract's.
    expect(MAX_REQUEST_MINUTES).toBe(CONTRACT_MAX);
    const open = draft({ policyId: changeWindow.id, ticket: 'CHG-1', note: 'why' });
    expect(checkDraft({ ...open, duration: '600' }, changeWindow, NOW)).toEqual({});
    expect(checkDraft({ ...open, duration: String(MAX_REQUEST_MINUTES + 1) }, changeWindow, NOW).duration).toBe(
      'At most 168 hours.',
    );
  });

  it('asks for the ticket and notes the policy requires, and only those', () => {
    const problems = checkDraft(draft({ policyId: changeWindow.id, ticket: '  ', note: '' }), changeWindow, NOW);
    expect(problems).toEqual({
      ticket: "Policy 'Change window' requires a ticket number.",
      note: "Policy 'Change window' requires notes.",
    });
    expect(checkDraft(draft(), production, NOW)).not.toHaveProperty('ticket');
  });

  it('refuses a scheduled start in the past or more than a year ahead; now is always fine', () => {
    const past = toLocalInput(NOW - 5 * 60_000);
    expect(checkDraft(draft({ when: 'scheduled', startLocal: past }), production, NOW).start).toBe(
      'The start is in the past. Choose a later time or Now.',
    );
    // Within the grace minute (the form was open a moment) it still counts.
    const justNow = toLocalInput(NOW - 30_000);
    expect(checkDraft(draft({ when: 'scheduled', startLocal: justNow }), production, NOW).start).toBeUndefined();
    const far = toLocalInput(NOW + 400 * 24 * 60 * 60_000);
    expect(checkDraft(draft({ when: 'scheduled', startLocal: far }), production, NOW).start).toBe(
      'The start is more than a year ahead.',
    );
    expect(checkDraft(draft({ when: 'scheduled', startLocal: 'soon' }), production, NOW).start).toBeDefined();
    expect(checkDraft(draft({ when: 'now', startLocal: past }), production, NOW)).toEqual({});
  });

  it('needs an activity, a policy and at least one resource (at most 50)', () => {
    expect(checkDraft(draft({ activityId: null }), null, NOW)).toMatchObject({ activity: expect.any(String) });
    expect(checkDraft(draft({ policyId: null }), null, NOW)).toMatchObject({ policy: expect.any(String) });
    expect(checkDraft(draft({ resourceIds: [] }), production, NOW).resources).toBe('Choose at least one resource.');
    const many = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(hasProblems(checkDraft(draft({ resourceIds: many }), production, NOW))).toBe(true);
  });

  it('builds the request: a scheduled start in UTC, trimmed texts, each resource once', () => {
    const start = toLocalInput(NOW + 2 * 60 * 60_000);
    const request = toCreateRequest(
      draft({
        when: 'scheduled',
        startLocal: start,
        duration: ' 45 ',
        ticket: ' CHG-9 ',
        note: ' rotate keys ',
        resourceIds: ['a', 'a', 'b'],
      }),
    );
    expect(request).toEqual({
      activityId: card.id,
      policyId: production.id,
      resourceIds: ['a', 'b'],
      startAt: new Date(NOW + 2 * 60 * 60_000).toISOString(),
      durationMinutes: 45,
      ticket: 'CHG-9',
      note: 'rotate keys',
    });
    expect(toCreateRequest(draft()).startAt).toBeNull();
  });
});

describe('resource search', () => {
  const resources = Array.from({ length: 5000 }, (_, i) => ({
    id: String(i),
    name: `${i % 2 ? 'lnx' : 'win'}-host-${String(i).padStart(4, '0')}`,
    os: i % 2 ? 'Ubuntu 24.04' : 'Windows Server 2022',
  }));
  const index = resourceIndex(resources);

  it('matches every typed word in the name or OS, shows at most the limit and counts them all', () => {
    const all = searchResources(index, '', 100);
    expect(all.shown).toHaveLength(100);
    expect(all.total).toBe(5000);
    const ubuntu = searchResources(index, 'ubuntu host-000', 100);
    expect(ubuntu.shown.map((r) => r.name)).toEqual([
      'lnx-host-0001',
      'lnx-host-0003',
      'lnx-host-0005',
      'lnx-host-0007',
      'lnx-host-0009',
    ]);
    expect(ubuntu.total).toBe(5);
    expect(searchResources(index, 'ubuntu host-000', 2)).toMatchObject({ total: 5, shown: { length: 2 } });
    expect(searchResources(index, 'WIN-HOST-4998', 100).shown.map((r) => r.id)).toEqual(['4998']);
  });
});
