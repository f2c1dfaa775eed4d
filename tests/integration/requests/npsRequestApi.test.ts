/**
 * The request calls of the NPS client against the real sandbox over HTTPS: the policy look-ups, create
 * (one and a group), approve, deny with a note, extend, and the refusals a user must be able to read.
 * Then the request and approval services over the same client, as the core wires them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport, type HttpTransport } from '../../../main/nps/httpTransport';
import { createNpsClient, npsClientOver, type NpsClient, type NpsSessionApi } from '../../../main/nps/npsClient';
import { PamError } from '../../../main/errors/pamError';
import { createApprovalService } from '../../../main/requests/approvalService';
import { createRequestService } from '../../../main/requests/requestService';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { MemoryLogger } from '../../fakes/memoryLogger';

const FAST = { provisioningMs: 150, cancellingMs: 400, approvalTimeoutMs: 60_000, recentEndedMs: 60_000 };

let sandbox: SandboxHandle;
let client: NpsClient;
const apis = new Map<string, NpsSessionApi>();

async function as(login: string): Promise<NpsSessionApi> {
  const known = apis.get(login);
  if (known) return known;
  const user = sandbox.users.find((u) => u.login === login)!;
  const preMfa = await client.signInWithPassword(login, user.password);
  const api = client.withToken(await client.signInWithMfa(preMfa, sandbox.totp(login)));
  apis.set(login, api);
  return api;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Alice's Linux root shell under the policy that needs approval, on its one database host. */
async function approvalChoice(alice: NpsSessionApi) {
  const cards = await alice.requests.activityCards(alice.managedAccountId()!);
  const card = cards.find((c) => c.name === 'Linux Root Shell (SSH)')!;
  const policy = card.policies!.find((p) => p.policyName === 'Production databases')!;
  const resources = await alice.requests.candidateResources(alice.managedAccountId()!, card.id, policy.policyId);
  return { card, policy, resources };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null, timings: FAST, log: () => undefined });
  client = createNpsClient({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 0 });
});
afterAll(async () => {
  client.close();
  await sandbox.stop();
});

