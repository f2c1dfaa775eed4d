import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useContext, useEffect, useState } from 'react';
import type { PendingLink, SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { SessionRowsContext } from '../credentials/sessionRows';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';
import { LaunchPanelButton } from '../terminal/LaunchButtons';
import { ExternalLaunchPanel } from './ExternalLaunchPanel';

/**
 * A `pam-desk:` link that main accepted (known server, valid session id) waits here for the user. Nothing
 * is launched until they click one of the session's own buttons; "Ignore" drops the link. Refused links
 * are shown as a notice with main's reason.
 */
export function DeepLinkDialog() {
  const pam = usePam();
  const notify = useNotify();
  const rows = useContext(SessionRowsContext);
  const [link, setLink] = useState<PendingLink | null>(null);

  useEffect(() => {
    const offLink = pam.external.onLink((next) => setLink(next));
    // A link that started the app may have come before this page listened.
    void pam.external.pendingLink().then(
      (waiting) => waiting && setLink((shown) => shown ?? waiting),
      () => undefined,
    );
    const offRefused = pam.external.onLinkRefused(({ message }) => notify(message, 'warning'));
    return () => {
      offLink();
      offRefused();
    };
  }, [pam, notify]);

  if (!link) return null;
  const session: SessionRow | undefined = rows.current().find((row) => row.id === link.sessionId);
  const close = () => {
    void pam.external.takeLink({ linkId: link.linkId }).catch(() => null);
    setLink(null);
  };

  return (
    <Dialog open onClose={close} aria-labelledby="deep-link-title" maxWidth="sm" fullWidth>
      <DialogTitle id="deep-link-title">A link asks to open a session</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          Another program asked PAM Desk to {link.action === 'launch' ? 'open' : 'show'} session{' '}
          <code>{link.sessionId}</code> on <strong>{revealBidiControls(link.profileName)}</strong> ({link.server}). Only
          continue if you expected this.
        </Typography>
        {session ? (
          <>
            <Typography variant="body2">
              {revealBidiControls(session.loginAccount)} on {revealBidiControls(session.host)} · {session.activity}
            </Typography>
            <LaunchPanelButton session={session} onLaunched={close} />
            <ExternalLaunchPanel session={session} />
          </>
        ) : (
          <Alert severity="info">
            This session is not in your list on the server you are signed in to. Sign in to {link.profileName} and open
            the link again.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Ignore</Button>
      </DialogActions>
    </Dialog>
  );
}
