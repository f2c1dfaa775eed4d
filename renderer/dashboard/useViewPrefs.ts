import { useCallback, useEffect, useRef, useState } from 'react';
import type { ViewPref } from '../../contract';
import { usePam } from '../pam';
import type { ColumnLayout } from './sessionFields';

export interface ViewState {
  layout: ColumnLayout[];
  widths: Record<string, number>;
}

export interface ViewPrefs extends ViewState {
  ready: boolean;
  setLayout(layout: ColumnLayout[]): void;
  setWidth(field: string, width: number): void;
  reset(): void;
}

/** Keyed per server and user so each person keeps their own columns. */
export function viewKey(serverUrl: string, login: string, view: string): string {
  return `${serverUrl}|${login}|${view}`;
}

/** Saved layout merged onto the defaults: unknown fields dropped, columns added since then appended. */
export function mergeLayout(defaults: ColumnLayout[], saved: ViewPref | undefined): ViewState {
  if (!saved) return { layout: defaults, widths: {} };
  const known = new Set(defaults.map((column) => column.field));
  const layout: ColumnLayout[] = [];
  const widths: Record<string, number> = {};
  for (const column of saved.columns) {
    if (!known.has(column.field) || layout.some((c) => c.field === column.field)) continue;
    layout.push({ field: column.field, visible: column.visible });
    if (column.width) widths[column.field] = column.width;
  }
  for (const column of defaults) if (!layout.some((c) => c.field === column.field)) layout.push(column);
  return { layout, widths };
}

function toPref(state: ViewState): ViewPref {
  return {
    columns: state.layout.map((column) => ({
      field: column.field,
      visible: column.visible,
      ...(state.widths[column.field]
        ? { width: Math.round(Math.min(2000, Math.max(20, state.widths[column.field]!))) }
        : {}),
    })),
  };
}

const SAVE_DELAY_MS = 300;

export function useViewPrefs(key: string, defaults: ColumnLayout[]): ViewPrefs {
  const pam = usePam();
  const [state, setState] = useState<ViewState>({ layout: defaults, widths: {} });
  const [ready, setReady] = useState(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(state);

  useEffect(() => {
    let cancelled = false;
    pam.prefs.get().then(
      (prefs) => {
        if (cancelled) return;
        const merged = mergeLayout(defaults, prefs.views[key]);
        latest.current = merged;
        setState(merged);
        setReady(true);
      },
      // Preferences are a comfort: without them the defaults still give a working table.
      () => !cancelled && setReady(true),
    );
    return () => {
      cancelled = true;
    };
  }, [pam, key, defaults]);

  const update = useCallback(
    (next: ViewState) => {
      latest.current = next;
      setState(next);
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => {
        saveTimer.current = undefined;
        pam.prefs.update({ view: { key, pref: toPref(latest.current) } }).catch(() => undefined);
      }, SAVE_DELAY_MS);
    },
    [pam, key],
  );

  // Flush a pending save when the view goes away (tab switch, sign-out).
  useEffect(
    () => () => {
      if (saveTimer.current !== undefined) {
        clearTimeout(saveTimer.current);
        pam.prefs.update({ view: { key, pref: toPref(latest.current) } }).catch(() => undefined);
      }
    },
    [pam, key],
  );

  return {
    ...state,
    ready,
    setLayout: (layout) => update({ ...latest.current, layout }),
    setWidth: (field, width) => update({ ...latest.current, widths: { ...latest.current.widths, [field]: width } }),
    reset: () => update({ layout: defaults, widths: {} }),
  };
}
