/**
 * The Activity Request window: what, on what, when, how long, ticket and notes, checked against the policy
 * before sending and sent once. Over 300 lines: one form whose fields depend on each other (the policy
 * decides the rest); the rules are in `requestRules.ts`, the resource search in `ResourcePicker.tsx`.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { ActionDialogActions } from '../common/ActionDialogFooter';
import { useNow } from '../common/useNow';
import type { CreatedSessions, RequestActivity, RequestOptions, RequestResource } from '../../contract';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { ResourcePicker } from './ResourcePicker';
import {
  checkDraft,
  checkDraftNow,
  defaultDuration,
  durationText,
  hasProblems,
  maxMinutesOf,
  toCreateRequest,
  toLocalInput,
  type DraftField,
  type RequestDraft,
} from './requestRules';

interface Props {
  onClose(): void;
  onCreated(result: CreatedSessions): void;
}

const emptyDraft: RequestDraft = {
  activityId: null,
  policyId: null,
  resourceIds: [],
  when: 'now',
  startLocal: '',
  duration: '60',
  ticket: '',
  note: '',
};

/**
 * The Activity Request window: what (activity), under which policy, on what (resources), when and for how
 * long, with the ticket and notes the policy asks for. Problems are explained beside each field before
 * anything is sent; the request is sent once, and a refusal is shown in the server's words with the form
 * kept as it was.
 */
