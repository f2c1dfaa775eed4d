import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useCallback, useState } from 'react';
import type { AuthState, CachedHistory, SandboxInfo } from '../../contract';
import { OfflineHistoryScreen } from '../history/OfflineHistoryScreen';
import { describeError } from '../common/errorMessages';
import { SignInScreen } from '../signin/SignInScreen';
import { usePam } from '../pam';
import { MainScreen } from './MainScreen';
import { NotifierProvider } from './Notifier';
import { ReSignInDialog } from './ReSignInDialog';
import { useAuthState } from './useAuthState';
import { useVisibilityReporting } from './useVisibilityReporting';

export function App() {
  const pam = usePam();
  const auth = useAuthState();
  const [sandbox, setSandbox] = useState<SandboxInfo | null>(null);
  const [offlineHistory, setOfflineHistory] = useState<CachedHistory | null>(null);
  const { set: setAuth } = auth;
  const leaveOffline = useCallback(() => {
    setOfflineHistory(null);
    void pam.history.closeOffline().catch(() => undefined);
  }, [pam]);
  const goLive = useCallback(
    (state: AuthState) => {
      setOfflineHistory(null);
      setAuth(state);
    },
    [setAuth],
  );
  useVisibilityReporting();

  if (!auth.state) {
    return (
      <Box sx={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 3 }}>
        {auth.error ? (
          <Alert severity="error" role="alert" sx={{ maxWidth: 560 }}>
            <strong>PAM Desk could not start: {describeError(auth.error).title.toLowerCase()}.</strong> Restart PAM
            Desk. If this keeps happening, the application log has the details.
          </Alert>
        ) : (
          <CircularProgress aria-label="Starting PAM Desk" />
        )}
      </Box>
    );
  }
  if (auth.state.status === 'signedIn' || auth.state.status === 'reauthRequired') {
    // Signing in again keeps the same MainScreen mounted (same key): the view and its state survive.
    // The confirmations belong to this sign-in too: a user who signs in next never sees the last one's.
    const { serverUrl, user } = auth.state;
    const signIn = `${serverUrl}|${user.login}`;
    return (
      <>
        <NotifierProvider key={signIn}>
          <MainScreen key={signIn} serverUrl={serverUrl} user={user} sandbox={auth.state.sandbox} />
        </NotifierProvider>
        {auth.state.status === 'reauthRequired' && (
          <ReSignInDialog
            auth={auth.state}
            sandbox={auth.state.sandbox}
            onSignOut={() => void pam.auth.signOut().then(auth.set, () => undefined)}
          />
        )}
      </>
    );
  }
  if (offlineHistory && auth.state.status === 'signedOut') {
    return (
      <NotifierProvider>
        <OfflineHistoryScreen history={offlineHistory} onLeave={leaveOffline} onLive={goLive} />
      </NotifierProvider>
    );
  }
  return (
    <SignInScreen
      auth={auth.state}
      onAuthState={auth.set}
      sandbox={sandbox}
      onSandbox={setSandbox}
      onReviewOffline={setOfflineHistory}
    />
  );
}
