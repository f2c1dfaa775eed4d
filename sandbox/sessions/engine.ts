/**
 * The session state machine. Every step is driven either by a request (create, approve, end, ...) or by
 * the scheduler (approval timeout, scheduled start, provisioning done, expiry, end of cancelling), and
 * every step appends a line to the session's log as the product's action log does.
 *
 *   approval ─approve─▶ scheduled ─start─▶ provisioning ─ok─▶ active ─end/expiry─▶ cancelling ─▶ completed
 *      │ deny/timeout                          └─host unreachable─▶ failed
 *      ▼                  (end before start: approval/scheduled/provisioning ─▶ cancelled)
 *   denied / approvalFailed
 *
 * At the end of an active session the login account's password is rotated, so a copied password stops
 * working (see `checkCredential`).
 *
 * Over 300 lines on purpose: the whole state machine (transitions, the timers that drive them, their log lines)
 * reads in one place; split, a transition and the timer that undoes it would live apart.
 */
import { randomUUID } from 'node:crypto';
import { newPassword } from '../directory/defaultDirectory';
import type { Activity, Directory, DirectoryUser, LoginAccount, Policy, Resource } from '../directory/types';
import { conflict, forbidden, badRequest, notFound } from '../http/problem';
import type { Timings } from '../options';
import { type LogLine, type SessionRecord, isEnded, summaryStatusOf, UNTOUCHED_SESSION } from './model';
import { Scheduler } from './scheduler';
import { type IndexFields, SessionStore } from './store';
import { synthesizeLog } from './seedLog';

export interface CreateInput {
  managedAccountId: string;
  activityId: string;
  managedResourceId: string | null;
  managedResourceName: string | null;
  accessPolicyId: string | null;
  startMs: number | null;
  endMs: number | null;
  note: string | null;
  ticket: string | null;
}

interface Plan {
  user: DirectoryUser;
  activity: Activity;
  resource: Resource;
  policy: Policy;
  account: LoginAccount;
  start: number;
  end: number | null;
  note: string | null;
  ticket: string | null;
}

export interface EngineDeps {
  directory: Directory;
  timings: Timings;
  now: () => number;
  /** Called after every change, for persistence. */
  changed: () => void;
  /**
   * Called after a login account's password was rotated, to set it where the account really lives
   * (e.g. a real sshd's test account). Failures are logged, the rotation stands.
   */
  passwordRotated?: (resource: Resource, account: LoginAccount) => void | Promise<void>;
  log?: (line: string) => void;
}

/** Told about every change of a session (state, lock, end), e.g. so the SSH proxy can close connections. */
export type SessionListener = (rec: SessionRecord) => void;

/** Scheduled starts further ahead than this are refused (a typo, not a plan). */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600_000;
/** A start slightly in the past is accepted as "now" (client clocks drift). */
const START_GRACE_MS = 5 * 60_000;

export class SessionEngine {
  readonly users = new Map<string, DirectoryUser>();
  readonly usersByLogin = new Map<string, DirectoryUser>();
  readonly activities = new Map<string, Activity>();
  readonly resources = new Map<string, Resource>();
  readonly accounts = new Map<string, LoginAccount>();
  readonly policies = new Map<string, Policy>();
  readonly store: SessionStore;
  readonly #scheduler: Scheduler;
  readonly #listeners = new Set<SessionListener>();

