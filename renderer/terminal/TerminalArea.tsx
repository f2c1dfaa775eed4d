import Box from '@mui/material/Box';
import { useEffect, useRef, type ReactNode } from 'react';
import { RdpView } from '../rdp/RdpView';
import { TerminalView } from './TerminalView';
import { useTerminals } from './TerminalsContext';

/** The main area: the current view, or the active terminal. Every terminal stays mounted (its scrollback). */
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
      <Box sx={{ display: showing ? 'none' : 'block', height: '100%' }}>{children}</Box>
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
