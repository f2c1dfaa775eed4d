/**
 * renderer/terminal/xtermFrames.ts reaches into xterm's render service. These tests open a real xterm (the
 * installed @xterm/xterm) in jsdom: the first fails loudly when an upgrade moved the internals, the others
 * check what reaches xterm's renderer while a flood streams in and after.
 */
import { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  drawLessWhileBehind,
  floodMeter,
  renderServiceOf,
  scrollDoorsOf,
  skipEmptySelectionRedraws,
} from '../../../../renderer/terminal/xtermFrames';

let terminal: Terminal;
let host: HTMLDivElement;

beforeEach(() => {
  // xterm's timers and animation frames run on the test's clock.
  vi.useFakeTimers();
  host = document.createElement('div');
  document.body.append(host);
  terminal = new Terminal({ rows: 10, cols: 40 });
  terminal.open(host);
  // The first full draw after open.
  vi.advanceTimersToNextFrame();
});

afterEach(() => {
  vi.useRealTimers();
  terminal.dispose();
  host.remove();
});

/** Spies on what reaches xterm's render service, which still draws (jsdom has animation frames). */
function spyOnRenderService() {
  const service = renderServiceOf(terminal)!;
  const real = { refreshRows: service.refreshRows, handleSelectionChanged: service.handleSelectionChanged };
  const refreshRows = vi.fn((...args: Parameters<typeof real.refreshRows>) => real.refreshRows.apply(service, args));
  const handleSelectionChanged = vi.fn((...args: Parameters<typeof real.handleSelectionChanged>) =>
    real.handleSelectionChanged.apply(service, args),
  );
  Object.assign(service, { refreshRows, handleSelectionChanged });
  return { service, refreshRows, handleSelectionChanged };
}

describe('the xterm internals the terminal view relies on', () => {
  it('are where @xterm/xterm 6.0.0 has them (if not: update renderer/terminal/xtermFrames.ts for the new xterm)', () => {
    expect(renderServiceOf(terminal), "xterm's render service with refreshRows and handleSelectionChanged").not.toBe(
      null,
    );
    expect(
      scrollDoorsOf(terminal),
      "xterm's _syncTextArea, its viewport's _sync and queueSync, its selection service's refresh",
    ).not.toBe(null);
    const selection = skipEmptySelectionRedraws(terminal);
    const frames = drawLessWhileBehind(terminal, () => false);
    expect(selection.active && frames.active).toBe(true);
    frames.dispose();
    selection.dispose();
  });
});

describe('fewer frames while a flood streams in', () => {
  it('passes every redraw on at once while nothing is behind (an echo is drawn at the next frame)', () => {
    const { service, refreshRows } = spyOnRenderService();
    const frames = drawLessWhileBehind(
      terminal,
      () => false,
      66,
      () => 0,
    );
    service.refreshRows(3, 3);
    service.refreshRows(4, 5, true);
    expect(refreshRows.mock.calls).toEqual([
      [3, 3, false],
      [4, 5, true],
    ]);
    frames.dispose();
  });

  it('while behind, draws at most every 66 ms: redraws in between wait and are passed on as one', () => {
    let clock = 1000;
    const { service, refreshRows } = spyOnRenderService();
    const frames = drawLessWhileBehind(
      terminal,
      () => true,
      66,
      () => clock,
    );
    const rendered = vi.fn();
    terminal.onRender(rendered);
    // The first change after a quiet spell is drawn at the next frame.
    service.refreshRows(9, 9);
    expect(refreshRows).toHaveBeenCalledTimes(1);
    vi.advanceTimersToNextFrame();
    expect(rendered).toHaveBeenCalledTimes(1);

    clock += 10;
    service.refreshRows(2, 4);
    service.refreshRows(7, 9, true);
    vi.advanceTimersByTime(50);
    expect(refreshRows).toHaveBeenCalledTimes(1);
    clock += 56;
    vi.advanceTimersByTime(6);
    expect(refreshRows).toHaveBeenCalledTimes(2);
    expect(refreshRows).toHaveBeenLastCalledWith(2, 9, false);
    vi.advanceTimersToNextFrame();
    expect(rendered).toHaveBeenCalledTimes(2);
    frames.dispose();
  });

  it('once nothing is behind, the next change passes at once, even within 66 ms of the last frame', () => {
    let behind = true;
    let clock = 1000;
    const { service, refreshRows } = spyOnRenderService();
    const frames = drawLessWhileBehind(
      terminal,
      () => behind,
      66,
      () => clock,
    );
    service.refreshRows(9, 9);
    vi.advanceTimersToNextFrame();
    clock += 5;
    service.refreshRows(0, 9);
    expect(refreshRows).toHaveBeenCalledTimes(1);
    // The flood is over; an echo comes.
    behind = false;
    clock += 5;
    service.refreshRows(9, 9);
    expect(refreshRows).toHaveBeenCalledTimes(2);
    expect(refreshRows).toHaveBeenLastCalledWith(0, 9, false);
    frames.dispose();
  });

  it('once disposed, leaves xterm drawing by itself', () => {
    const service = renderServiceOf(terminal)!;
    const own = service.refreshRows;
    const frames = drawLessWhileBehind(terminal, () => true);
    expect(service.refreshRows).not.toBe(own);
    frames.dispose();
    expect(service.refreshRows).toBe(own);
  });
});