  constructor(private readonly deps: EngineDeps) {
    this.reloadDirectory();
    this.store = new SessionStore((rec) => this.#index(rec));
    this.#scheduler = new Scheduler(deps.now, (id) => this.#onDue(id));
  }

  get directory(): Directory {
    return this.deps.directory;
  }

  get timings(): Timings {
    return this.deps.timings;
  }

  now(): number {
    return this.deps.now();
  }

  /** Rebuilds the id maps after the directory's lists changed (seeding adds resources and users). */
  reloadDirectory(): void {
    const d = this.deps.directory;
    this.users.clear();
    this.usersByLogin.clear();
    for (const u of d.users) {
      this.users.set(u.id, u);
      this.usersByLogin.set(u.login.toLowerCase(), u);
    }
    this.activities.clear();
    for (const a of d.activities) this.activities.set(a.id, a);
    this.resources.clear();
    for (const r of d.resources) this.resources.set(r.id, r);
    this.accounts.clear();
    for (const a of d.loginAccounts) this.accounts.set(a.id, a);
    this.policies.clear();
    for (const p of d.policies) this.policies.set(p.id, p);
  }

  stop(): void {
    this.#scheduler.stop();
  }

  // ── Look-ups ─────────────────────────────────────────────────────────────

  userOf(rec: SessionRecord): DirectoryUser | undefined {
    return this.users.get(rec.userId);
  }

  accountFor(resourceId: string, name: string): LoginAccount | undefined {
    return this.deps.directory.loginAccounts.find((a) => a.resourceId === resourceId && a.name === name);
  }

  /** Policies that let `userId` run `activityId` on `resourceId`. */
  policiesGranting(userId: string, activityId: string, resourceId: string): Policy[] {
    return this.deps.directory.policies.filter(
      (p) => p.userIds.includes(userId) && p.activityIds.includes(activityId) && p.resourceIds.includes(resourceId),
    );
  }

  #index(rec: SessionRecord): IndexFields {
    const user = this.users.get(rec.userId);
    const resource = this.resources.get(rec.resourceId);
    const activity = this.activities.get(rec.activityId);
    const policy = this.policies.get(rec.policyId);
    const account = this.accounts.get(rec.accountId);
    const words = [
      user?.login,
      user?.displayName,
      resource?.name,
      resource?.displayName,
      resource?.address,
      resource?.os,
      activity?.name,
      policy?.name,
      account?.name,
      summaryStatusOf(rec),
    ];
    return {
      descriptor: words.filter(Boolean).join('\u0001').toLowerCase(),
      extra: [rec.note, rec.ticket].filter(Boolean).join('\u0001').toLowerCase(),
      resourceKeys: resource ? [resource.name.toLowerCase(), resource.displayName.toLowerCase()] : [],
      userKeys: user ? [user.login.toLowerCase(), user.displayName.toLowerCase()] : [],
    };
  }

  // ── Logs ─────────────────────────────────────────────────────────────────

  logOf(rec: SessionRecord): LogLine[] {
    return rec.log ?? synthesizeLog(rec, this);
  }

