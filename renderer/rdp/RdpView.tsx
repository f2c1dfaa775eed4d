/**
 * One RDP tab: the remote desktop on a `<canvas>` (the desktop's own size, scaled to fit the tab with its
 * aspect kept), a header (host, account, time left, Full screen), and the closed state with the reason and
 * Reconnect.
 *
 * Pixels come decoded from main in `rdp.frame` events; they are painted in animation frames with a time
 * budget (so a burst never makes one long task) and acknowledged to main once painted, which lets main hold
 * the server back instead of memory growing here. Keys go as scancodes of the physical key (the remote side
 * applies its layout); while the canvas has focus every key it knows is kept from the browser (the usual
 * shortcuts reach the session where the browser allows it). Mouse moves are sent once per animation frame.
 */
import DesktopWindowsIcon from '@mui/icons-material/DesktopWindows';
import FullscreenIcon from '@mui/icons-material/Fullscreen';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RdpFrame, RdpInputEvent } from '../../contract';
import { usePam } from '../pam';
import { ClosedAlert, StateChip, TabTitle, TimeLeft } from '../terminal/TerminalView';
import { useTerminals, type TerminalTab } from '../terminal/TerminalsContext';
import { scancodeOf } from './scancodes';

/** What a one-colour rectangle counts for in main's credit window (`FILL_BYTES` there). */
const FILL_BYTES = 16;

/** Painting stops for this animation frame after this long; the rest waits for the next one. */
const PAINT_BUDGET_MS = 8;

/** Browser mouse buttons (0 left, 1 middle, 2 right) → RDP's (1 left, 3 middle, 2 right). */
const BUTTONS: Record<number, 1 | 2 | 3> = { 0: 1, 1: 3, 2: 2 };

