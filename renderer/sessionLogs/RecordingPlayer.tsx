/**
 * Replay of a session's recorded SSH connections, in the Session Logs window: the connections to choose
 * from, and a read-only xterm that plays one back — play, pause, speed, seek — beside the commands typed,
 * each with its time (a click seeks there). Seeking back redraws from the start (the terminal's state is
 * the sum of everything before), which for a recording of at most 32 MiB takes a moment at most.
 *
 * Over 300 lines: one player (transport controls, the timed write loop, seeking, the command list) whose parts
 * share the playback clock.
 */
import '@xterm/xterm/css/xterm.css';
import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Slider from '@mui/material/Slider';
import Typography from '@mui/material/Typography';
import { Terminal } from '@xterm/xterm';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Recording, RecordingSummary } from '../../contract';
import { describeError } from '../common/errorMessages';
import { formatDateTimeSeconds } from '../common/formatDate';
import { usePam } from '../pam';

const SPEEDS = [0.5, 1, 2, 4, 8, 16];

/**
 * Where the recordings come from: the server (the Session Logs window), or the history's cache and the server
 * (the History window: `cached` marks what is kept here; `note` says plainly what is not).
 */
export interface RecordingSource {
  list(
    sessionId: string,
  ): Promise<{ recordings: Array<RecordingSummary & { cached?: boolean }>; note?: string | null }>;
  get(
    sessionId: string,
    proxySessionId: string,
  ): Promise<{ recording: Recording | null; note?: string | null; cachedAt?: string | null }>;
}

/** The server's recordings (`recordings.*`). */
function useServerRecordings(): RecordingSource {
  const pam = usePam();
  return useMemo(
    () => ({
      list: (sessionId) => pam.recordings.list({ sessionId }),
      get: async (sessionId, proxySessionId) => ({
        recording: await pam.recordings.get({ sessionId, proxySessionId }),
      }),
    }),
    [pam],
  );
}

/** `m:ss.d` (or `h:mm:ss.d`) of a recording offset, to the tenth of a second. */
export function clock(ms: number): string {
  const tenths = Math.max(0, Math.floor(ms / 100));
  const total = Math.floor(tenths / 10);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = `${String(total % 60).padStart(2, '0')}.${tenths % 10}`;
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function decode(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The session's recordings: a choice of connection (the latest first) and its player. */
export function RecordingsPanel({ sessionId, source }: { sessionId: string; source?: RecordingSource }) {
  const server = useServerRecordings();
  const from = source ?? server;
  const [list, setList] = useState<Array<RecordingSummary & { cached?: boolean }> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    from.list(sessionId).then(
      ({ recordings, note: said }) => {
        if (cancelled) return;
        const latestFirst = [...recordings].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
        setList(latestFirst);
        setNote(said ?? null);
        setChosen((current) => current ?? latestFirst[0]?.proxySessionId ?? null);
      },
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
    };
  }, [from, sessionId]);

  if (error) {
    const problem = describeError(error);
    return (
      <Alert severity="error" sx={{ m: 1.5 }}>
        <strong>{problem.title}.</strong> {problem.hint}
      </Alert>
    );
  }
  if (!list) return <LinearProgress aria-label="Loading recordings" />;
  if (!list.length)
    return note ? (
      <Alert severity="info" sx={{ m: 1.5 }} data-testid="recordings-note">
        {note}
      </Alert>
    ) : (
      <Typography color="text.secondary" sx={{ p: 3 }}>
        This session has no recorded SSH connections.
      </Typography>
    );
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, p: 1.5, height: '100%', minHeight: 0 }}>
      <Select
        size="small"
        value={chosen ?? ''}
        onChange={(event) => setChosen(event.target.value)}
        inputProps={{ 'aria-label': 'Recorded connection' }}
        sx={{ alignSelf: 'flex-start', minWidth: 360 }}
      >
        {list.map((recording) => (
          <MenuItem key={recording.proxySessionId} value={recording.proxySessionId}>
            SSH connection at {formatDateTimeSeconds(recording.startedAt)}
            {recording.active ? ' (open now)' : ''} · {recording.commands.length} commands
            {recording.cached ? ' · cached' : ''}
          </MenuItem>
        ))}
      </Select>
      {note && <Alert severity="info">{note}</Alert>}
      {chosen && <RecordingPlayer key={chosen} sessionId={sessionId} proxySessionId={chosen} source={from} />}
    </Box>
  );
}

interface Loaded {
  recording: Recording;
  chunks: Array<{ t: number; bytes: Uint8Array }>;
}

