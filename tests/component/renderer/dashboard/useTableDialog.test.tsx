import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useTableDialog } from '../../../../renderer/dashboard/useTableDialog';
import { createFakePam } from '../../../fakes/fakePam';

const [session] = createFakePam({ extraSessions: 0 }).rows();

describe('useTableDialog', () => {
  it('one dialog at a time, back to the details it was opened from', () => {
    const { result } = renderHook(() => useTableDialog());
    const { open, close, showDetails } = result.current;
    act(() => showDetails(session!.id));
    expect(result.current.detailsId).toBe(session!.id);
    act(() => open({ kind: 'logs', session: session!, over: session!.id }));
    expect(result.current.dialog?.kind).toBe('logs');
    expect(result.current.detailsId).toBe(session!.id);
    act(() => close());
    expect(result.current.dialog).toEqual({ kind: 'details', sessionId: session!.id });
    act(() => close());
    expect(result.current.dialog).toBeNull();

    act(() => open({ kind: 'ending', sessions: [session!] }));
    act(() => open({ kind: 'choosingView' }));
    expect(result.current.dialog).toEqual({ kind: 'choosingView' });
    expect(result.current.detailsId).toBeNull();
    // The functions stay the same across changes (the grid's columns and the toolbar hold on to them).
    expect([result.current.open, result.current.close, result.current.showDetails]).toEqual([open, close, showDetails]);
  });
});
