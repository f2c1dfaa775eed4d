/**
 * The rules of the Activity Request window, as plain functions: what a choice must satisfy before it is
 * sent (the policy's maximum duration, a ticket or notes it requires, a start that is not in the past),
 * and the request built from a valid draft. Main and the server check again; these say it first, in words.
 */
import type { CreateSessionRequest, RequestPolicy } from '../../contract';

/** The contract's `MAX_REQUEST_MINUTES` (a week); the page imports the contract for types only. */
export const MAX_REQUEST_MINUTES = 7 * 24 * 60;

export interface RequestDraft {
  activityId: string | null;
  policyId: string | null;
  resourceIds: string[];
  when: 'now' | 'scheduled';
  /** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` gives it. */
  startLocal: string;
  /** As typed; whole minutes. */
  duration: string;
  ticket: string;
  note: string;
}

export type DraftField = 'activity' | 'policy' | 'resources' | 'start' | 'duration' | 'ticket' | 'note';
export type DraftProblems = Partial<Record<DraftField, string>>;

/** A start this far in the past still counts (the form was open a moment); the server allows as much. */
export const START_GRACE_MS = 60_000;
export const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 60 * 60_000;
export const MAX_RESOURCES = 50;
const DEFAULT_MINUTES = 60;

/** The policy's maximum, or the app's own bound when the policy states none (NPS sends 0 for "not set"). */
export function maxMinutesOf(policy: RequestPolicy | null): number {
  return policy?.maxMinutes ?? MAX_REQUEST_MINUTES;
}

/** An hour, or the policy's maximum when it is shorter. */
export function defaultDuration(policy: RequestPolicy | null): number {
  return Math.min(DEFAULT_MINUTES, maxMinutesOf(policy));
}

export function parseLocalStart(startLocal: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(startLocal)) return null;
  const time = new Date(startLocal).getTime();
  return Number.isNaN(time) ? null : time;
}

/** `YYYY-MM-DDTHH:mm` in local time for an instant (a scheduled start's default and minimum). */
export function toLocalInput(time: number): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function durationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} minutes`;
  const h = `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return rest ? `${h} ${rest} minutes` : h;
}

/** Every problem of the draft, per field, in words; empty when it may be sent. */
export function checkDraft(draft: RequestDraft, policy: RequestPolicy | null, now: number): DraftProblems {
  const problems: DraftProblems = {};
  if (!draft.activityId) problems.activity = 'Choose what you want to do.';
  else if (!policy) problems.policy = 'Choose the access policy to request it under.';
  if (draft.resourceIds.length === 0) problems.resources = 'Choose at least one resource.';
  else if (draft.resourceIds.length > MAX_RESOURCES)
    problems.resources = `Choose at most ${MAX_RESOURCES} resources in one request.`;

  if (draft.when === 'scheduled') {
    const start = parseLocalStart(draft.startLocal);
    if (start === null) problems.start = 'Enter the date and time the session should start.';
    else if (start < now - START_GRACE_MS) problems.start = 'The start is in the past. Choose a later time or Now.';
    else if (start > now + MAX_SCHEDULE_AHEAD_MS) problems.start = 'The start is more than a year ahead.';
  }

  const max = maxMinutesOf(policy);
  const text = draft.duration.trim();
  const minutes = Number(text);
  if (!/^\d+$/.test(text)) problems.duration = 'Enter the duration in whole minutes.';
  else if (minutes < 1) problems.duration = 'The session must last at least 1 minute.';
  else if (minutes > max)
    problems.duration = policy?.maxMinutes
      ? `Policy '${policy.name}' allows at most ${durationText(max)} (${max} minutes).`
      : `At most ${durationText(max)}.`;

  if (policy?.ticketRequired && !draft.ticket.trim())
    problems.ticket = `Policy '${policy.name}' requires a ticket number.`;
  else if (draft.ticket.trim().length > 256)
    problems.ticket = 'The ticket number is too long (256 characters at most).';
  if (policy?.notesRequired && !draft.note.trim()) problems.note = `Policy '${policy.name}' requires notes.`;
  else if (draft.note.trim().length > 2000) problems.note = 'The notes are too long (2,000 characters at most).';
  return problems;
}

/** `checkDraft` against the clock at this moment (for the send button, outside rendering). */
export function checkDraftNow(draft: RequestDraft, policy: RequestPolicy | null): DraftProblems {
  return checkDraft(draft, policy, Date.now());
}

export function hasProblems(problems: DraftProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** The request for a draft that `checkDraft` passed. */
export function toCreateRequest(draft: RequestDraft): CreateSessionRequest {
  const start = draft.when === 'scheduled' ? parseLocalStart(draft.startLocal) : null;
  return {
    activityId: draft.activityId ?? '',
    policyId: draft.policyId ?? '',
    resourceIds: [...new Set(draft.resourceIds)],
    startAt: start === null ? null : new Date(start).toISOString(),
    durationMinutes: Number(draft.duration.trim()),
    ticket: draft.ticket.trim(),
    note: draft.note.trim(),
  };
}

export interface SearchableResource {
  id: string;
  name: string;
  os: string;
}

/**
 * Resources whose name or OS contains every word typed, at most `limit` of them and how many matched in
 * all. A plain scan of lower-cased text: 5,000 resources take well under a millisecond.
 */
export function searchResources<T extends SearchableResource>(
  index: ReadonlyArray<{ resource: T; text: string }>,
  query: string,
  limit: number,
): { shown: T[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown: T[] = [];
  let total = 0;
  for (const entry of index) {
    if (words.every((word) => entry.text.includes(word))) {
      total += 1;
      if (shown.length < limit) shown.push(entry.resource);
    }
  }
  return { shown, total };
}

export function resourceIndex<T extends SearchableResource>(resources: readonly T[]) {
  return resources.map((resource) => ({ resource, text: `${resource.name} ${resource.os}`.toLowerCase() }));
}