  /**
   * A seeded session's log is synthesised from its state, so it must be written down before the state
   * changes; otherwise the new state would show up twice (synthesised and appended).
   */
  #materialize(rec: SessionRecord): LogLine[] {
    if (rec.log === null) rec.log = synthesizeLog(rec, this);
    return rec.log;
  }

  #append(rec: SessionRecord, message: string, error = false, status = true): void {
    this.#materialize(rec).push({ t: this.now(), e: error ? 1 : 0, m: message });
    if (status) rec.statusMessage = message;
    rec.modifiedAt = this.now();
  }

  #touch(rec: SessionRecord): void {
    this.store.reindex(rec);
    this.deps.changed();
    for (const listener of this.#listeners) listener(rec);
  }

  /** Calls `listener` after every change of any session; returns the function that stops it. */
  onSessionChange(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Appends a line to the session's log (the SSH proxy reports connections and commands this way).
   * `status: false` leaves the session's status message alone (a command is not a status).
   */
  appendLog(rec: SessionRecord, message: string, options: { error?: boolean; status?: boolean } = {}): void {
    this.#append(rec, message, options.error ?? false, options.status ?? true);
    this.#touch(rec);
  }

  /** Saves a change to a session made outside the engine (its proxy sessions). */
  saved(rec: SessionRecord): void {
    this.#touch(rec);
  }

  // ── Creation ─────────────────────────────────────────────────────────────

  /** Validates every request first, so a group is created entirely or not at all. */
  create(requester: DirectoryUser, inputs: CreateInput[]): SessionRecord[] {
    const now = this.now();
    const plans = inputs.map((input, index) =>
      this.#plan(requester, input, now, inputs.length > 1 ? `[${index}] ` : ''),
    );
    const groupId = inputs.length > 1 ? randomUUID() : null;
    return plans.map((plan) => this.#start(requester, plan, groupId, now));
  }

  #plan(requester: DirectoryUser, input: CreateInput, now: number, where: string): Plan {
    const user = this.users.get(input.managedAccountId.toLowerCase());
    if (!user) throw notFound(`${where}Managed account ${input.managedAccountId} was not found.`);
    if (user.id !== requester.id && requester.role !== 'admin') {
      throw forbidden(`${where}Only an administrator may request a session for another user.`);
    }
    const activity = this.activities.get(input.activityId.toLowerCase());
    if (!activity) throw notFound(`${where}Activity ${input.activityId} was not found.`);
    let resource: Resource | undefined;
    if (input.managedResourceId) resource = this.resources.get(input.managedResourceId.toLowerCase());
    else if (input.managedResourceName) {
      const name = input.managedResourceName.toLowerCase();
      resource = this.deps.directory.resources.find((r) => r.name.toLowerCase() === name);
    } else
      throw badRequest(`${where}managedResourceId or managedResourceName is required.`, {
        managedResourceId: ['required'],
      });
    if (!resource)
      throw notFound(`${where}Resource ${input.managedResourceId ?? input.managedResourceName} was not found.`);
    if (resource.platform !== activity.platform) {
      throw badRequest(
        `${where}Activity '${activity.name}' does not apply to ${resource.platform} resource '${resource.name}'.`,
      );
    }
    let policy: Policy | undefined;
    if (input.accessPolicyId) {
      policy = this.policies.get(input.accessPolicyId.toLowerCase());
      if (!policy) throw notFound(`${where}Access policy ${input.accessPolicyId} was not found.`);
      if (!this.policiesGranting(user.id, activity.id, resource.id).includes(policy)) {
        throw forbidden(
          `${where}Policy '${policy.name}' does not grant '${activity.name}' on '${resource.name}' to ${user.login}.`,
        );
      }
    } else {
      policy = this.policiesGranting(user.id, activity.id, resource.id)[0];
      if (!policy)
        throw forbidden(`${where}No access policy grants '${activity.name}' on '${resource.name}' to ${user.login}.`);
    }
    const account = this.accountFor(resource.id, activity.loginAccountName);
    if (!account)
      throw conflict(`${where}Resource '${resource.name}' has no login account '${activity.loginAccountName}'.`);
    if (policy.notesRequired && !input.note?.trim())
      throw badRequest(`${where}Policy '${policy.name}' requires a note.`, { note: ['required by policy'] });
    if (policy.ticketRequired && !input.ticket?.trim())
      throw badRequest(`${where}Policy '${policy.name}' requires a ticket.`, { ticket: ['required by policy'] });
    let start = input.startMs ?? now;
    if (start < now - START_GRACE_MS)
      throw badRequest(`${where}startDateTimeUtc is in the past.`, { startDateTimeUtc: ['in the past'] });
    if (start > now + MAX_SCHEDULE_AHEAD_MS)
      throw badRequest(`${where}startDateTimeUtc is more than a year ahead.`, { startDateTimeUtc: ['too far ahead'] });
    start = Math.max(start, now);
    const maxMs = policy.maxSessionMinutes * this.deps.timings.minuteMs;
    if (input.endMs !== null) {
      if (input.endMs <= start)
        throw badRequest(`${where}endDateTimeUtc must be after the start.`, { endDateTimeUtc: ['before start'] });
      if (input.endMs > start + maxMs) {
        throw badRequest(
          `${where}The session would exceed the policy's maximum of ${policy.maxSessionMinutes} minutes.`,
          { endDateTimeUtc: ['beyond maximum duration'] },
        );
      }
    }
    return {
      user,
      activity,
      resource,
      policy,
      account,
      start,
      end: input.endMs,
      note: input.note,
      ticket: input.ticket,
    };
  }

  #start(requester: DirectoryUser, plan: Plan, groupId: string | null, now: number): SessionRecord {
    const { user, activity, resource, policy, account, start } = plan;
    const maxMs = policy.maxSessionMinutes * this.deps.timings.minuteMs;
    const rec: SessionRecord = {
      id: randomUUID(),
      seq: this.store.nextSeq(),
      userId: user.id,
      createdBy: requester.id,
      activityId: activity.id,
      policyId: policy.id,
      resourceId: resource.id,
      accountId: account.id,
      groupId,
      state: 'scheduled',
      createdAt: now,
      modifiedAt: now,
      scheduledStart: start,
      scheduledEnd: plan.end ?? start + maxMs,
      requestedEnd: plan.end,
      ...UNTOUCHED_SESSION,
      note: plan.note?.trim() || null,
      ticket: plan.ticket?.trim() || null,
      log: [],
    };
    const onBehalf = requester.id === user.id ? '' : ` on behalf of ${user.displayName}`;
    this.#append(
      rec,
      `Session requested by ${requester.displayName}${onBehalf}: '${activity.name}' on ${resource.name} under policy '${policy.name}'`,
    );
    this.store.add(rec);
    if (policy.approvalRequired) {
      rec.state = 'approval';
      this.#append(rec, `Policy '${policy.name}' requires approval; waiting for an approver`);
      this.#due(rec, now + this.deps.timings.approvalTimeoutMs);
    } else {
      this.#schedule(rec, now);
    }
    this.#touch(rec);
    return rec;
  }

  /** After creation or approval: wait for a future start, or begin provisioning now. */
  #schedule(rec: SessionRecord, now: number): void {
    if (rec.scheduledStart > now) {
      rec.state = 'scheduled';
      this.#append(rec, `Session scheduled to start at ${new Date(rec.scheduledStart).toISOString()}`);
      this.#due(rec, rec.scheduledStart);
    } else {
      this.#provision(rec, now);
    }
  }

  #provision(rec: SessionRecord, now: number): void {
    const resource = this.resources.get(rec.resourceId);
    const account = this.accounts.get(rec.accountId);
    rec.state = 'provisioning';
    this.#append(
      rec,
      `Provisioning: preparing login account '${account?.name}' on ${resource?.name} (${resource?.address})`,
    );
    this.#due(rec, now + this.deps.timings.provisioningMs);
  }

  #due(rec: SessionRecord, at: number | null): void {
    rec.dueAt = at;
    if (at !== null) this.#scheduler.schedule(rec.id, at);
  }

  // ── Timers ───────────────────────────────────────────────────────────────

  /** Re-arms timers after a load: anything overdue while the server was down happens now. */
  restoreTimers(): void {
    for (const { rec } of this.store.entries()) {
      if (isEnded(rec.state)) continue;
      if (rec.dueAt !== null) this.#scheduler.schedule(rec.id, rec.dueAt);
      if (rec.autoLoginAt !== null) this.#scheduler.schedule(rec.id, rec.autoLoginAt);
    }
  }

  #onDue(id: string): void {
    const rec = this.store.get(id);
    if (!rec || isEnded(rec.state)) return;
    this.#materialize(rec);
    const now = this.now();
    let changed = false;
    if (rec.state === 'active' && rec.autoLoginAt !== null && rec.autoLoginAt <= now) {
      rec.autoLoginAt = null;
      if (rec.loginAt === null) this.#recordLogin(rec, now);
      changed = true;
    }
    if (rec.dueAt !== null && rec.dueAt <= now) {
      rec.dueAt = null;
      this.#advance(rec, now);
      changed = true;
    }
    if (changed) this.#touch(rec);
  }

  #advance(rec: SessionRecord, now: number): void {
    switch (rec.state) {
      case 'approval':
        rec.state = 'approvalFailed';
        rec.actualEnd = now;
        this.#append(rec, 'No approver decided in time; the request expired', true);
        return;
      case 'scheduled':
        this.#provision(rec, now);
        return;
      case 'provisioning':
        this.#activate(rec, now);
        return;
      case 'active':
        this.#append(rec, 'Session reached its end time');
        this.#beginCancelling(rec, now);
        return;
      case 'cancelling':
        this.#complete(rec, now);
        return;
      default:
        return;
    }
  }

  #activate(rec: SessionRecord, now: number): void {
    const resource = this.resources.get(rec.resourceId)!;
    const policy = this.policies.get(rec.policyId)!;
    if (!resource.reachable) {
      rec.state = 'failed';
      rec.actualEnd = now;
      this.#append(
        rec,
        `Provisioning failed: ${resource.name} (${resource.address}:${resource.port}) did not respond`,
        true,
      );
      return;
    }
    rec.state = 'active';
    rec.actualStart = now;
    const maxEnd = now + policy.maxSessionMinutes * this.deps.timings.minuteMs;
    rec.scheduledEnd = rec.requestedEnd !== null ? Math.min(rec.requestedEnd, maxEnd) : maxEnd;
    const activity = this.activities.get(rec.activityId);
    this.#append(
      rec,
      `Session available: connect with ${activity?.protocol.toUpperCase()} through the proxy until ${new Date(rec.scheduledEnd).toISOString()}`,
    );
    this.#due(rec, rec.scheduledEnd);
    // SSH sessions are logged in by the sandbox's proxy, which sees the real login; only the other
    // protocols still need the timer that pretends to see one.
    if (this.deps.timings.autoLoginMs !== null && activity?.protocol !== 'ssh') {
      rec.autoLoginAt = now + this.deps.timings.autoLoginMs;
      this.#scheduler.schedule(rec.id, rec.autoLoginAt);
    }
  }

  #recordLogin(rec: SessionRecord, now: number): void {
    rec.loginAt = now;
    const account = this.accounts.get(rec.accountId);
    const resource = this.resources.get(rec.resourceId);
    this.#append(rec, `Login detected: '${account?.name}' signed in on ${resource?.name}`);
  }

  #beginCancelling(rec: SessionRecord, now: number): void {
    rec.state = 'cancelling';
    rec.autoLoginAt = null;
    this.#due(rec, now + this.deps.timings.cancellingMs);
  }

  #complete(rec: SessionRecord, now: number): void {
    const account = this.accounts.get(rec.accountId);
    const resource = this.resources.get(rec.resourceId);
    if (account) {
      account.password = newPassword();
      this.#append(rec, `Password of '${account.name}' on ${resource?.name} rotated`);
      if (resource && this.deps.passwordRotated) {
        const report = (error: unknown) =>
          this.deps.log?.(
            `[sandbox] could not set the rotated password of '${account.name}' on ${resource.name}: ${error instanceof Error ? error.message : String(error)}`,
          );
        try {
          void Promise.resolve(this.deps.passwordRotated(resource, account)).catch(report);
        } catch (error) {
          report(error);
        }
      }
    }
    rec.state = 'completed';
    rec.actualEnd = now;
    rec.locked = false;
    this.#append(rec, 'Session completed');
  }

  // ── Actions ──────────────────────────────────────────────────────────────

  /** DELETE: cancels a session that has not started, or starts ending an active one. */
  end(rec: SessionRecord, actor: DirectoryUser): void {
    this.#materialize(rec);
    const now = this.now();
    if (isEnded(rec.state)) throw conflict(`The session has already ended (${summaryStatusOf(rec)}).`);
    if (rec.state === 'cancelling') return;
    rec.cancelledBy = actor.id;
    if (rec.state === 'active') {
      this.#append(rec, `End requested by ${actor.displayName}`);
      this.#beginCancelling(rec, now);
    } else {
      rec.state = 'cancelled';
      rec.actualEnd = now;
      rec.dueAt = null;
      this.#append(rec, `Cancelled by ${actor.displayName} before it started`);
    }
    this.#touch(rec);
  }

  extend(rec: SessionRecord, actor: DirectoryUser, minutes: number): void {
    this.#materialize(rec);
    const policy = this.policies.get(rec.policyId)!;
    if (!policy.allowSessionExtension) throw forbidden(`Policy '${policy.name}' does not allow extending sessions.`);
    if (rec.state !== 'active')
      throw conflict(`Only an available or logged-in session can be extended (it is ${summaryStatusOf(rec)}).`);
    if (rec.locked) throw conflict('A locked session cannot be extended.');
    rec.scheduledEnd = (rec.scheduledEnd ?? this.now()) + minutes * this.deps.timings.minuteMs;
    rec.extensionCount += 1;
    rec.extensionMinutes += minutes;
    this.#append(
      rec,
      `Extended by ${minutes} minutes by ${actor.displayName}; new end ${new Date(rec.scheduledEnd).toISOString()}`,
    );
    this.#due(rec, rec.scheduledEnd);
    this.#touch(rec);
  }

  approve(rec: SessionRecord, actor: DirectoryUser, notes: string | null): void {
    this.#materialize(rec);
    if (rec.state !== 'approval')
      throw conflict(`The session is not waiting for approval (it is ${summaryStatusOf(rec)}).`);
    this.#append(rec, `Approved by ${actor.displayName}${notes ? `: ${notes}` : ''}`);
    this.#schedule(rec, this.now());
    this.#touch(rec);
  }

  deny(rec: SessionRecord, actor: DirectoryUser, notes: string | null): void {
    this.#materialize(rec);
    if (rec.state !== 'approval')
      throw conflict(`The session is not waiting for approval (it is ${summaryStatusOf(rec)}).`);
    rec.state = 'denied';
    rec.actualEnd = this.now();
    rec.dueAt = null;
    this.#append(rec, `Denied by ${actor.displayName}${notes ? `: ${notes}` : ''}`, true);
    this.#touch(rec);
  }

  /** Locks or unlocks all of `records`, or none if one of them is not active. */
  setLocked(records: SessionRecord[], actor: DirectoryUser, locked: boolean, message: string | null): void {
    const wrong = records.find((rec) => rec.state !== 'active');
    if (wrong)
      throw conflict(
        `Session ${wrong.id} is ${summaryStatusOf(wrong)}; only available or logged-in sessions can be locked or unlocked.`,
      );
    for (const rec of records) {
      if (rec.locked === locked) continue;
      this.#materialize(rec);
      rec.locked = locked;
      rec.lockMessage = locked ? message : null;
      this.#append(
        rec,
        locked ? `Locked by ${actor.displayName}${message ? `: ${message}` : ''}` : `Unlocked by ${actor.displayName}`,
      );
      this.#touch(rec);
    }
  }

  /** A login to the resource was seen (by the proxy, or the sandbox's control endpoint). */
  seeLogin(rec: SessionRecord): void {
    this.#materialize(rec);
    if (rec.state !== 'active') throw conflict(`No login is possible: the session is ${summaryStatusOf(rec)}.`);
    if (rec.loginAt !== null) return;
    this.#recordLogin(rec, this.now());
    this.#touch(rec);
  }

  /** Why the password may not be shown now, or null when it may. Role checks are the caller's. */
  passwordRefusal(rec: SessionRecord): { status: 403 | 409; detail: string } | null {
    const policy = this.policies.get(rec.policyId)!;
    if (!policy.allowPasswordAccess)
      return { status: 403, detail: `Policy '${policy.name}' does not allow password access.` };
    if (rec.state !== 'active')
      return {
        status: 409,
        detail: `The password is only available while the session is available or logged in (it is ${summaryStatusOf(rec)}).`,
      };
    if (rec.locked) return { status: 409, detail: 'The session is locked.' };
    return null;
  }

  /**
   * Returns the login account's current password and records who took it. The endpoint is NPS's
   * CopyPasswordAsync ("Display password to be copied to clipboard"), so the log says copied.
   */
  revealPassword(rec: SessionRecord, actor: DirectoryUser): string {
    this.#materialize(rec);
    const account = this.accounts.get(rec.accountId)!;
    this.#append(rec, `Password of '${account.name}' copied by ${actor.displayName}`);
    this.#touch(rec);
    return account.password;
  }

  /** The check a resource makes at login: does this password open this account now? */
  checkCredential(resourceName: string, accountName: string, password: string): boolean {
    const resource = this.deps.directory.resources.find((r) => r.name.toLowerCase() === resourceName.toLowerCase());
    if (!resource) return false;
    const account = this.accountFor(resource.id, accountName);
    return account !== undefined && account.password === password;
  }
}
