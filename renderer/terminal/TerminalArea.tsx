import Box from '@mui/material/Box';
import { Activity, useEffect, useRef, type ReactNode } from 'react';
import { RdpView } from '../rdp/RdpView';
import { TerminalView } from './TerminalView';
import { useTerminals } from './TerminalsContext';

/**
 * The main area: the current view, or the active terminal. Every terminal stays mounted (its scrollback).
 * The view behind a terminal is a hidden `Activity`: its state stays, its effects (live subscriptions) stop
 * until it shows again, so a dashboard nobody sees does not re-render its grid on every update while a
 * remote desktop or a flood is being drawn.
 */
export function TerminalArea({ view, children }: { view: string; children: ReactNode }) {
  const { tabs, active, activate } = useTerminals();
  // Choosing a view in the header shows the views again.
  const lastView = useRef(view);
  useEffect(() => {
    if (lastView.current !== view) activate(null);
    lastView.current = view;
  }, [view, activate]);
  const showing = tabs.some((t) => t.tabId === active) ? active : null;
  return (
    <>
      <Activity mode={showing ? 'hidden' : 'visible'}>
        <Box sx={{ height: '100%' }}>{children}</Box>
      </Activity>
      {tabs.map((tab) =>
        tab.kind === 'rdp' ? (
          <RdpView key={tab.tabId} tab={tab} visible={tab.tabId === showing} />
        ) : (
          <TerminalView key={tab.tabId} tab={tab} visible={tab.tabId === showing} />
        ),
      )}
    </>
  );
}
