import Box from '@mui/material/Box';
import { useCallback, useEffect, useState } from 'react';
import type { FeedStatus } from '../../contract';
import type { SignedInUser } from '../../contract';
import { SessionsTab } from '../admin/SessionsTab';
import { CredentialsProvider } from '../credentials/CredentialsContext';
import { QuickFinder, useQuickFinderShortcut } from '../credentials/QuickFinder';
import { SessionRowsContext, createSessionRowsRegistry } from '../credentials/sessionRows';
import { ActiveDashboard } from '../dashboard/ActiveDashboard';
import { viewKey } from '../dashboard/useViewPrefs';
import { HistoryPage } from '../history/HistoryPage';
import { SignOutDialog } from '../history/SignOutDialog';
import { usePam } from '../pam';
import { ApprovalsDashboard } from '../approvals/ApprovalsDashboard';
import { NoticeMenu } from '../notifications/NoticeMenu';
import { NoticeToasts } from '../notifications/NoticeToasts';
import { SessionFocusContext, createSessionFocus } from '../notifications/sessionFocus';
import { useDesktopNotices } from '../notifications/useDesktopNotices';
import { SessionViewerContext } from '../dashboard/sessionViewer';
import { CreateSessionDialog } from '../requests/CreateSessionDialog';
import { useCreateSessionShortcut } from '../requests/useCreateSessionShortcut';
import { TerminalArea } from '../terminal/TerminalArea';
import { TerminalPromptDialog } from '../terminal/TerminalPromptDialog';
import { TerminalsProvider } from '../terminal/TerminalsContext';
import { DeepLinkDialog } from '../external/DeepLinkDialog';
import { TerminalTabBar } from '../terminal/TerminalTabBar';
import { AppHeader, decidesRequests, type MainTab } from './AppHeader';
import { ErrorBoundary } from './ErrorBoundary';
import { KeychainNotice } from './KeychainNotice';
import { useNotify } from './Notifier';
import { StatusBar } from './StatusBar';
import { FeedStatusContext, useFeedStatusSubscription } from './useFeedStatus';

