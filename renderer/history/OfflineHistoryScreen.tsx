/**
 * History without the server: one kept history opened read-only ("offline — as of" its last sync). While it
 * is open the server is tried every little while; when it answers, a remembered sign-in goes live by itself,
 * otherwise the user is offered to sign in.
 */
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import Alert from '@mui/material/Alert';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { AuthState, CachedHistory } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { usePam } from '../pam';
import { HistoryPage } from './HistoryPage';

const RETRY_MS = 10_000;

interface Props {
  history: CachedHistory;
  onLeave(): void;
  onLive(state: AuthState): void;
}

export function OfflineHistoryScreen({ history, onLeave, onLive }: Props) {
  const pam = usePam();
  const [reachable, setReachable] = useState(false);
  useEffect(() => {
    // The bundled sandbox has a new address every run: there is no server to wait for.
    if (history.kind === 'sandbox') return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async () => {
      try {
        await pam.auth.probe({ url: history.url });
        if (stopped) return;
        const profile = (await pam.profiles.list()).profiles.find((p) => p.id === history.profileId);
        if (profile?.remembered.token && profile.lastLogin === history.login) {
          const state = await pam.profiles.use({ id: profile.id });
          if (!stopped && state.status !== 'signedOut') return onLive(state);
        }
        if (!stopped) setReachable(true);
      } catch {
        if (!stopped) timer = setTimeout(() => void attempt(), RETRY_MS);
      }
    };
    timer = setTimeout(() => void attempt(), RETRY_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pam, history, onLive]);

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <AppBar position="static" color="inherit" sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Toolbar variant="dense" sx={{ gap: 1.5, minHeight: 48 }}>
          <CloudOffIcon color="warning" />
          <Typography variant="subtitle1" component="span" sx={{ fontWeight: 700 }}>
            PAM Desk — offline history
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="offline-who">
            <IsolatedName text={history.profileName} /> · <IsolatedName text={history.login} />
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Button startIcon={<ArrowBackIcon />} onClick={onLeave}>
            Back to sign-in
          </Button>
        </Toolbar>
      </AppBar>
      <Alert
        severity={reachable ? 'success' : 'warning'}
        sx={{ mx: 1.5, mt: 1 }}
        role="status"
        action={
          reachable ? (
            <Button color="inherit" onClick={onLeave}>
              Sign in
            </Button>
          ) : undefined
        }
      >
        {reachable
          ? 'The server can be reached again. Sign in to see live sessions and sync your history.'
          : 'The server can’t be reached. This is the history kept on this computer, read-only, as of its last sync.'}
      </Alert>
      <Box component="main" sx={{ flex: 1, minHeight: 0, p: 1.5 }}>
        <HistoryPage seesAll prefsKey={`offline|${history.profileId}|${history.login}|history`} offline />
      </Box>
    </Box>
  );
}