export function CreateSessionDialog({ onClose, onCreated }: Props) {
  const pam = usePam();
  const [options, setOptions] = useState<RequestOptions | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState<RequestDraft>(emptyDraft);
  const [resources, setResources] = useState<{ key: string; list: RequestResource[] } | null>(null);
  const [resourcesError, setResourcesError] = useState<unknown>(null);
  const [touched, setTouched] = useState<Set<DraftField>>(new Set());
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);

  useEffect(() => {
    let alive = true;
    pam.requests.options().then(
      (value) => {
        if (!alive) return;
        setOptions(value);
        setLoadError(null);
        const only = value.activities.length === 1 ? value.activities[0] : undefined;
        if (only) setDraft((d) => withActivity(d, only));
      },
      (failure: unknown) => alive && setLoadError(failure),
    );
    return () => {
      alive = false;
    };
  }, [pam, attempt]);

  const activity = options?.activities.find((a) => a.id === draft.activityId) ?? null;
  const policy = activity?.policies.find((p) => p.id === draft.policyId) ?? null;
  const resourcesKey = activity && policy ? `${activity.id}|${policy.id}` : null;

  useEffect(() => {
    if (!resourcesKey) return;
    let alive = true;
    const [activityId = '', policyId = ''] = resourcesKey.split('|');
    pam.requests.resources({ activityId, policyId }).then(
      (value) => {
        if (!alive) return;
        setResources({ key: resourcesKey, list: value.resources });
        setResourcesError(null);
      },
      (failure: unknown) => alive && setResourcesError(failure),
    );
    return () => {
      alive = false;
    };
  }, [pam, resourcesKey]);

  // The clock ticks while the form is open, so a start that slips into the past says so before sending.
  const now = useNow(15_000);
  const problems = checkDraft(draft, policy, now);
  const shown = (field: DraftField) => (touched.has(field) ? problems[field] : undefined);
  const touch = (...fields: DraftField[]) => setTouched((before) => new Set([...before, ...fields]));
  const set = (patch: Partial<RequestDraft>, ...fields: DraftField[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSendError(null);
    if (fields.length) touch(...fields);
  };

  const resourceList = resources && resources.key === resourcesKey ? resources.list : null;
  const max = maxMinutesOf(policy);
  const startMin = toLocalInput(now);

  const send = async () => {
    touch('activity', 'policy', 'resources', 'start', 'duration', 'ticket', 'note');
    setAttempted(true);
    if (hasProblems(checkDraftNow(draft, policy))) return;
    setSending(true);
    setSendError(null);
    try {
      const created = await pam.requests.create(toCreateRequest(draft));
      onCreated(created);
    } catch (failure) {
      setSendError(failure);
      setSending(false);
    }
  };

  const sendProblem = sendError ? describeError(sendError) : null;
  const loadProblem = loadError ? describeError(loadError) : null;
  const resourcesProblem = resourcesError ? describeError(resourcesError) : null;
  return (
    <Dialog open onClose={sending ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="create-session-title">
      <DialogTitle id="create-session-title">Create Session</DialogTitle>
      <DialogContent dividers>
        {!options && !loadProblem && (
          <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center', py: 2 }}>
            <CircularProgress size={18} /> Loading what you may request…
          </Box>
        )}
        {loadProblem && (
          <Alert
            severity="error"
            role="alert"
            action={
              <Button color="inherit" onClick={() => setAttempt((n) => n + 1)}>
                Retry
              </Button>
            }
          >
            <strong>{loadProblem.title}.</strong> {loadProblem.detail || loadProblem.hint}
          </Alert>
        )}
        {options && options.activities.length === 0 && (
          <Alert severity="info" role="status">
            No access policy lets you request a session yet. Ask a PAM administrator to add you to one.
          </Alert>
        )}
        {options && options.activities.length > 0 && (
          <Box component="form" noValidate sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }}>
            <TextField
              select
              label="Activity"
              value={draft.activityId ?? ''}
              onChange={(event) => {
                const chosen = options.activities.find((a) => a.id === event.target.value);
                if (chosen) {
                  setDraft((d) => withActivity(d, chosen));
                  setSendError(null);
                }
              }}
              error={Boolean(shown('activity'))}
              helperText={shown('activity') ?? activity?.description}
              disabled={sending}
              required
            >
              {options.activities.map((a) => (
                <MenuItem key={a.id} value={a.id}>
                  {a.name}
                </MenuItem>
              ))}
            </TextField>

            {activity && activity.policies.length > 1 && (
              <TextField
                select
                label="Access policy"
                value={draft.policyId ?? ''}
                onChange={(event) => {
                  const chosen = activity.policies.find((p) => p.id === event.target.value) ?? null;
                  setDraft((d) => ({
                    ...d,
                    policyId: chosen?.id ?? null,
                    resourceIds: [],
                    duration: String(defaultDuration(chosen)),
                  }));
                  setSendError(null);
                }}
                error={Boolean(shown('policy'))}
                helperText={shown('policy')}
                disabled={sending}
                required
              >
                {activity.policies.map((p) => (
                  <MenuItem key={p.id} value={p.id}>
                    {p.name}
                    {p.maxMinutes ? ` — up to ${durationText(p.maxMinutes)}` : ''}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {policy && (
              <Typography variant="body2" color="text.secondary" data-testid="policy-summary">
                Policy ‘{policy.name}’:{' '}
                {policy.maxMinutes ? `up to ${durationText(policy.maxMinutes)}` : 'no stated maximum'}
                {policy.ticketRequired ? ' · a ticket number is required' : ''}
                {policy.notesRequired ? ' · notes are required' : ''}
              </Typography>
            )}

            {policy && (
              <Box>
                <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
                  Resources
                </Typography>
                {resourcesProblem ? (
                  <Alert severity="error" role="alert">
                    <strong>The resources could not be loaded.</strong>{' '}
                    {resourcesProblem.detail || resourcesProblem.hint}
                  </Alert>
                ) : resourceList ? (
                  <ResourcePicker
                    resources={resourceList}
                    selected={draft.resourceIds}
                    onChange={(resourceIds) => set({ resourceIds }, 'resources')}
                    error={shown('resources')}
                    disabled={sending}
                  />
                ) : (
                  <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                    <CircularProgress size={16} /> Loading resources…
                  </Box>
                )}
              </Box>
            )}

            <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
              <RadioGroup
                row
                aria-label="When"
                value={draft.when}
                onChange={(event) => {
                  const when = event.target.value === 'scheduled' ? 'scheduled' : 'now';
                  set({
                    when,
                    startLocal:
                      when === 'scheduled' && !draft.startLocal
                        ? toLocalInput(Date.now() + 60 * 60_000)
                        : draft.startLocal,
                  });
                }}
              >
                <FormControlLabel value="now" control={<Radio size="small" />} label="Now" disabled={sending} />
                <FormControlLabel
                  value="scheduled"
                  control={<Radio size="small" />}
                  label="Scheduled"
                  disabled={sending}
                />
              </RadioGroup>
              {draft.when === 'scheduled' && (
                <TextField
                  label="Start"
                  type="datetime-local"
                  value={draft.startLocal}
                  onChange={(event) => set({ startLocal: event.target.value }, 'start')}
                  error={Boolean(shown('start'))}
                  helperText={shown('start') ?? 'Your local time'}
                  disabled={sending}
                  slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: startMin } }}
                />
              )}
            </Box>

            <TextField
              label="Duration (minutes)"
              value={draft.duration}
              onChange={(event) => set({ duration: event.target.value }, 'duration')}
              error={Boolean(shown('duration'))}
              helperText={
                shown('duration') ??
                (policy?.maxMinutes ? `At most ${max} minutes (${durationText(max)}) under this policy` : undefined)
              }
              disabled={sending}
              slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-describedby': undefined } }}
              required
            />
            <TextField
              label={policy?.ticketRequired ? 'Ticket number (required)' : 'Ticket number'}
              value={draft.ticket}
              onChange={(event) => set({ ticket: event.target.value }, 'ticket')}
              error={Boolean(shown('ticket'))}
              helperText={shown('ticket')}
              disabled={sending}
              slotProps={{ htmlInput: { maxLength: 256 } }}
            />
            <TextField
              label={policy?.notesRequired ? 'Notes (required)' : 'Notes'}
              value={draft.note}
              onChange={(event) => set({ note: event.target.value }, 'note')}
              error={Boolean(shown('note'))}
              helperText={shown('note')}
              disabled={sending}
              multiline
              minRows={2}
              slotProps={{ htmlInput: { maxLength: 2000 } }}
            />
          </Box>
        )}
      </DialogContent>
      {/* Outside the scrolling content, so the reason is in view whatever the scroll position. */}
      {attempted && hasProblems(problems) && (
        <Alert severity="warning" sx={{ mx: 3, mt: 1.5 }} role="alert" aria-label="Not sent">
          <strong>Nothing was sent.</strong> {Object.values(problems).join(' ')}
        </Alert>
      )}
      {sendProblem && (
        <Alert severity="error" sx={{ mx: 3, mt: 1.5 }} role="alert">
          <strong>The request was not accepted: {sendProblem.title.toLowerCase()}.</strong>{' '}
          {sendProblem.detail || sendProblem.hint}
        </Alert>
      )}
      <ActionDialogActions
        busy={sending}
        onClose={onClose}
        onConfirm={() => void send()}
        disabled={!options || options.activities.length === 0}
      >
        Request Session
      </ActionDialogActions>
    </Dialog>
  );
}

function withActivity(draft: RequestDraft, activity: RequestActivity): RequestDraft {
  const policy = activity.policies[0] ?? null;
  return {
    ...draft,
    activityId: activity.id,
    policyId: policy?.id ?? null,
    resourceIds: [],
    duration: String(defaultDuration(policy)),
  };
}
