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
import { RecentBytes } from '../../contract/pure/recentBytes';

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
  const recent = new RecentBytes(windowMs, now);
  return {
    parsed: (count: number): void => recent.add(count),
    flooding: (): boolean => recent.total() > bytes,
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

interface ViewportDoors {
  /** Called at every scroll of the buffer (every line of a flood): sets the scroll bar's size and place. */
  _sync(ydisp?: number): void;
  /** Asks for a `_sync` at the next animation frame. */
  queueSync(ydisp?: number): void;
}

interface CoreDoors {
  /** Called at every cursor move (every write slice of a flood): moves the hidden textarea to the cursor. */
  _syncTextArea(): void;
}

interface SelectionDoors {
  /** Asks for a selection redraw at the next animation frame (every scroll asks). */
  refresh(isLinuxMouseSelection?: boolean): void;
}

/** xterm's viewport and selection service of an opened terminal, or null when this xterm has none where 6.0.0 had them. */
export function scrollDoorsOf(
  terminal: Terminal,
): { core: CoreDoors; viewport: ViewportDoors; selection: SelectionDoors } | null {
  const core = (
    terminal as unknown as { _core?: Partial<CoreDoors> & { _viewport?: unknown; _selectionService?: unknown } }
  )._core;
  const viewport = core?._viewport as Partial<ViewportDoors> | undefined;
  const selection = core?._selectionService as Partial<SelectionDoors> | undefined;
  return typeof core?._syncTextArea === 'function' &&
    typeof viewport?._sync === 'function' &&
    typeof viewport.queueSync === 'function' &&
    typeof selection?.refresh === 'function'
    ? { core: core as CoreDoors, viewport: viewport as ViewportDoors, selection: selection as SelectionDoors }
    : null;
}

/**
 * Call after `terminal.open()`. `behind()` says whether a flood is being parsed (asked at every redraw
 * request); `now` is a test seam.
 *
 * Besides the rows, three more things ask for work at every scrolled line, which during a flood is every
 * line: the viewport sets its scroll bar at once (`_sync`) and again at the next frame (`queueSync`), and
 * the selection service asks for a frame of its own (`refresh`). Each animation frame asked for is a full
 * frame of the page (style, layout, paint, commit, raster) even when only the scroll bar moved: about 50 a
 * second during a flood where the rows are drawn 15 times. While behind, they wait with the rows and go
 * in the same frame.
 */
export function drawLessWhileBehind(
  terminal: Terminal,
  behind: () => boolean,
  minFrameMs = FLOOD_FRAME_MS,
  now: () => number = () => performance.now(),
): XtermDoor {
  const service = renderServiceOf(terminal);
  if (!service) return inactive;
  const scroll = scrollDoorsOf(terminal);
  // The prototype's methods; the instance properties are ours only while this lives.
  const refreshRows = service.refreshRows;
  let lastFrame = -Infinity;
  let held: { start: number; end: number; redrawOnly: boolean } | null = null;
  /** Held scroll work: the scroll bar's sync (with the line asked for, if any) and a selection refresh. */
  let sync = false;
  let queued: { ydisp: number | undefined } | null = null;
  let selection = false;
  let textArea = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(timer);
    timer = undefined;
    const rows = held;
    held = null;
    if (scroll) {
      if (sync) scroll.viewport._sync.call(scroll.viewport);
      if (queued) scroll.viewport.queueSync.call(scroll.viewport, queued.ydisp);
      if (selection) scroll.selection.refresh.call(scroll.selection);
      if (textArea) scroll.core._syncTextArea.call(scroll.core);
      textArea = false;
      sync = false;
      queued = null;
      selection = false;
    }
    if (rows) refreshRows.call(service, rows.start, rows.end, rows.redrawOnly);
  };
  /** Whether work asked for now must wait for the next frame of the flood (then the timer is set). */
  const mustWait = () => {
    const wait = lastFrame + minFrameMs - now();
    if (wait <= 0 || !behind()) return false;
    timer ??= setTimeout(release, wait);
    return true;
  };
  /**
   * The same for the work asked at every scrolled line: it joins a frame already due without looking at the
   * clock (hundreds of thousands of lines a second in a flood). A change that ends the flood goes through
   * `refreshRows`, which looks, and releases everything held.
   */
  const mustWaitForLine = () => timer !== undefined || mustWait();
  service.refreshRows = (start: number, end: number, isRedrawOnly = false) => {
    held = held
      ? {
          start: Math.min(held.start, start),
          end: Math.max(held.end, end),
          redrawOnly: held.redrawOnly && isRedrawOnly,
        }
      : { start, end, redrawOnly: isRedrawOnly };
    if (!mustWait()) release();
  };
  if (scroll) {
    const { core, viewport, selection: selectionService } = scroll;
    const ownSyncTextArea = core._syncTextArea;
    core._syncTextArea = () => {
      if (mustWaitForLine()) textArea = true;
      else ownSyncTextArea.call(core);
    };
    const ownSync = viewport._sync;
    const ownQueueSync = viewport.queueSync;
    const ownRefresh = selectionService.refresh;
    // A sync for a given line (xterm's own queued one, or a resize) is not the scroll of a flood: it passes.
    viewport._sync = (ydisp?: number) => {
      if (ydisp === undefined && mustWaitForLine()) sync = true;
      else ownSync.call(viewport, ydisp);
    };
    viewport.queueSync = (ydisp?: number) => {
      if (mustWaitForLine()) queued = { ydisp: ydisp ?? queued?.ydisp };
      else ownQueueSync.call(viewport, ydisp);
    };
    // A refresh from the mouse (Linux's selection for middle-click paste) is never held.
    selectionService.refresh = (isLinuxMouseSelection?: boolean) => {
      if (!isLinuxMouseSelection && mustWaitForLine()) selection = true;
      else ownRefresh.call(selectionService, isLinuxMouseSelection);
    };
  }
  const rendered = terminal.onRender(() => (lastFrame = now()));

  return {
    active: true,
    dispose() {
      rendered.dispose();
      clearTimeout(timer);
      delete (service as Partial<RenderServiceDoors>).refreshRows;
      if (scroll) {
        delete (scroll.core as Partial<CoreDoors>)._syncTextArea;
        delete (scroll.viewport as Partial<ViewportDoors>)._sync;
        delete (scroll.viewport as Partial<ViewportDoors>).queueSync;
        delete (scroll.selection as Partial<SelectionDoors>).refresh;
      }
    },
  };
}
