import CloseIcon from '@mui/icons-material/Close';
import DownloadIcon from '@mui/icons-material/Download';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LogLine, SessionRow } from '../../contract';
import { csvFileName, toCsv } from '../common/csv';
import { downloadText } from '../common/downloadFile';
import { describeError } from '../common/errorMessages';
import { formatDateTimeSeconds } from '../common/formatDate';
import { useDebouncedValue } from '../common/useDebouncedValue';
import { useSessionLogs } from './useSessionLogs';
import { IsolatedName } from '../common/IsolatedName';
import { RecordingsPanel, type RecordingSource } from './RecordingPlayer';
import { logFileName, logText, readableLine } from './logText';

interface Props {
  session: SessionRow;
  onClose(): void;
}

/** The Session Logs window: the action log of one session, live while open. */
export function SessionLogsDialog({ session, onClose }: Props) {
  const { lines, loading, error } = useSessionLogs(session.id);
  return (
    <SessionLogsFrame
      session={session}
      onClose={onClose}
      serverLines={lines}
      loading={loading}
      error={error}
      note="updates live"
      emptyText="This session has no log lines yet. New lines appear here as the server records them."
      recordings
    />
  );
}

interface FrameProps extends Props {
  serverLines: LogLine[];
  loading: boolean;
  error: unknown;
  /** After the line count: where the lines come from ("updates live", a cached copy's date). */
  note: ReactNode;
  /** Shown above the lines (e.g. "this is the cached copy"). */
  banner?: ReactNode;
  emptyText: string;
  /** The Recordings tab. */
  recordings: boolean;
  /** Where its recordings come from (default: the server). */
  recordingSource?: RecordingSource;
  /** The lines are the offline cache's, fetched then: the downloaded file says so. */
  cachedAt?: string | null;
}

/** The window itself, whatever the lines come from (the server live, or the history's log cache). */
export function SessionLogsFrame({
  session,
  onClose,
  serverLines,
  loading,
  error,
  note,
  banner,
  emptyText,
  recordings,
  recordingSource,
  cachedAt,
}: FrameProps) {
  // The server's words as sentences, dates in the user's locale, the same on screen, in the CSV and the text.
  const lines = useMemo(() => serverLines.map(readableLine), [serverLines]);
  const [filter, setFilter] = useState('');
  const [view, setView] = useState<'log' | 'recordings'>('log');
  const filterRef = useRef<HTMLInputElement>(null);
  // Ctrl+F means "find" here too: the log's filter, not the table's search behind the dialog.
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
    }
  };
  const settledFilter = useDebouncedValue(filter, 150);

  const shown = useMemo(() => {
    const needle = settledFilter.trim().toLowerCase();
    if (!needle) return lines;
    return lines.filter((line) => `${line.status}\u0000${line.message}`.toLowerCase().includes(needle));
  }, [lines, settledFilter]);

  const exportCsv = () => {
    const text = toCsv(
      ['Time', 'Status', 'Message'],
      shown.map((line) => [formatDateTimeSeconds(line.timestamp), line.status, line.message]),
    );
    downloadText(csvFileName(`session-logs-${session.host.replace(/[^\w.-]+/g, '_')}`), text);
  };
  const downloadLog = () =>
    downloadText(logFileName(session.id), logText({ ...session, cachedAt }, serverLines), 'text/plain;charset=utf-8');

  const problem = error ? describeError(error) : null;
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="session-logs-title"
      onKeyDown={onKeyDown}
      slotProps={{ paper: { sx: { height: '80vh' } } }}
    >
      <DialogTitle id="session-logs-title" sx={{ display: 'flex', alignItems: 'center', gap: 1, pr: 1.5 }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          Session Logs
          <Typography variant="body2" color="text.secondary" noWrap>
            <IsolatedName text={session.host} /> — <IsolatedName text={session.loginAccount} /> ·{' '}
            <IsolatedName text={session.activity} />
            {session.user && (
              <>
                {' · '}
                <IsolatedName text={session.user} />
              </>
            )}
          </Typography>
        </Box>
        <IconButton aria-label="Close session logs" onClick={onClose}>
          <CloseIcon fontSize="small" />
        </IconButton>
      </DialogTitle>
      <Tabs value={view} onChange={(_event, value: 'log' | 'recordings') => setView(value)} sx={{ px: 3 }}>
        <Tab value="log" label="Log lines" />
        {recordings && <Tab value="recordings" label="Recordings" />}
      </Tabs>
      {view === 'recordings' && (
        <DialogContent dividers sx={{ p: 0, display: 'flex', flexDirection: 'column' }}>
          <RecordingsPanel sessionId={session.id} source={recordingSource} />
        </DialogContent>
      )}
      <Box sx={{ display: view === 'log' ? 'flex' : 'none', gap: 1, alignItems: 'center', px: 3, pb: 1 }}>
        <TextField
          placeholder="Filter log lines"
          value={filter}
          inputRef={filterRef}
          onChange={(event) => setFilter(event.target.value)}
          slotProps={{
            htmlInput: { 'aria-label': 'Filter log lines' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
          sx={{ width: 320 }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} aria-live="polite">
          {shown.length === lines.length ? `${lines.length} lines` : `${shown.length} of ${lines.length} lines`} ·{' '}
          {note}
        </Typography>
        <Button variant="outlined" startIcon={<DownloadIcon />} onClick={downloadLog} disabled={!lines.length}>
          Download log
        </Button>
        <Button variant="outlined" startIcon={<DownloadIcon />} onClick={exportCsv} disabled={!shown.length}>
          Download CSV
        </Button>
      </Box>
      {loading && view === 'log' && <LinearProgress aria-label="Loading logs" />}
      <DialogContent dividers sx={{ p: 0, display: view === 'log' ? undefined : 'none' }}>
        {banner}
        {problem && (
          <Alert severity={lines.length ? 'warning' : 'error'} sx={{ m: 1.5 }}>
            <strong>{problem.title}.</strong>{' '}
            {lines.length ? 'Showing the lines loaded so far; retrying.' : problem.hint}
          </Alert>
        )}
        {!loading && !lines.length && !problem && (
          <Typography color="text.secondary" sx={{ p: 3 }}>
            {emptyText}
          </Typography>
        )}
        {lines.length > 0 && (
          <TableContainer>
            <Table size="small" stickyHeader aria-label="Session log lines">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: 190 }}>Time</TableCell>
                  <TableCell sx={{ width: 160 }}>Status</TableCell>
                  <TableCell>Message</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map((line) => (
                  <TableRow key={line.lineNumber} hover>
                    <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatDateTimeSeconds(line.timestamp)}
                    </TableCell>
                    <TableCell>{line.status}</TableCell>
                    <TableCell sx={{ wordBreak: 'break-word' }}>{line.message}</TableCell>
                  </TableRow>
                ))}
                {!shown.length && (
                  <TableRow>
                    <TableCell colSpan={3}>
                      <Typography color="text.secondary">No log lines match “{settledFilter}”.</Typography>
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </DialogContent>
    </Dialog>
  );
}