export function RdpView({ tab, visible }: { tab: TerminalTab; visible: boolean }) {
  const pam = usePam();
  const { attachFrames } = useTerminals();
  const canvas = useRef<HTMLCanvasElement>(null);
  const region = useRef<HTMLDivElement>(null);
  const viewerId = tab.terminalId;
  const desktop = tab.desktop;

  // The canvas has the desktop's size; when the server chose another than asked for, what is painted stays.
  const width = desktop?.width ?? 1024;
  const height = desktop?.height ?? 768;
  useLayoutEffect(() => {
    const target = canvas.current;
    if (!target || (target.width === width && target.height === height)) return;
    const copy = document.createElement('canvas');
    copy.width = target.width;
    copy.height = target.height;
    copy.getContext('2d')?.drawImage(target, 0, 0);
    target.width = width;
    target.height = height;
    target.getContext('2d')?.drawImage(copy, 0, 0);
  }, [width, height]);

  // Frames in, painted within a budget per animation frame, acknowledged once painted.
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !viewerId) return;
    const queue: RdpFrame['rects'] = [];
    let raf = 0;
    const paint = () => {
      raf = 0;
      const started = performance.now();
      let painted = 0;
      while (queue.length > 0 && performance.now() - started < PAINT_BUDGET_MS) {
        const rect = queue.shift()!;
        if (rect.fill !== undefined) {
          context.fillStyle = `#${rect.fill.toString(16).padStart(6, '0')}`;
          context.fillRect(rect.x, rect.y, rect.width, rect.height);
          painted += FILL_BYTES;
          continue;
        }
        const bytes = rect.rgba;
        if (bytes.length !== rect.width * rect.height * 4) continue;
        const image = new ImageData(
          new Uint8ClampedArray(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length),
          rect.width,
        );
        context.putImageData(image, rect.x, rect.y);
        painted += bytes.length;
      }
      if (painted > 0) void pam.rdp.ack({ viewerId, bytes: painted }).catch(() => undefined);
      if (queue.length > 0) raf = requestAnimationFrame(paint);
      // For the benchmark and the end-to-end test: how many frames reached the canvas.
      if (painted > 0 && canvas.current)
        canvas.current.dataset.painted = String(Number(canvas.current.dataset.painted ?? 0) + 1);
    };
    const detach = attachFrames(viewerId, (frame) => {
      queue.push(...frame.rects);
      raf ||= requestAnimationFrame(paint);
    });
    return () => {
      detach();
      cancelAnimationFrame(raf);
    };
  }, [pam, attachFrames, viewerId]);

  // Keys, mouse and wheel out.
  useEffect(() => {
    const target = canvas.current;
    if (!target || !viewerId || !desktop || tab.state !== 'open') return;
    const send = (events: RdpInputEvent[]) => void pam.rdp.input({ viewerId, events }).catch(() => undefined);
    const held = new Map<string, { scancode: number; extended: boolean }>();
    const position = (event: MouseEvent) => {
      const box = target.getBoundingClientRect();
      const scale = Math.min(box.width / desktop.width, box.height / desktop.height);
      const left = box.left + (box.width - desktop.width * scale) / 2;
      const top = box.top + (box.height - desktop.height * scale) / 2;
      const x = Math.round((event.clientX - left) / scale);
      const y = Math.round((event.clientY - top) / scale);
      return { x: Math.min(desktop.width - 1, Math.max(0, x)), y: Math.min(desktop.height - 1, Math.max(0, y)) };
    };
    const onKey = (event: KeyboardEvent) => {
      const key = scancodeOf(event.code);
      if (!key) return;
      event.preventDefault();
      const down = event.type === 'keydown';
      if (down) held.set(event.code, key);
      else held.delete(event.code);
      send([{ type: 'key', ...key, down }]);
    };
    // Keys still down when focus leaves would stay down on the remote side.
    const onBlur = () => {
      if (held.size === 0) return;
      send([...held.values()].map((key) => ({ type: 'key' as const, ...key, down: false })));
      held.clear();
    };
    let move: { x: number; y: number } | null = null;
    let raf = 0;
    const onMove = (event: MouseEvent) => {
      move = position(event);
      raf ||= requestAnimationFrame(() => {
        raf = 0;
        if (move) send([{ type: 'mouse', ...move, button: 0, down: false }]);
        move = null;
      });
    };
    const onButton = (event: MouseEvent) => {
      const button = BUTTONS[event.button];
      if (!button) return;
      event.preventDefault();
      if (event.type === 'mousedown') target.focus();
      send([{ type: 'mouse', ...position(event), button, down: event.type === 'mousedown' }]);
    };
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const horizontal = Math.abs(event.deltaX) > Math.abs(event.deltaY);
      const delta = horizontal ? event.deltaX : -event.deltaY;
      if (delta === 0) return;
      send([{ type: 'wheel', ...position(event), delta: delta > 0 ? 120 : -120, horizontal }]);
    };
    const onMenu = (event: Event) => event.preventDefault();
    // One signal removes every listener below when the view goes.
    const listening = new AbortController();
    const { signal } = listening;
    target.addEventListener('keydown', onKey, { signal });
    target.addEventListener('keyup', onKey, { signal });
    target.addEventListener('blur', onBlur, { signal });
    target.addEventListener('mousemove', onMove, { signal });
    target.addEventListener('mousedown', onButton, { signal });
    target.addEventListener('mouseup', onButton, { signal });
    target.addEventListener('wheel', onWheel, { passive: false, signal });
    target.addEventListener('contextmenu', onMenu, { signal });
    return () => {
      onBlur();
      cancelAnimationFrame(raf);
      listening.abort();
    };
  }, [pam, viewerId, desktop, tab.state]);

  useEffect(() => {
    if (visible && tab.state === 'open') canvas.current?.focus();
  }, [visible, tab.state]);

  const { session } = tab;
  return (
    <Box
      ref={region}
      role="region"
      aria-label={`Remote desktop ${session.loginAccount} on ${session.host}`}
      data-testid="rdp-tab"
      data-state={tab.state}
      sx={{
        display: visible ? 'flex' : 'none',
        flexDirection: 'column',
        height: '100%',
        minHeight: 0,
        gap: 1,
        bgcolor: 'background.default',
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
        <DesktopWindowsIcon color="action" />
        <TabTitle session={session} testId="rdp-title" />
        <StateChip tab={tab} />
        {tab.state !== 'closed' && <TimeLeft endAt={session.endAt} />}
        <Box sx={{ flex: 1 }} />
        {tab.hostKeyFingerprint && (
          <Typography variant="caption" color="text.secondary" title="The RDP gateway's certificate (pinned)">
            {tab.proxy} · {tab.hostKeyFingerprint.slice(0, 23)}…
          </Typography>
        )}
        <Button
          size="small"
          startIcon={<FullscreenIcon />}
          onClick={() => void region.current?.requestFullscreen().catch(() => undefined)}
          disabled={tab.state !== 'open'}
        >
          Full screen
        </Button>
      </Box>
      <ClosedAlert tab={tab} testId="rdp-closed" />
      <Box sx={{ flex: 1, minHeight: 0, bgcolor: '#1e1e1e', borderRadius: 1, overflow: 'hidden', display: 'flex' }}>
        <canvas
          ref={canvas}
          data-testid="rdp-canvas"
          tabIndex={0}
          aria-label="Remote desktop (keys and mouse go to the session while it has focus)"
          style={{
            width: '100%',
            height: '100%',
            objectFit: 'contain',
            outline: 'none',
            cursor: tab.state === 'open' ? 'default' : 'not-allowed',
            opacity: tab.state === 'closed' ? 0.5 : 1,
          }}
        />
      </Box>
    </Box>
  );
}
