/**
 * The open terminal tabs of this window: launching, prompts main needs answered, and the routing of each
 * terminal's bytes to its view. A tab keeps its place when it reconnects (a new terminal id behind it).
 *
 * Over 300 lines: the tabs' shared state for SSH and RDP (launch, prompts, early bytes and frames, reconnect) —
 * one routing table both kinds of view read.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RdpFrame, RdpPrompt, SessionRow, TerminalPrompt } from '../../contract';
import { isRdpSession } from '../rdp/rdpSessions';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';

export interface TerminalTab {
  tabId: string;
  /** An SSH terminal, or an RDP viewer (then `terminalId` is the viewer's id). */
  kind: 'ssh' | 'rdp';
  terminalId: string | null;
  session: SessionRow;
  state: 'starting' | 'connecting' | 'open' | 'closed';
  reason: string | null;
  hostKeyFingerprint: string | null;
  proxy: string | null;
  /** Watching someone else's connection live: nothing typed is sent. */
  readOnly?: boolean;
  /** The watched terminal's size, once known (read-only tabs). */
  size?: { cols: number; rows: number };
  /** RDP: the remote desktop's size, as asked for at open. */
  desktop: { width: number; height: number } | null;
}

type Sink = (bytes: Uint8Array) => void;
type FrameSink = (frame: RdpFrame) => void;
/** A question from main; RDP's are shown in the same dialog (a certificate like a host key). */
export type LaunchPrompt = TerminalPrompt & { protocol: 'ssh' | 'rdp' };

interface Terminals {
  tabs: TerminalTab[];
  active: string | null;
  activate(tabId: string | null): void;
  launch(session: SessionRow): Promise<void>;
  /** Opens a read-only tab on the session's open SSH connection (administrators, helpdesk). */
  watch(session: SessionRow): Promise<void>;
  reconnect(tabId: string): Promise<void>;
  close(tabId: string): void;
  prompt: LaunchPrompt | null;
  answer(value: string | null): void;
  /** The view of a terminal registers where its bytes go; bytes that came earlier are handed over then. */
  attach(terminalId: string, sink: Sink): () => void;
  /** The same for an RDP viewer's frames. */
  attachFrames(viewerId: string, sink: FrameSink): () => void;
}

const TerminalsContext = createContext<Terminals | null>(null);

export function useTerminals(): Terminals {
  const value = useContext(TerminalsContext);
  if (!value) throw new Error('useTerminals outside TerminalsProvider');
  return value;
}

/** Launching from a row or the details panel; null outside the provider (tests of those parts alone). */
export function useLaunch(): ((session: SessionRow) => Promise<void>) | null {
  return useContext(TerminalsContext)?.launch ?? null;
}

/** Watch live from the details panel; null outside the provider. */
export function useWatch(): ((session: SessionRow) => Promise<void>) | null {
  return useContext(TerminalsContext)?.watch ?? null;
}

let tabCounter = 0;

/** A new tab for `session`, before anything is open: starting, with no terminal or viewer yet. */
function startingTab(session: SessionRow, kind: TerminalTab['kind'], readOnly = false): TerminalTab {
  tabCounter += 1;
  return {
    tabId: `tab-${tabCounter}`,
    kind,
    desktop: null,
    terminalId: null,
    session,
    state: 'starting',
    reason: null,
    hostKeyFingerprint: null,
    proxy: null,
    ...(readOnly ? { readOnly } : {}),
  };
}

/** The remote desktop's size for a new RDP viewer: the window's, less the app's header, within RDP's limits. */
function desktopSize(): { width: number; height: number } {
  const width = Math.min(1920, Math.max(640, Math.floor((window.innerWidth - 48) / 4) * 4));
  const height = Math.min(1200, Math.max(480, Math.floor((window.innerHeight - 200) / 2) * 2));
  return { width, height };
}
/** The size the shell starts with; the view fits it to the window at once. */
const INITIAL_SIZE = { cols: 100, rows: 30 };

