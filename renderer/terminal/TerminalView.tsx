/**
 * One terminal tab: xterm.js with the fit addon, a header (host, account, time left), and the closed state
 * with Reconnect. Bytes are acknowledged to main once xterm has parsed them (its write callback), which is
 * what lets main hold a flood back instead of growing memory here.
 *
 * Over 300 lines: one xterm's life (renderer choice, bytes in with acknowledgements, keys out, fit, find, OS
 * shortcuts) around one instance.
 */
import '@xterm/xterm/css/xterm.css';
import ReplayIcon from '@mui/icons-material/Replay';
import TerminalIcon from '@mui/icons-material/Terminal';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import TextField from '@mui/material/TextField';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import { useTheme } from '@mui/material/styles';
import { terminalTheme } from './terminalTheme';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNow } from '../common/useNow';
import { IsolatedName } from '../common/IsolatedName';
import { usePam } from '../pam';
import { drawLessWhileBehind, floodMeter, skipEmptySelectionRedraws } from './xtermFrames';
import { piecesOf } from './inputPieces';
import { useTerminals, type TerminalTab } from './TerminalsContext';

/**
 * Parsed bytes are acknowledged every 256 KiB (one full event of a flood; an echo after 20 ms): during a
 * flood each acknowledgement is a message to main and back, and a socket send from the page cost 0.2–0.3 ms
 * each in the SSH bench. Main's window (2 MiB) is far above.
 */
const ACK_EVERY_BYTES = 256 * 1024;
const ACK_AFTER_MS = 20;
/**
 * xterm parses one write without a break and looks at the clock (12 ms a turn) only between writes. Pieces of
 * 16 KiB (about 0.4 ms to parse) keep its turns near that budget: with 64 KiB pieces the longest turns in the
 * SSH bench's trace took 23–44 ms of the thread's CPU, with 16 KiB 7–20 ms.
 */
const WRITE_PIECE_BYTES = 16 * 1024;
/** More than 64 KiB waiting to be parsed: a flood, drawn at a lower frame rate until it is parsed. */
const BEHIND_BYTES = 64 * 1024;