/** The signed-in frame: app bar, the active view, the status bar. */
export function MainScreen({ serverUrl, user, sandbox }: { serverUrl: string; user: SignedInUser; sandbox: boolean }) {
  const pam = usePam();
  const notify = useNotify();
  const feedStatus = useFeedStatusSubscription();
  // An approver signs in to decide: her first screen is the Approvals dashboard, never an empty one.
  const [tab, setTab] = useState<MainTab>(() =>
    user.roles.includes('approver') && !user.isAdmin ? 'approvals' : 'dashboard',
  );
  const [signingOut, setSigningOut] = useState(false);
  const [rowsRegistry] = useState(createSessionRowsRegistry);
  // Main's feed keeps polling while the table's view is hidden: its deltas keep the finder's rows current.
  useEffect(() => pam.sessions.onDelta((delta) => rowsRegistry.apply(delta)), [pam, rowsRegistry]);
  const [finding, setFinding] = useState(false);
  useQuickFinderShortcut(useCallback(() => setFinding(true), []));
  const [approvalsStatus, setApprovalsStatus] = useState<FeedStatus | null>(null);
  const [creating, setCreating] = useState(false);
  const openCreate = useCallback(() => setCreating(true), []);
  useCreateSessionShortcut(openCreate);
  const [focus] = useState(createSessionFocus);
  const notices = useDesktopNotices(focus);
  const [browserMode, setBrowserMode] = useState(false);
  useEffect(() => {
    pam.app
      .info()
      .then((info) => setBrowserMode(info.transport === 'bridge'))
      .catch(() => undefined);
  }, [pam]);
  // A clicked notice shows its view: the Approvals dashboard for a waiting request, else the session's row.
  useEffect(
    () =>
      focus.subscribe(() => {
        const target = focus.current();
        if (!target) return;
        if (target.kind === 'approvalWaiting') {
          setTab('approvals');
          focus.done(target.seq);
        } else setTab('dashboard');
      }),
    [focus],
  );

  // Signing out asks first when a history is kept (it may be deleted with the sign-in); else it just signs out.
  const [confirmSignOut, setConfirmSignOut] = useState<{ count: number; profileId: string | null } | null>(null);
  const askSignOut = async () => {
    const history = await pam.history.status().catch(() => null);
    const kept = history?.open && history.persistent ? history.count : 0;
    if (kept === 0) void signOut();
    else setConfirmSignOut({ count: kept, profileId: history?.profileId ?? null });
  };
  const signOut = async (deleteHistory = false) => {
    const forget = deleteHistory && confirmSignOut?.profileId ? confirmSignOut.profileId : null;
    setConfirmSignOut(null);
    setSigningOut(true);
    try {
      await pam.auth.signOut(); // auth.onChanged then shows the sign-in screen
      if (forget) await pam.history.forget({ profileId: forget, login: user.login });
    } catch {
      notify('Signing out did not complete. Close PAM Desk to be sure your token is discarded.', 'error');
      setSigningOut(false);
    }
  };

  const seesAll = user.isAdmin || user.roles.includes('helpdesk');
  const activeTab =
    tab === 'sessions' && seesAll
      ? 'sessions'
      : tab === 'approvals' && decidesRequests(user)
        ? 'approvals'
        : tab === 'history'
          ? 'history'
          : 'dashboard';
  return (
    <SessionFocusContext.Provider value={focus}>
      <FeedStatusContext.Provider value={feedStatus}>
        <SessionRowsContext.Provider value={rowsRegistry}>
          <CredentialsProvider>
            <TerminalsProvider>
              <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
                <AppHeader
                  serverUrl={serverUrl}
                  user={user}
                  tab={activeTab}
                  onTab={setTab}
                  sandbox={sandbox}
                  signingOut={signingOut}
                  onSignOut={() => void askSignOut()}
                  tools={<NoticeMenu counts={notices.counts} browserMode={browserMode} />}
                />
                <TerminalTabBar />
                <KeychainNotice sx={{ mx: 1.5, mt: 1 }} />
                <Box component="main" sx={{ flex: 1, minHeight: 0, p: 1.5 }}>
                  <TerminalArea view={activeTab}>
                    <ErrorBoundary key={activeTab}>
                      {activeTab === 'sessions' ? (
                        <SessionsTab serverUrl={serverUrl} user={user} />
                      ) : activeTab === 'history' ? (
                        <HistoryPage
                          seesAll={seesAll}
                          prefsKey={viewKey(serverUrl, user.login, 'history')}
                          offline={feedStatus.state === 'offline'}
                        />
                      ) : activeTab === 'approvals' ? (
                        <ApprovalsDashboard onStatus={setApprovalsStatus} />
                      ) : (
                        <ActiveDashboard serverUrl={serverUrl} user={user} onCreateSession={openCreate} />
                      )}
                    </ErrorBoundary>
                  </TerminalArea>
                </Box>
                <StatusBar
                  status={activeTab === 'approvals' && approvalsStatus ? approvalsStatus : feedStatus}
                  server={serverUrl}
                />
              </Box>
              {finding && (
                // The finder searches the rows on screen: on the Sessions tab they are everybody's.
                <SessionViewerContext.Provider value={activeTab === 'sessions' ? user : null}>
                  <QuickFinder onClose={() => setFinding(false)} onCreateSession={openCreate} />
                </SessionViewerContext.Provider>
              )}
              {creating && (
                <CreateSessionDialog
                  onClose={() => setCreating(false)}
                  onCreated={(result) => {
                    setCreating(false);
                    setTab('dashboard');
                    const n = result.ids.length;
                    notify(
                      result.recovered
                        ? 'The server answered late, but your request was made: it is on your dashboard.'
                        : `Requested ${n} ${n === 1 ? 'session' : 'sessions'}. ${n === 1 ? 'It shows' : 'They show'} on your dashboard as the server works.`,
                    );
                  }}
                />
              )}
              <TerminalPromptDialog sandboxLogin={sandbox ? user.login : null} />
              <NoticeToasts
                notices={notices.inApp}
                onDismiss={notices.dismiss}
                onOpen={(notice, action) => focus.request({ sessionId: notice.sessionId, kind: notice.kind, action })}
              />
              {confirmSignOut && (
                <SignOutDialog
                  cachedCount={confirmSignOut.count}
                  onCancel={() => setConfirmSignOut(null)}
                  onSignOut={(deleteHistory) => void signOut(deleteHistory)}
                />
              )}
              <DeepLinkDialog />
            </TerminalsProvider>
          </CredentialsProvider>
        </SessionRowsContext.Provider>
      </FeedStatusContext.Provider>
    </SessionFocusContext.Provider>
  );
}