export function TerminalsProvider({ children }: { children: ReactNode }) {
  const pam = usePam();
  const notify = useNotify();
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [prompts, setPrompts] = useState<LaunchPrompt[]>([]);
  const frameSinks = useRef(new Map<string, FrameSink>());
  const earlyFrames = useRef(new Map<string, RdpFrame[]>());
  const sinks = useRef(new Map<string, Sink>());
  const early = useRef(new Map<string, Uint8Array[]>());
  // Terminals this window opened: over the bridge every page hears every terminal's events, and only the
  // page that opened one buffers its bytes (bounded by main's window) or answers its prompts.
  const known = useRef(new Set<string>());

  const update = useCallback((terminalId: string, patch: Partial<TerminalTab>) => {
    setTabs((all) => all.map((tab) => (tab.terminalId === terminalId ? { ...tab, ...patch } : tab)));
  }, []);

  useEffect(() => {
    const offOutput = pam.terminal.onOutput(({ terminalId, data }) => {
      const bytes = data;
      const sink = sinks.current.get(terminalId);
      if (sink) sink(bytes);
      else if (known.current.has(terminalId))
        early.current.set(terminalId, [...(early.current.get(terminalId) ?? []), bytes]);
    });
    const offStatus = pam.terminal.onStatus(({ terminalId, state, reason, hostKeyFingerprint, size }) => {
      update(terminalId, {
        state,
        reason,
        ...(hostKeyFingerprint ? { hostKeyFingerprint } : {}),
        ...(size ? { size } : {}),
      });
      if (state === 'closed') {
        known.current.delete(terminalId);
        early.current.delete(terminalId);
        setPrompts((all) => all.filter((p) => p.terminalId !== terminalId));
      }
    });
    const offPrompt = pam.terminal.onPrompt((prompt) => {
      if (known.current.has(prompt.terminalId)) setPrompts((all) => [...all, { ...prompt, protocol: 'ssh' }]);
    });
    const offFrame = pam.rdp.onFrame((frame) => {
      const sink = frameSinks.current.get(frame.viewerId);
      if (sink) sink(frame);
      else if (known.current.has(frame.viewerId))
        earlyFrames.current.set(frame.viewerId, [...(earlyFrames.current.get(frame.viewerId) ?? []), frame]);
    });
    const offRdpStatus = pam.rdp.onStatus(({ viewerId, state, reason, certificateFingerprint, desktop }) => {
      update(viewerId, {
        state,
        reason,
        ...(certificateFingerprint ? { hostKeyFingerprint: certificateFingerprint } : {}),
        ...(desktop ? { desktop } : {}),
      });
      if (state === 'closed') {
        known.current.delete(viewerId);
        earlyFrames.current.delete(viewerId);
        setPrompts((all) => all.filter((p) => p.terminalId !== viewerId));
      }
    });
    const offRdpPrompt = pam.rdp.onPrompt((prompt: RdpPrompt) => {
      if (!known.current.has(prompt.viewerId)) return;
      const { viewerId, kind, ...rest } = prompt;
      setPrompts((all) => [
        ...all,
        { ...rest, terminalId: viewerId, kind: kind === 'certificate' ? 'hostKey' : 'password', protocol: 'rdp' },
      ]);
    });
    return () => {
      offOutput();
      offStatus();
      offPrompt();
      offFrame();
      offRdpStatus();
      offRdpPrompt();
    };
  }, [pam, update]);

  const showError = useCallback(
    (error: unknown) => {
      const described = describeError(error);
      notify(described.code === 'unknown' ? described.title : described.detail, 'error');
    },
    [notify],
  );

  const open = useCallback(
    async (tabId: string, session: SessionRow) => {
      try {
        if (isRdpSession(session)) {
          const viewer = await pam.rdp.open({
            sessionId: session.id,
            width: desktopSize().width,
            height: desktopSize().height,
          });
          known.current.add(viewer.viewerId);
          setTabs((all) =>
            all.map((tab) =>
              tab.tabId === tabId
                ? {
                    ...tab,
                    terminalId: viewer.viewerId,
                    state: 'connecting',
                    proxy: `${viewer.host}:${viewer.port}`,
                    desktop: { width: viewer.width, height: viewer.height },
                  }
                : tab,
            ),
          );
          return true;
        }
        const info = await pam.terminal.open({
          sessionId: session.id,
          cols: INITIAL_SIZE.cols,
          rows: INITIAL_SIZE.rows,
        });
        known.current.add(info.terminalId);
        setTabs((all) =>
          all.map((tab) =>
            tab.tabId === tabId
              ? { ...tab, terminalId: info.terminalId, state: 'connecting', proxy: `${info.host}:${info.port}` }
              : tab,
          ),
        );
        return true;
      } catch (error) {
        showError(error);
        return false;
      }
    },
    [pam, showError],
  );

  /** Opens a tab in front while its connection starts; `drop` takes it away again when that fails. */
  const show = useCallback((tab: TerminalTab) => {
    setTabs((all) => [...all, tab]);
    setActive(tab.tabId);
  }, []);
  const drop = useCallback((tabId: string) => {
    setTabs((all) => all.filter((t) => t.tabId !== tabId));
    setActive((current) => (current === tabId ? null : current));
  }, []);

  const launch = useCallback(
    async (session: SessionRow) => {
      const tab = startingTab(session, isRdpSession(session) ? 'rdp' : 'ssh');
      const { tabId } = tab;
      show(tab);
      if (!(await open(tabId, session))) drop(tabId);
    },
    [open, show, drop],
  );

  const watch = useCallback(
    async (session: SessionRow) => {
      const tab = startingTab(session, 'ssh', true);
      const { tabId } = tab;
      show(tab);
      try {
        const info = await pam.terminal.watch({ sessionId: session.id });
        known.current.add(info.terminalId);
        setTabs((all) =>
          all.map((t) => (t.tabId === tabId ? { ...t, terminalId: info.terminalId, state: 'connecting' } : t)),
        );
      } catch (error) {
        showError(error);
        drop(tabId);
      }
    },
    [pam, showError, show, drop],
  );

  const reconnect = useCallback(
    async (tabId: string) => {
      const tab = tabs.find((t) => t.tabId === tabId);
      if (!tab) return;
      if (tab.readOnly) {
        // A new watch of the connection open now (the old one has ended).
        setTabs((all) => all.filter((t) => t.tabId !== tabId));
        await watch(tab.session);
        return;
      }
      setTabs((all) =>
        all.map((t) => (t.tabId === tabId ? { ...t, terminalId: null, state: 'starting', reason: null } : t)),
      );
      if (!(await open(tabId, tab.session))) {
        setTabs((all) =>
          all.map((t) =>
            t.tabId === tabId ? { ...t, state: 'closed', reason: 'The connection was not started.' } : t,
          ),
        );
      }
    },
    [tabs, open, watch],
  );

  const close = useCallback(
    (tabId: string) => {
      const tab = tabs.find((t) => t.tabId === tabId);
      if (tab?.terminalId && tab.state !== 'closed')
        void (
          tab.kind === 'rdp'
            ? pam.rdp.close({ viewerId: tab.terminalId })
            : pam.terminal.close({ terminalId: tab.terminalId })
        ).catch(() => undefined);
      setTabs((all) => all.filter((t) => t.tabId !== tabId));
      setActive((current) => {
        if (current !== tabId) return current;
        const rest = tabs.filter((t) => t.tabId !== tabId);
        return rest.at(-1)?.tabId ?? null;
      });
    },
    [tabs, pam],
  );

  const prompt = prompts[0] ?? null;
  const answer = useCallback(
    (value: string | null) => {
      if (!prompt) return;
      setPrompts((all) => all.slice(1));
      void (
        prompt.protocol === 'rdp'
          ? pam.rdp.answer({ viewerId: prompt.terminalId, promptId: prompt.promptId, value })
          : pam.terminal.answer({ terminalId: prompt.terminalId, promptId: prompt.promptId, value })
      ).catch(() => undefined);
    },
    [prompt, pam],
  );

  const attach = useCallback((terminalId: string, sink: Sink) => {
    sinks.current.set(terminalId, sink);
    for (const bytes of early.current.get(terminalId) ?? []) sink(bytes);
    early.current.delete(terminalId);
    return () => {
      if (sinks.current.get(terminalId) === sink) sinks.current.delete(terminalId);
    };
  }, []);

  const attachFrames = useCallback((viewerId: string, sink: FrameSink) => {
    frameSinks.current.set(viewerId, sink);
    for (const frame of earlyFrames.current.get(viewerId) ?? []) sink(frame);
    earlyFrames.current.delete(viewerId);
    return () => {
      if (frameSinks.current.get(viewerId) === sink) frameSinks.current.delete(viewerId);
    };
  }, []);

  const value = useMemo<Terminals>(
    () => ({
      tabs,
      active,
      activate: setActive,
      launch,
      watch,
      reconnect,
      close,
      prompt,
      answer,
      attach,
      attachFrames,
    }),
    [tabs, active, launch, watch, reconnect, close, prompt, answer, attach, attachFrames],
  );
  return <TerminalsContext.Provider value={value}>{children}</TerminalsContext.Provider>;
}
