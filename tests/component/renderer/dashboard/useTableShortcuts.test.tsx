import { renderHook } from '@testing-library/react';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DETAILS_FIELD } from '../../../../renderer/dashboard/sessionColumns';
import { useTableShortcuts } from '../../../../renderer/dashboard/useTableShortcuts';

function press(key: string, mods: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, cancelable: true, ...mods });
  window.dispatchEvent(event);
  return event;
}

function setUp(enabled: boolean) {
  const search = document.createElement('input');
  search.value = 'db';
  document.body.append(search);
  const searchRef = createRef<HTMLInputElement>() as { current: HTMLInputElement | null };
  searchRef.current = search;
  const calls = { refresh: vi.fn(), showDetails: vi.fn(), toggle: vi.fn() };
  const hook = renderHook(({ on }) => useTableShortcuts({ enabled: on, searchRef, ...calls }), {
    initialProps: { on: enabled },
  });
  return { ...hook, calls, search };
}

describe('useTableShortcuts', () => {
  it('F5 refreshes instead of reloading the page; Ctrl+F selects the search', () => {
    const { calls, search, unmount } = setUp(true);
    expect(press('F5').defaultPrevented).toBe(true);
    expect(calls.refresh).toHaveBeenCalledTimes(1);
    expect(press('f', { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(search);
    expect(search.selectionStart).toBe(0);
    expect(search.selectionEnd).toBe(2);
    unmount();
    press('F5');
    expect(calls.refresh).toHaveBeenCalledTimes(1);
    search.remove();
  });

  it('while a dialog is open: no refresh, the browser keeps Ctrl+F, and F5 still never reloads', () => {
    const { calls, search, rerender } = setUp(false);
    expect(press('F5').defaultPrevented).toBe(true);
    expect(press('f', { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(calls.refresh).not.toHaveBeenCalled();
    expect(document.activeElement).not.toBe(search);
    rerender({ on: true });
    press('F5');
    expect(calls.refresh).toHaveBeenCalledTimes(1);
    search.remove();
  });

  it('Enter on the details cell opens the details, Space on a cell toggles its row', () => {
    const { result, calls, search } = setUp(true);
    const cellKey = (key: string, field: string) => {
      const event = Object.assign(new KeyboardEvent('keydown', { key, cancelable: true }), {
        defaultMuiPrevented: false,
      });
      result.current({ id: 'row-1', field } as Parameters<typeof result.current>[0], event as never);
      return event;
    };
    expect(cellKey('Enter', DETAILS_FIELD).defaultMuiPrevented).toBe(true);
    expect(calls.showDetails).toHaveBeenCalledWith('row-1');
    const space = cellKey(' ', 'host');
    expect(space.defaultMuiPrevented && space.defaultPrevented).toBe(true);
    expect(calls.toggle).toHaveBeenCalledWith('row-1');
    expect(cellKey('Enter', 'host').defaultMuiPrevented).toBe(false);
    search.remove();
  });
});
