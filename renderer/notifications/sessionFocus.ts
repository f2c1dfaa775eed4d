import { createContext, useContext, useSyncExternalStore } from 'react';
import type { NoticeAction, NoticeKind } from '../../contract';

/** "Show me this session" from a clicked notice: the table that holds it opens its details (or Extend). */
export interface FocusTarget {
  sessionId: string;
  kind: NoticeKind;
  action: NoticeAction;
  seq: number;
}

export interface SessionFocus {
  request(target: Omit<FocusTarget, 'seq'>): void;
  current(): FocusTarget | null;
  /** The table handled it: later renders leave it alone. */
  done(seq: number): void;
  subscribe(listener: () => void): () => void;
}

export function createSessionFocus(): SessionFocus {
  let target: FocusTarget | null = null;
  let seq = 0;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  return {
    request(next) {
      target = { ...next, seq: ++seq };
      changed();
    },
    current: () => target,
    done(handled) {
      if (target?.seq !== handled) return;
      target = null;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const inert = createSessionFocus();
export const SessionFocusContext = createContext<SessionFocus>(inert);

export function useFocusTarget(): [FocusTarget | null, SessionFocus] {
  const focus = useContext(SessionFocusContext);
  return [useSyncExternalStore(focus.subscribe, focus.current), focus];
}
