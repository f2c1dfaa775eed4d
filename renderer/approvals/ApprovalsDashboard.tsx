import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import type { ApprovalItem, Decision, FeedStatus } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { describeError } from '../common/errorMessages';
import { formatDateTime, formatTime } from '../common/formatDate';
import { StatusChip } from '../dashboard/StatusChip';
import { useNotify } from '../shell/Notifier';
import { DecisionDialog } from './DecisionDialog';
import { DecisionButtons } from './DecisionButtons';
import { durationText, requestedStartText } from './approvalText';
import { useApprovals } from './useApprovals';

const plural = (n: number) => (n === 1 ? 'request' : 'requests');
const cellText = { maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

/**
 * The approver's first screen: the requests waiting for her decision, approve or deny several at once,
 * and what she decided recently with where each session stands now.
 */
export function ApprovalsDashboard({ onStatus }: { onStatus?: (status: FeedStatus) => void }) {
  const notify = useNotify();
  const { list, error, loading, refresh } = useApprovals();
  // The status bar tells how fresh this list is (the session feed does not run on this tab).
  useEffect(() => {
    if (!onStatus || loading) return;
    const problem = error ? describeError(error) : null;
    onStatus({
      state: problem ? (problem.code === 'unreachable' || problem.code === 'timeout' ? 'offline' : 'error') : 'live',
      message: problem ? problem.detail || problem.title : '',
      code: problem && problem.code !== 'unknown' ? problem.code : null,
      lastSuccessAt: list?.fetchedAt ?? null,
    });
  }, [onStatus, loading, error, list]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [deciding, setDeciding] = useState<{ decision: Decision; requests: ApprovalItem[] } | null>(null);

  const pending = useMemo(() => list?.pending ?? [], [list]);
  // Requests someone else decided (or that expired) leave the selection with the list.
  const selected = useMemo(() => pending.filter((item) => chosen.has(item.id)), [pending, chosen]);
  const allChosen = pending.length > 0 && selected.length === pending.length;

  const toggle = (id: string) =>
    setChosen((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const problem = error ? describeError(error) : null;
  const decided = list?.decided ?? [];
  return (
    <Paper
      variant="outlined"
      sx={{ height: '100%', display: 'flex', flexDirection: 'column', minHeight: 0, overflow: 'auto' }}
    >
      <Box sx={{ px: 1.5, pt: 1.25, pb: 1, display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h1" sx={{ mr: 1 }}>
          Approvals
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid="approvals-count" aria-live="polite">
          {loading ? 'Loading…' : `${pending.length} waiting for you`}
        </Typography>
        <Divider orientation="vertical" flexItem sx={{ mx: 0.5 }} />
        <DecisionButtons
          disabled={!selected.length}
          onDecide={(decision) => setDeciding({ decision, requests: selected })}
        />
        {selected.length > 0 && (
          <Typography variant="body2" color="text.secondary" aria-live="polite">
            {selected.length} selected
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        {list && (
          <Typography variant="caption" color="text.secondary">
            Checked at {formatTime(list.fetchedAt)}
          </Typography>
        )}
        <Button startIcon={<RefreshIcon />} onClick={() => void refresh()}>
          Refresh
        </Button>
      </Box>
      {problem && (
        <Alert severity={list ? 'warning' : 'error'} sx={{ mx: 1.5, mb: 1 }} role="alert">
          <strong>
            {list ? 'The list could not be updated' : 'The requests could not be loaded'}: {problem.title.toLowerCase()}
            .
          </strong>{' '}
          {problem.detail || problem.hint}
        </Alert>
      )}

      <TableContainer sx={{ borderTop: 1, borderColor: 'divider', flexShrink: 0 }}>
        <Table size="small" aria-label="Requests waiting for approval" stickyHeader>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox">
                <Checkbox
                  checked={allChosen}
                  indeterminate={selected.length > 0 && !allChosen}
                  disabled={!pending.length}
                  onChange={() => setChosen(allChosen ? new Set() : new Set(pending.map((p) => p.id)))}
                  slotProps={{ input: { 'aria-label': 'Select all requests' } }}
                />
              </TableCell>
              <TableCell>Requester</TableCell>
              <TableCell>Activity</TableCell>
              <TableCell>Resource</TableCell>
              <TableCell>Start</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Ticket</TableCell>
              <TableCell>Notes</TableCell>
              <TableCell>Requested</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pending.map((item) => (
              <TableRow
                key={item.id}
                hover
                selected={chosen.has(item.id)}
                data-id={item.id}
                onClick={() => toggle(item.id)}
                sx={{ cursor: 'pointer' }}
              >
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={chosen.has(item.id)}
                    onClick={(event) => event.stopPropagation()}
                    onChange={() => toggle(item.id)}
                    slotProps={{
                      input: { 'aria-label': `Select the request of ${item.requester} for ${item.resource}` },
                    }}
                  />
                </TableCell>
                <TableCell data-field="requester">
                  <IsolatedName text={item.requester} />
                </TableCell>
                <TableCell data-field="activity">
                  <IsolatedName text={item.activity} />
                </TableCell>
                <TableCell data-field="resource">
                  <IsolatedName text={item.resource} />
                </TableCell>
                <TableCell data-field="start">{requestedStartText(item)}</TableCell>
                <TableCell data-field="duration">{durationText(item.durationMinutes)}</TableCell>
                <TableCell data-field="ticket">
                  <IsolatedName text={item.ticket} />
                </TableCell>
                <TableCell data-field="note" sx={cellText} title={item.note}>
                  <IsolatedName text={item.note} />
                </TableCell>
                <TableCell data-field="requestedAt">{formatDateTime(item.requestedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {!loading && !pending.length && !problem && (
        <Box role="status" sx={{ p: 3, textAlign: 'center' }}>
          <Typography variant="h6" component="p">
            No requests are waiting for your approval
          </Typography>
          <Typography variant="body2" color="text.secondary">
            New requests for the policies you approve appear here by themselves. Your own sessions are on the Active
            Dashboard tab.
          </Typography>
        </Box>
      )}

      <Typography variant="subtitle1" component="h2" sx={{ px: 1.5, pt: 2.5, pb: 0.5, fontWeight: 600 }}>
        Recently decided
      </Typography>
      {decided.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ px: 1.5, pb: 2 }}>
          Requests you approve or deny are listed here with where each session stands now.
        </Typography>
      ) : (
        <TableContainer sx={{ borderTop: 1, borderColor: 'divider' }}>
          <Table size="small" aria-label="Recently decided">
            <TableHead>
              <TableRow>
                <TableCell>Decision</TableCell>
                <TableCell>Requester</TableCell>
                <TableCell>Activity</TableCell>
                <TableCell>Resource</TableCell>
                <TableCell>Comment</TableCell>
                <TableCell>Decided</TableCell>
                <TableCell>Status now</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {decided.map((item) => (
                <TableRow key={item.id} data-id={item.id}>
                  <TableCell data-field="decision">
                    <Chip
                      size="small"
                      label={item.decision === 'approve' ? 'Approved' : 'Denied'}
                      color={item.decision === 'approve' ? 'success' : 'error'}
                      variant="outlined"
                    />
                  </TableCell>
                  <TableCell>
                    <IsolatedName text={item.requester} />
                  </TableCell>
                  <TableCell>
                    <IsolatedName text={item.activity} />
                  </TableCell>
                  <TableCell>
                    <IsolatedName text={item.resource} />
                  </TableCell>
                  <TableCell sx={cellText} title={item.comment}>
                    <IsolatedName text={item.comment} />
                  </TableCell>
                  <TableCell>{formatTime(item.decidedAt)}</TableCell>
                  <TableCell data-field="status">
                    <StatusChip status={item.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      {deciding && (
        <DecisionDialog
          decision={deciding.decision}
          requests={deciding.requests}
          onClose={() => setDeciding(null)}
          onDecided={(count) => {
            setChosen(new Set());
            notify(`${deciding.decision === 'approve' ? 'Approved' : 'Denied'} ${count} ${plural(count)}.`);
            void refresh();
          }}
        />
      )}
    </Paper>
  );
}