export function RecordingPlayer({
  sessionId,
  proxySessionId,
  source,
}: {
  sessionId: string;
  proxySessionId: string;
  source?: RecordingSource;
}) {
  const server = useServerRecordings();
  const from = source ?? server;
  const [missing, setMissing] = useState<string | null>(null);
  const [cachedAt, setCachedAt] = useState<string | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  // Where the terminal's contents are: the next chunk to write and the time drawn up to.
  const cursor = useRef({ next: 0, at: 0, resize: 0 });

  useEffect(() => {
    let cancelled = false;
    from.get(sessionId, proxySessionId).then(
      ({ recording, note, cachedAt: at }) => {
        if (cancelled) return;
        if (!recording) {
          setMissing(note ?? 'This recording is not available.');
          return;
        }
        setCachedAt(at ?? null);
        setLoaded({ recording, chunks: recording.output.map((chunk) => ({ t: chunk.t, bytes: decode(chunk.data) })) });
      },
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
    };
  }, [from, sessionId, proxySessionId]);

  useEffect(() => {
    if (!loaded || !host.current) return;
    const terminal = new Terminal({
      cols: loaded.recording.cols,
      rows: loaded.recording.rows,
      disableStdin: true,
      cursorBlink: false,
      scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      theme: { background: '#1e1e1e' },
    });
    terminal.open(host.current);
    term.current = terminal;
    cursor.current = { next: 0, at: 0, resize: 0 };
    return () => {
      terminal.dispose();
      term.current = null;
    };
  }, [loaded]);

  /** Draws the recording up to `target` ms: onward from where it is, or from the start when going back. */
  const drawTo = useCallback(
    (target: number) => {
      const terminal = term.current;
      if (!terminal || !loaded) return;
      const { recording, chunks } = loaded;
      const state = cursor.current;
      if (target < state.at) {
        terminal.reset();
        terminal.resize(recording.cols, recording.rows);
        cursor.current = { next: 0, at: 0, resize: 0 };
      }
      const from = cursor.current.next;
      let next = from;
      while (next < chunks.length && chunks[next]!.t <= target) next += 1;
      const { resizes } = recording;
      let resize = cursor.current.resize;
      while (resize < resizes.length && resizes[resize]!.t <= target) {
        terminal.resize(resizes[resize]!.cols, resizes[resize]!.rows);
        resize += 1;
      }
      if (next > from) {
        const size = chunks.slice(from, next).reduce((sum, chunk) => sum + chunk.bytes.length, 0);
        const joined = new Uint8Array(size);
        let offset = 0;
        for (const chunk of chunks.slice(from, next)) {
          joined.set(chunk.bytes, offset);
          offset += chunk.bytes.length;
        }
        terminal.write(joined);
      }
      cursor.current = { next, at: target, resize };
      setPosition(target);
    },
    [loaded],
  );

  // Playing: the clock advances by the elapsed time times the speed, one animation frame at a time.
  useEffect(() => {
    if (!playing || !loaded) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const target = Math.min(loaded.recording.durationMs, cursor.current.at + (now - last) * speed);
      last = now;
      drawTo(target);
      if (target >= loaded.recording.durationMs) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, loaded, drawTo]);

  if (error) {
    const problem = describeError(error);
    return (
      <Alert severity="error">
        <strong>{problem.title}.</strong> {problem.hint}
      </Alert>
    );
  }
  if (missing)
    return (
      <Alert severity="info" data-testid="recording-not-cached">
        {missing}
      </Alert>
    );
  if (!loaded) return <LinearProgress aria-label="Loading the recording" />;
  const { recording } = loaded;
  const atEnd = position >= recording.durationMs;
  const current = recording.commands.findLastIndex((command) => command.t <= position);
  return (
    <Box
      data-testid="recording-player"
      sx={{ display: 'flex', gap: 1.5, flex: 1, minHeight: 0 }}
      role="region"
      aria-label="Recording player"
    >
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, flex: 1, minWidth: 0 }}>
        <Box
          ref={host}
          data-testid="recording-screen"
          sx={{ flex: 1, minHeight: 200, bgcolor: '#1e1e1e', p: 0.5, borderRadius: 1, overflow: 'auto' }}
        />
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
          <Button
            variant="contained"
            size="small"
            startIcon={playing ? <PauseIcon /> : <PlayArrowIcon />}
            onClick={() => {
              if (!playing && atEnd) drawTo(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : 'Play'}
          </Button>
          <Select
            size="small"
            value={speed}
            onChange={(event) => setSpeed(Number(event.target.value))}
            inputProps={{ 'aria-label': 'Playback speed' }}
          >
            {SPEEDS.map((value) => (
              <MenuItem key={value} value={value}>
                {value}×
              </MenuItem>
            ))}
          </Select>
          <Slider
            size="small"
            min={0}
            max={Math.max(1, recording.durationMs)}
            value={Math.min(position, recording.durationMs)}
            onChange={(_event, value) => drawTo(value as number)}
            aria-label="Position in the recording"
            valueLabelDisplay="auto"
            valueLabelFormat={clock}
            sx={{ flex: 1 }}
          />
          <Typography
            variant="body2"
            sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
            data-testid="recording-clock"
          >
            {clock(position)} / {clock(recording.durationMs)}
          </Typography>
          {cachedAt && (
            <Chip
              size="small"
              color="warning"
              label={`Cached — as of ${formatDateTimeSeconds(cachedAt)}`}
              data-testid="recording-cached"
            />
          )}
        </Box>
        {recording.truncated && (
          <Alert severity="info">The recording stopped growing at its size limit; what came later is not in it.</Alert>
        )}
      </Box>
      <Box sx={{ width: 280, display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <Typography variant="subtitle2" sx={{ px: 1 }}>
          Commands ({recording.commands.length})
        </Typography>
        <List dense aria-label="Commands in the recording" sx={{ overflow: 'auto', flex: 1 }}>
          {recording.commands.map((command, index) => (
            <ListItem key={index} disablePadding>
              <ListItemButton onClick={() => drawTo(command.t)} selected={index === current}>
                <ListItemText
                  primary={command.line}
                  secondary={clock(command.t)}
                  slotProps={{ primary: { sx: { fontFamily: 'monospace', wordBreak: 'break-all' } } }}
                />
              </ListItemButton>
            </ListItem>
          ))}
          {!recording.commands.length && (
            <ListItem>
              <Typography variant="body2" color="text.secondary">
                No commands were recognised in this connection.
              </Typography>
            </ListItem>
          )}
        </List>
      </Box>
    </Box>
  );
}