describe('scroll work while a flood streams in', () => {
  /** Spies on the doors of the viewport, the selection service and the textarea (they still do their work). */
  function spyOnScrollDoors() {
    const doors = scrollDoorsOf(terminal)!;
    const spy = <T extends object>(target: T, name: keyof T & string) => {
      const own = (target[name] as (...args: unknown[]) => unknown).bind(target);
      const fn = vi.fn((...args: unknown[]) => own(...args));
      Object.defineProperty(target, name, { value: fn, configurable: true, writable: true });
      return fn;
    };
    return {
      sync: spy(doors.viewport, '_sync'),
      queueSync: spy(doors.viewport, 'queueSync'),
      selection: spy(doors.selection, 'refresh'),
      textArea: spy(doors.core, '_syncTextArea'),
    };
  }

  it('while behind, the scroll bar, selection and textarea wait for the rows’ next frame and go with them, once', () => {
    let clock = 1000;
    const spies = spyOnScrollDoors();
    const frames = drawLessWhileBehind(
      terminal,
      () => true,
      66,
      () => clock,
    );
    // A frame was just drawn.
    const service = renderServiceOf(terminal)!;
    service.refreshRows(0, 9);
    vi.advanceTimersToNextFrame();
    for (const spy of Object.values(spies)) spy.mockClear();
    // 30 lines scroll by within the next 66 ms: each asks for all four.
    clock += 5;
    terminal.write('x\r\n'.repeat(30));
    vi.advanceTimersByTime(1);
    expect(spies.sync).not.toHaveBeenCalled();
    expect(spies.queueSync).not.toHaveBeenCalled();
    expect(spies.selection).not.toHaveBeenCalled();
    expect(spies.textArea).not.toHaveBeenCalled();
    clock += 61;
    vi.advanceTimersByTime(66);
    expect(spies.sync).toHaveBeenCalledTimes(1);
    expect(spies.queueSync).toHaveBeenCalledTimes(1);
    expect(spies.selection).toHaveBeenCalledTimes(1);
    expect(spies.textArea).toHaveBeenCalledTimes(1);
    // And the scroll bar ends where the buffer is: 30 lines scrolled into the scrollback.
    expect(terminal.buffer.active.viewportY).toBe(terminal.buffer.active.baseY);
    frames.dispose();
  });

  it('while nothing is behind, each goes at once', () => {
    const spies = spyOnScrollDoors();
    const frames = drawLessWhileBehind(
      terminal,
      () => false,
      66,
      () => 0,
    );
    terminal.write('x\r\n'.repeat(12));
    vi.advanceTimersByTime(1);
    // Twelve line feeds from the top of a 10-row terminal scroll 3 lines: the viewport syncs at each, and
    // the selection and the scroll bar ask at each.
    expect(spies.sync).toHaveBeenCalledTimes(3);
    expect(spies.selection).toHaveBeenCalledTimes(3);
    expect(spies.queueSync).toHaveBeenCalledTimes(3);
    expect(spies.textArea.mock.calls.length).toBeGreaterThan(0);
    frames.dispose();
  });

  it('once disposed, leaves them to xterm', () => {
    const doors = scrollDoorsOf(terminal)!;
    const own = [doors.viewport._sync, doors.viewport.queueSync, doors.selection.refresh, doors.core._syncTextArea];
    const frames = drawLessWhileBehind(terminal, () => true);
    expect(doors.viewport._sync).not.toBe(own[0]);
    frames.dispose();
    expect([doors.viewport._sync, doors.viewport.queueSync, doors.selection.refresh, doors.core._syncTextArea]).toEqual(
      own,
    );
  });
});

describe('selection redraws', () => {
  it('are passed on when a selection appears, changes or goes, and dropped when nothing was or is selected', () => {
    const { service, handleSelectionChanged } = spyOnRenderService();
    const door = skipEmptySelectionRedraws(terminal);
    service.handleSelectionChanged(undefined, undefined, false); // first: passed on (state not known yet)
    service.handleSelectionChanged(undefined, undefined, false); // every scroll: dropped
    service.handleSelectionChanged([2, 0], undefined, false); // a click without a drag: nothing drawn, dropped
    service.handleSelectionChanged([2, 0], [8, 1], false); // a selection
    service.handleSelectionChanged([2, 0], [9, 1], false); // it grows
    service.handleSelectionChanged(undefined, undefined, false); // it goes: cleared
    service.handleSelectionChanged(undefined, undefined, false); // dropped
    expect(handleSelectionChanged.mock.calls).toEqual([
      [undefined, undefined, false],
      [[2, 0], [8, 1], false],
      [[2, 0], [9, 1], false],
      [undefined, undefined, false],
    ]);
    door.dispose();
  });

  it('a real selection is still drawn (selectAll shows the selection layer)', () => {
    const door = skipEmptySelectionRedraws(terminal);
    terminal.write('hello');
    vi.advanceTimersByTime(1);
    vi.advanceTimersToNextFrame();
    terminal.selectAll();
    vi.advanceTimersToNextFrame();
    expect(host.querySelectorAll('.xterm-selection div').length).toBeGreaterThan(0);
    terminal.clearSelection();
    vi.advanceTimersToNextFrame();
    expect(host.querySelectorAll('.xterm-selection div').length).toBe(0);
    door.dispose();
  });
});

describe('the flood meter', () => {
  it('says flooding above 128 KiB parsed within the last 100–200 ms, and not after a quiet 200 ms', () => {
    let clock = 0;
    const meter = floodMeter(128 * 1024, 100, () => clock);
    meter.parsed(64 * 1024);
    expect(meter.flooding()).toBe(false);
    clock = 90;
    meter.parsed(65 * 1024);
    expect(meter.flooding()).toBe(true);
    clock = 150; // the next window: the last one still counts
    expect(meter.flooding()).toBe(true);
    clock = 210;
    expect(meter.flooding()).toBe(false);
    meter.parsed(1);
    clock = 5_000;
    expect(meter.flooding()).toBe(false);
  });
});