describe('NPS request calls ↔ sandbox', { timeout: 30_000 }, () => {
  it('lists the activities with their policies, and the resources one policy reaches', async () => {
    const alice = await as('alice');
    expect(alice.managedAccountId()).toBe(sandbox.users.find((u) => u.login === 'alice')!.id);
    const { card, policy, resources } = await approvalChoice(alice);
    expect(policy).toMatchObject({ maxSessionLength: 60, notesRequired: false, ticketRequired: false });
    expect(card.policies!.map((p) => p.policyName).sort()).toEqual(['Production databases', 'Standard servers']);
    expect(resources.map((r) => r.name)).toEqual(['lnx-db-01']);
  });

  it('creates a request that waits for approval; rita approves it and it becomes available', async () => {
    const alice = await as('alice');
    const rita = await as('rita');
    const { card, policy, resources } = await approvalChoice(alice);
    const [created] = await alice.requests.createSessions([
      {
        managedAccountId: alice.managedAccountId()!,
        activityId: card.id,
        accessPolicyId: policy.policyId,
        managedResourceId: resources[0]!.id,
        startDateTimeUtc: null,
        endDateTimeUtc: null,
        note: 'Schema migration',
        ticket: 'CHG-1',
      },
    ]);
    const waiting = await rita.requests.summariesWithKeys('all', 'ApprovalRequired');
    expect(waiting.find((s) => s.id === created!.id)).toMatchObject({ note: 'Schema migration', ticket: 'CHG-1' });
    // Alice may not decide on her own request; the refusal is in words.
    await expect(alice.requests.approve(created!.id, '')).rejects.toMatchObject({ code: 'forbidden' });
    await rita.requests.approve(created!.id, 'Go ahead');
    const after = await until(
      () => alice.summaryById(created!.id),
      (s) => s.status === 'ActiveNoLogon',
    );
    expect(after.status).toBe('ActiveNoLogon');
    await expect(rita.requests.approve(created!.id, '')).rejects.toMatchObject({ code: 'conflict' });

    const end = Date.parse(after.endDateTimeUtc!);
    const extended = await alice.requests.extend(created!.id, 15);
    expect(Date.parse(extended.scheduledEndDateTimeUtc!) - end).toBe(15 * 60_000);
  });

  it('denies with a note; refuses durations beyond the policy and extensions the policy forbids', async () => {
    const alice = await as('alice');
    const rita = await as('rita');
    const { card, policy, resources } = await approvalChoice(alice);
    const base = {
      managedAccountId: alice.managedAccountId()!,
      activityId: card.id,
      accessPolicyId: policy.policyId,
      managedResourceId: resources[0]!.id,
      startDateTimeUtc: null,
      note: null,
      ticket: null,
    };
    const tooLong = new Date(Date.now() + 61 * 60_000).toISOString();
    await expect(alice.requests.createSessions([{ ...base, endDateTimeUtc: tooLong }])).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('maximum of 60 minutes'),
    });
    const [created] = await alice.requests.createSessions([{ ...base, endDateTimeUtc: null }]);
    await rita.requests.deny(created!.id, 'Not during the freeze');
    const denied = await alice.summaryById(created!.id);
    expect(denied.status).toBe('ApprovalDenied');
    const log = await alice.sessionLogs(created!.id);
    expect(log.lines!.map((l) => l.logMessage).join('\n')).toContain('Not during the freeze');

    const ops = (await alice.requests.activityCards(alice.managedAccountId()!)).find(
      (c) => c.name === 'Linux Operator Shell (SSH)',
    )!;
    const opsResources = await alice.requests.candidateResources(
      alice.managedAccountId()!,
      ops.id,
      ops.policies![0]!.policyId,
    );
    const group = await alice.requests.createSessions(
      opsResources.map((r) => ({
        ...base,
        activityId: ops.id,
        accessPolicyId: ops.policies![0]!.policyId,
        managedResourceId: r.id,
        endDateTimeUtc: null,
      })),
    );
    expect(group).toHaveLength(2);
    const available = await until(
      () => alice.summaryById(group[0]!.id),
      (s) => s.status === 'ActiveNoLogon',
    );
    expect(available.status).toBe('ActiveNoLogon');
    await expect(alice.requests.extend(group[0]!.id, 10)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('does not allow extending'),
    });
  });

  it('services: the form’s rules before sending, the approver’s list without her own, decisions with outcomes', async () => {
    const log = new MemoryLogger();
    const alice = await as('alice');
    const adam = await as('adam');
    const requests = createRequestService({ call: (fn) => fn(alice), afterChange: () => undefined, log });
    const options = await requests.options();
    const root = options.activities.find((a) => a.name === 'Linux Root Shell (SSH)')!;
    const prod = root.policies.find((p) => p.name === 'Production databases')!;
    expect(prod).toMatchObject({ maxMinutes: 60, notesRequired: false, ticketRequired: false });
    const { resources } = await requests.resources(root.id, prod.id);
    const request = {
      activityId: root.id,
      policyId: prod.id,
      resourceIds: [resources[0]!.id],
      startAt: null,
      durationMinutes: 90,
      ticket: '',
      note: '',
    };
    await expect(requests.create(request)).rejects.toMatchObject({
      code: 'invalid_input',
      message: "Policy 'Production databases' allows at most 60 minutes.",
    });
    const past = new Date(Date.now() - 10 * 60_000).toISOString();
    await expect(requests.create({ ...request, durationMinutes: 30, startAt: past })).rejects.toMatchObject({
      message: 'The scheduled start is in the past.',
    });
    const created = await requests.create({ ...request, durationMinutes: 30, ticket: 'CHG-7' });
    expect(created).toMatchObject({ recovered: false });

    // adam (an administrator) also asks for one: it must not be on his own list.
    const adamRequests = createRequestService({ call: (fn) => fn(adam), afterChange: () => undefined, log });
    const own = await adamRequests.create({ ...request, durationMinutes: 30 });

    const approvals = createApprovalService({
      call: (fn) => fn(adam),
      identity: () => ({ server: sandbox.url, login: 'adam' }),
      afterChange: () => undefined,
      pollMs: () => 1000,
      log,
    });
    const list = await approvals.list();
    const ids = list.pending.map((p) => p.id);
    expect(ids).toContain(created.ids[0]);
    expect(ids).not.toContain(own.ids[0]);
    const item = list.pending.find((p) => p.id === created.ids[0])!;
    expect(item).toMatchObject({
      requester: 'Alice Adams',
      activity: 'Linux Root Shell (SSH)',
      ticket: 'CHG-7',
      durationMinutes: 30,
      status: 'waitingApproval',
    });

    const results = await approvals.decide([created.ids[0]!, own.ids[0]!], 'deny', 'Use the replica');
    expect(results.results.map((r) => r.ok)).toEqual([true, false]);
    expect(results.results[1]!.message).toMatch(/not allowed|may not decide/i);
    const after = await approvals.list();
    expect(after.pending.map((p) => p.id)).not.toContain(created.ids[0]);
    expect(after.decided[0]).toMatchObject({
      id: created.ids[0],
      decision: 'deny',
      comment: 'Use the replica',
      status: 'approvalDenied',
    });
  });

  it('a resource the policy does not cover is refused in words, and nothing is created', async () => {
    const alice = await as('alice');
    const requests = createRequestService({
      call: (fn) => fn(alice),
      afterChange: () => undefined,
      log: new MemoryLogger(),
    });
    const { card, policy, resources } = await approvalChoice(alice);
    const before = await alice.requests.summariesWithKeys('mine', 'Active');
    // The build agent is reached by another policy, not by 'Production databases'.
    const outside = '4e500000-0000-4000-8000-000000000006';
    expect(resources.map((r) => r.id)).not.toContain(outside);
    const refusal = await requests
      .create({
        activityId: card.id,
        policyId: policy.policyId,
        resourceIds: [outside],
        startAt: null,
        durationMinutes: 30,
        ticket: '',
        note: '',
      })
      .then(
        () => null,
        (error: unknown) => error as { code: string; message: string },
      );
    expect(refusal?.code).toBe('forbidden');
    expect(refusal?.message).toContain(
      "Policy 'Production databases' does not grant 'Linux Root Shell (SSH)' on 'lnx-build-01'",
    );
    const after = await alice.requests.summariesWithKeys('mine', 'Active');
    expect(after.length).toBe(before.length);
  });

  it('a create whose answer is lost is not sent again: the session the server made is found instead', async () => {
    // The real sandbox makes the session; its answer is then "lost" on the way back, as in a timeout.
    const real = createHttpTransport({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 2 });
    const posts: string[] = [];
    let loseAnswers = true;
    const lossy: HttpTransport = {
      origin: real.origin,
      cookies: real.cookies,
      serverPath: (path) => real.serverPath(path),
      close: () => real.close(),
      async send(request) {
        const response = await real.send(request);
        if (request.method === 'POST') posts.push(request.path);
        if (loseAnswers && request.method === 'POST' && request.path === '/api/v1/ActivitySession')
          throw new PamError('timeout', `${real.origin} did not answer in time.`);
        return response;
      },
    };
    const lossyClient = npsClientOver(lossy, sandbox.url);
    try {
      const alice = sandbox.users.find((u) => u.login === 'alice')!;
      const preMfa = await lossyClient.signInWithPassword('alice', alice.password);
      const api = lossyClient.withToken(await lossyClient.signInWithMfa(preMfa, sandbox.totp('alice')));
      const requests = createRequestService({
        call: (fn) => fn(api),
        afterChange: () => undefined,
        log: new MemoryLogger(),
      });
      const options = await requests.options();
      const ops = options.activities.find((a) => a.name === 'Linux Operator Shell (SSH)')!;
      const { resources } = await requests.resources(ops.id, ops.policies[0]!.id);
      const before = await api.requests.summariesWithKeys('mine', 'active');
      posts.length = 0;

      const result = await requests.create({
        activityId: ops.id,
        policyId: ops.policies[0]!.id,
        resourceIds: [resources[0]!.id],
        startAt: null,
        durationMinutes: 30,
        ticket: '',
        note: '',
      });

      expect(posts).toEqual(['/api/v1/ActivitySession']);
      expect(result.recovered).toBe(true);
      const after = await api.requests.summariesWithKeys('mine', 'active');
      const made = after.filter((s) => !before.some((b) => b.id === s.id));
      expect(made.map((s) => s.id)).toEqual(result.ids);
      loseAnswers = false;
    } finally {
      lossyClient.close();
    }
  });
});