export function TerminalView({ tab, visible }: { tab: TerminalTab; visible: boolean }) {
  const pam = usePam();
  const { attach } = useTerminals();
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  /** Bytes written to xterm that it has not parsed yet, and how many it parsed lately. */
  const unparsed = useRef(0);
  const flood = useMemo(() => floodMeter(), []);
  const fit = useRef<FitAddon | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [renderer, setRenderer] = useState<TerminalRenderer>('dom');
  const terminalId = tab.terminalId;
  const readOnly = tab.readOnly ?? false;
  const appTheme = useTheme();
  const mode = appTheme.palette.mode;
  const colors = useMemo(() => terminalTheme(mode), [mode]);
  const dimColor = appTheme.palette.text.secondary;
  const colorsRef = useRef(colors);

  // The app's light or dark look, also when it changes with the terminal open.
  useEffect(() => {
    colorsRef.current = colors;
    if (term.current) term.current.options.theme = colors;
  }, [colors]);

  // One xterm per tab, kept across reconnects (the old output stays above the new prompt).
  useEffect(() => {
    const terminal = new Terminal({
      // Set once the renderer is known (below).
      cursorBlink: false,
      disableStdin: tab.readOnly ?? false,
      scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      theme: colorsRef.current,
      // Programs' own colours (dim prompts, bright yellow) stay readable on the light and the dark theme.
      minimumContrastRatio: 4.5,
    });
    const fitAddon = new FitAddon();
    const searchAddon = new SearchAddon();
    terminal.loadAddon(fitAddon);
    terminal.loadAddon(searchAddon);
    terminal.attachCustomKeyEventHandler((event) => {
      const shortcut = osShortcut(event);
      if (!shortcut) return true;
      if (shortcut === 'copy') {
        // xterm's own copy handler puts the selection on the clipboard.
        if (terminal.hasSelection()) document.execCommand('copy');
      } else if (shortcut === 'find') {
        event.preventDefault();
        setSearching(true);
      }
      // 'paste': the browser's paste event reaches xterm's textarea, which sends the text (bracketed).
      return false;
    });
    terminal.open(host.current!);
    const gpu = loadGpuRenderer(terminal, (renderer) => {
      // The DOM renderer blinks the cursor with an endless CSS animation, which keeps the page drawing a
      // frame at every display refresh even while nothing happens (7 % of a core in the SSH bench on a
      // two-core machine); the GPU renderer blinks with a timer. Without a GPU the cursor stays lit.
      terminal.options.cursorBlink = !tab.readOnly && renderer === 'webgl';
      setRenderer(renderer);
    });
    const selectionRedraws = skipEmptySelectionRedraws(terminal);
    const floodFrames = drawLessWhileBehind(terminal, () => unparsed.current > BEHIND_BYTES || flood.flooding());
    if (!selectionRedraws.active || !floodFrames.active)
      console.warn('[terminal] xterm internals of xtermFrames.ts not found: every frame is drawn, floods are slower');
    term.current = terminal;
    fit.current = fitAddon;
    search.current = searchAddon;
    return () => {
      floodFrames.dispose();
      selectionRedraws.dispose();
      gpu.dispose();
      terminal.dispose();
      term.current = null;
    };
    // One xterm per tab; a tab's read-only flag never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Bytes in (acknowledged after parsing), keys out, size followed.
  useEffect(() => {
    const terminal = term.current;
    if (!terminal || !terminalId) return;
    let unacked = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sendAck = () => {
      timer = undefined;
      if (unacked === 0) return;
      const bytes = unacked;
      unacked = 0;
      void pam.terminal.ack({ terminalId, bytes }).catch(() => undefined);
    };
    const detach = attach(terminalId, (bytes) => {
      // An event of 256 KiB goes in pieces so its parsing keeps to short tasks (the page answers input in between).
      for (let offset = 0; offset < bytes.length; offset += WRITE_PIECE_BYTES) {
        const piece = bytes.subarray(offset, offset + WRITE_PIECE_BYTES);
        unparsed.current += piece.length;
        terminal.write(piece, () => {
          unparsed.current -= piece.length;
          flood.parsed(piece.length);
          unacked += piece.length;
          if (unacked >= ACK_EVERY_BYTES) sendAck();
          else timer ??= setTimeout(sendAck, ACK_AFTER_MS);
        });
      }
    });
    // Watching read-only: no keys and no size go anywhere (the watched terminal has its own size).
    const typed = readOnly
      ? null
      : terminal.onData((data) => {
          for (const piece of piecesOf(data))
            void pam.terminal.input({ terminalId, data: piece }).catch(() => undefined);
        });
    const resized = readOnly
      ? null
      : terminal.onResize(
          ({ cols, rows }) => void pam.terminal.resize({ terminalId, cols, rows }).catch(() => undefined),
        );
    // The view may have been fitted before the connection had an id.
    if (!readOnly)
      void pam.terminal.resize({ terminalId, cols: terminal.cols, rows: terminal.rows }).catch(() => undefined);
    return () => {
      detach();
      typed?.dispose();
      resized?.dispose();
      clearTimeout(timer);
    };
  }, [pam, attach, terminalId, readOnly, flood]);

  // A watched terminal has the size of the one watched: its full-screen programs draw right only at that size.
  const watchedCols = tab.size?.cols;
  const watchedRows = tab.size?.rows;
  useEffect(() => {
    if (watchedCols && watchedRows) term.current?.resize(watchedCols, watchedRows);
  }, [watchedCols, watchedRows]);

  useEffect(() => {
    if (!visible) return;
    const refit = () => {
      if (readOnly && watchedCols) return;
      try {
        fit.current?.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    term.current?.focus();
    const observer = new ResizeObserver(refit);
    if (host.current) observer.observe(host.current);
    return () => observer.disconnect();
  }, [visible, readOnly, watchedCols]);

  useEffect(() => {
    if (tab.state === 'closed' && tab.reason)
      term.current?.write(`\r\n\x1b[2m[connection closed — ${tab.reason}]\x1b[0m\r\n`);
  }, [tab.state, tab.reason]);

  const { session } = tab;
  return (
    <Box
      role="region"
      aria-label={`Terminal ${session.loginAccount} on ${session.host}`}
      data-testid="terminal-tab"
      data-state={tab.state}
      data-renderer={renderer}
      sx={{ display: visible ? 'flex' : 'none', flexDirection: 'column', height: '100%', minHeight: 0, gap: 1 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
        <TerminalIcon color="action" />
        <TabTitle session={session} testId="terminal-title" />
        <StateChip tab={tab} />
        {readOnly && (
          <Chip size="small" color="secondary" label="Watching live — read-only" data-testid="terminal-watching" />
        )}
        {tab.state !== 'closed' && <TimeLeft endAt={session.endAt} />}
        <Box sx={{ flex: 1 }} />
        {tab.hostKeyFingerprint && (
          <Typography variant="caption" color="text.secondary" title="The SSH proxy's host key (pinned)">
            {tab.proxy} · {tab.hostKeyFingerprint}
          </Typography>
        )}
      </Box>
      {searching && (
        <TextField
          autoFocus
          size="small"
          placeholder="Find in the terminal (Enter next, Shift+Enter previous, Esc closes)"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            if (event.target.value) search.current?.findNext(event.target.value, { incremental: true });
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setSearching(false);
              search.current?.clearDecorations();
              term.current?.focus();
            } else if (event.key === 'Enter' && query) {
              if (event.shiftKey) search.current?.findPrevious(query);
              else search.current?.findNext(query);
            }
          }}
          slotProps={{ htmlInput: { 'aria-label': 'Find in the terminal' } }}
        />
      )}
      <ClosedAlert tab={tab} testId="terminal-closed" />
      <Box
        ref={host}
        data-testid="terminal-screen"
        sx={{
          flex: 1,
          minHeight: 0,
          bgcolor: colors.background,
          p: 0.5,
          borderRadius: 1,
          overflow: readOnly ? 'auto' : 'hidden',
          // xterm draws dim text at half strength, below 4.5:1 on either theme: the app's secondary text colour
          // keeps it quieter than normal text and readable.
          '& .xterm-dim': { opacity: '1 !important', color: `${dimColor} !important` },
        }}
      />
    </Box>
  );
}

export type TerminalRenderer = 'webgl' | 'dom';

/** `localStorage` key: 'auto' (default), 'on' (WebGL even when it is software-rendered) or 'off' (DOM only). */
export const GPU_SETTING_KEY = 'pamDesk.terminal.gpu';

/**
 * Whether WebGL2 here runs on a GPU. A software implementation (SwiftShader, llvmpipe: no GPU, blocked
 * drivers, headless) draws on the CPU and is slower than the DOM renderer, so 'auto' does not use it.
 */
function hardwareWebgl2(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
  } catch {
    return false;
  }
}

function gpuSetting(): 'auto' | 'on' | 'off' {
  try {
    const value = localStorage.getItem(GPU_SETTING_KEY);
    return value === 'on' || value === 'off' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

/**
 * Draws with the GPU (xterm's WebGL renderer) where WebGL2 runs on one; otherwise, when loading it fails,
 * or when the GPU context is lost later (driver reset, too many contexts) and not restored, the terminal
 * falls back to xterm's DOM renderer and keeps its contents. `report` hears which one draws.
 */
function loadGpuRenderer(terminal: Terminal, report: (renderer: TerminalRenderer) => void): { dispose(): void } {
  let addon: WebglAddon | null = null;
  const fallBack = () => {
    const lost = addon;
    addon = null;
    // Disposing the addon gives the terminal its DOM renderer back.
    lost?.dispose();
    report('dom');
  };
  const setting = gpuSetting();
  if (setting === 'off' || (setting === 'auto' && !hardwareWebgl2())) {
    report('dom');
    return { dispose: () => undefined };
  }
  try {
    addon = new WebglAddon();
    addon.onContextLoss(fallBack);
    terminal.loadAddon(addon);
    report('webgl');
  } catch {
    fallBack();
  }
  return { dispose: () => addon?.dispose() };
}

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/**
 * The OS's terminal shortcuts: Cmd+C / Cmd+V / Cmd+F on macOS; Ctrl+Shift+C / V / F elsewhere (Ctrl+C stays
 * the interrupt the shell expects).
 */
function osShortcut(event: KeyboardEvent): 'copy' | 'paste' | 'find' | null {
  if (event.type !== 'keydown' || event.altKey) return null;
  const held = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && event.shiftKey && !event.metaKey;
  if (!held) return null;
  const key = event.key.toLowerCase();
  return key === 'c' ? 'copy' : key === 'v' ? 'paste' : key === 'f' ? 'find' : null;
}

/** "alice on web-01", the names isolated (a bidi control in one cannot reorder the line). */
export function TabTitle({ session, testId }: { session: TerminalTab['session']; testId: string }) {
  return (
    <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }} data-testid={testId}>
      <IsolatedName text={session.loginAccount} /> on <IsolatedName text={session.host} />
    </Typography>
  );
}

/** A closed terminal or remote desktop: the reason, and Reconnect. */
export function ClosedAlert({ tab, testId }: { tab: TerminalTab; testId: string }) {
  const { reconnect } = useTerminals();
  if (tab.state !== 'closed') return null;
  return (
    <Alert
      severity="warning"
      data-testid={testId}
      action={
        <Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={() => void reconnect(tab.tabId)}>
          Reconnect
        </Button>
      }
    >
      Connection closed — {tab.reason ?? 'no reason given'}
    </Alert>
  );
}

export function StateChip({ tab }: { tab: TerminalTab }) {
  const label = { starting: 'Starting', connecting: 'Connecting', open: 'Connected', closed: 'Closed' }[tab.state];
  const color = tab.state === 'open' ? 'success' : tab.state === 'closed' ? 'default' : 'info';
  return <Chip size="small" label={label} color={color} variant="outlined" />;
}

/** Time until the session's scheduled end; a warning five minutes before. */
export function TimeLeft({ endAt }: { endAt: string | null }) {
  const now = useNow(1000);
  if (!endAt) return null;
  const left = Date.parse(endAt) - now;
  if (!Number.isFinite(left)) return null;
  const minutes = Math.max(0, Math.floor(left / 60_000));
  const seconds = Math.max(0, Math.floor((left % 60_000) / 1000));
  const text = left <= 0 ? 'Scheduled end reached' : `${minutes}:${String(seconds).padStart(2, '0')} left`;
  return (
    <Chip
      size="small"
      label={text}
      color={left < 5 * 60_000 ? 'warning' : 'default'}
      variant={left < 5 * 60_000 ? 'filled' : 'outlined'}
      data-testid="terminal-time-left"
    />
  );
}
