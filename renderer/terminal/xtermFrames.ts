/**
 * Fewer xterm frames while output streams in, through two doors of xterm's render service that xterm 6 has
 * no public option for:
 *
 * - `skipEmptySelectionRedraws`: xterm's selection service asks for a selection redraw at every scroll, and
 *   the DOM renderer answers each by rebuilding every row of the screen at once, even when nothing is or was
 *   selected (xterm.js issue #4633, open). During scrolling output that is a second full render in every
 *   animation frame, outside the render debouncer. Only the redraws that change something (a selection
 *   appears, changes or goes) are passed on.
 * - `drawLessWhileBehind`: xterm draws at every animation frame in which rows changed; during a flood
 *   (`cat` of a large file) that is 30–60 rebuilt screens a second — DOM rows, layout, paint, raster — on
 *   the same CPUs that parse the bytes and, on a small machine, also run SSH. While a flood streams in
 *   (`behind()`), xterm draws at most every `minFrameMs`: the screen stays visibly alive and the parser gets
 *   the time. The first change after a quiet spell is drawn at once, what is held is drawn at most
 *   `minFrameMs` later, and once nothing is behind every change passes at once again (an echo or a
 *   full-screen program's redraw is never held back).
 *
 * Written for @xterm/xterm 6.0.0: its render service (`terminal._core._renderService`) takes every redraw
 * request (writes, scrolling, cursor, resize, options) through `refreshRows(start, end, isRedrawOnly)` and
 * every selection change through `handleSelectionChanged(start, end, columnSelectMode)`; both are wrapped on
 * the instance. When they are not there (a later xterm), both functions change nothing and answer
 * `active: false` — the terminal then draws as xterm does by itself — and
 * tests/component/renderer/terminal/xtermFrames.test.ts fails, so an upgrade cannot drop them unnoticed.
 */
import type { Terminal } from '@xterm/xterm';

/** At most about 15 frames a second while behind. */
export const FLOOD_FRAME_MS = 66;

type Cell = [number, number] | undefined;

interface RenderServiceDoors {
  refreshRows(start: number, end: number, isRedrawOnly?: boolean): void;
  handleSelectionChanged(start: Cell, end: Cell, columnSelectMode: boolean): void;
}

/** xterm's render service of an opened terminal, or null when this xterm has none where 6.0.0 had it. */
export function renderServiceOf(terminal: Terminal): RenderServiceDoors | null {
  const core = (terminal as unknown as { _core?: { _renderService?: unknown } })._core;
  const service = core?._renderService as Partial<RenderServiceDoors> | undefined;
  return typeof service?.refreshRows === 'function' && typeof service.handleSelectionChanged === 'function'
    ? (service as RenderServiceDoors)
    : null;
}

/**
 * Whether output is streaming in: more than `bytes` parsed within the current and the previous window of
 * `windowMs` (a flood is seen as soon as that much is parsed, its end within two windows). An echo or a
 * full-screen program's redraw is far below.
 */
export function floodMeter(bytes = 128 * 1024, windowMs = 100, now: () => number = () => performance.now()) {
  let windowStart = now();
  let current = 0;
  let previous = 0;
  const roll = () => {
    const t = now();
    const windows = Math.floor((t - windowStart) / windowMs);
    if (windows <= 0) return;
    previous = windows === 1 ? current : 0;
    current = 0;
    windowStart += windows * windowMs;
  };
  return {
    parsed(count: number): void {
      roll();
      current += count;
    },
    flooding(): boolean {
      roll();
      return current + previous > bytes;
    },
  };
}

export interface XtermDoor {
  /** True when the render service was found and its door is wrapped. */
  readonly active: boolean;
  dispose(): void;
}

const inactive: XtermDoor = { active: false, dispose: () => undefined };

/** Call after `terminal.open()`: selection redraws that neither show nor clear a selection are dropped. */
export function skipEmptySelectionRedraws(terminal: Terminal): XtermDoor {
  const service = renderServiceOf(terminal);
  if (!service) return inactive;
  const handleSelectionChanged = service.handleSelectionChanged;
  // Not known at first: the first redraw is passed on.
  let shown = true;
  service.handleSelectionChanged = (start: Cell, end: Cell, columnSelectMode: boolean) => {
    // The DOM renderer draws a selection only with both ends.
    const selection = start !== undefined && end !== undefined;
    if (!selection && !shown) return;
    shown = selection;
    handleSelectionChanged.call(service, start, end, columnSelectMode);
  };
  return {
    active: true,
    dispose: () => delete (service as Partial<RenderServiceDoors>).handleSelectionChanged,
  };
}

/**
 * Call after `terminal.open()`. `behind()` says whether a flood is being parsed (asked at every redraw
 * request); `now` is a test seam.
 */
export function drawLessWhileBehind(
  terminal: Terminal,
  behind: () => boolean,
  minFrameMs = FLOOD_FRAME_MS,
  now: () => number = () => performance.now(),
): XtermDoor {
  const service = renderServiceOf(terminal);
  if (!service) return inactive;
  // The prototype's method; the instance property is ours only while this lives.
  const refreshRows = service.refreshRows;
  let lastFrame = -Infinity;
  let held: { start: number; end: number; redrawOnly: boolean } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(timer);
    timer = undefined;
    const rows = held;
    held = null;
    if (rows) refreshRows.call(service, rows.start, rows.end, rows.redrawOnly);
  };
  service.refreshRows = (start: number, end: number, isRedrawOnly = false) => {
    const wait = lastFrame + minFrameMs - now();
    held = held
      ? {
          start: Math.min(held.start, start),
          end: Math.max(held.end, end),
          redrawOnly: held.redrawOnly && isRedrawOnly,
        }
      : { start, end, redrawOnly: isRedrawOnly };
    if (wait <= 0 || !behind()) release();
    else timer ??= setTimeout(release, wait);
  };
  const rendered = terminal.onRender(() => (lastFrame = now()));

  return {
    active: true,
    dispose() {
      rendered.dispose();
      clearTimeout(timer);
      delete (service as Partial<RenderServiceDoors>).refreshRows;
    },
  };
}
