/**
 * Signing in again in place: the server stopped accepting the session (token expired or revoked), and the
 * screen behind keeps its view — table, search, selection. With a remembered password main has already
 * sent it, so only the MFA code is asked for.
 */
import KeyIcon from '@mui/icons-material/Key';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import type { AuthState } from '../../contract';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { IsolatedName } from '../common/IsolatedName';

type Reauth = Extract<AuthState, { status: 'reauthRequired' }>;

export function ReSignInDialog({ auth, sandbox, onSignOut }: { auth: Reauth; sandbox: boolean; onSignOut(): void }) {
  const pam = usePam();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mfa = auth.step === 'mfa';
  // Main is trying the remembered password: nothing to ask until it says which step is due.
  const resuming = auth.step === 'resuming';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mfa ? !/^\d{6}$/.test(code) : !password) {
      setProblem(mfa ? 'The code has 6 digits.' : 'Enter your password.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if (mfa) await pam.auth.verifyMfa({ code });
      else await pam.auth.signIn({ url: auth.serverUrl, login: auth.login, password });
      setPassword('');
      setCode('');
    } catch (error) {
      const described = describeError(error);
      setProblem(`${described.title}. ${described.hint}`);
    } finally {
      setBusy(false);
    }
  };

  const fillCode = async () => {
    try {
      setCode((await pam.sandbox.mfaCode({ login: auth.login })).code);
    } catch (error) {
      setProblem(describeError(error).title);
    }
  };

  return (
    <Dialog open aria-labelledby="resignin-title" maxWidth="xs" fullWidth>
      <Box component="form" noValidate onSubmit={(event) => void submit(event)} aria-label="Sign in again">
        <DialogTitle id="resignin-title">Sign in again to continue</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {resuming ? (
              <>
                The server ended your session. Signing in again as <IsolatedName text={auth.user.displayName} /> (
                {auth.login}) with your remembered password; your view stays as it is.
              </>
            ) : (
              <>
                The server ended your session. {mfa ? 'Enter your MFA code' : 'Enter your password'} as{' '}
                <IsolatedName text={auth.user.displayName} /> ({auth.login}); your view stays as it is.
              </>
            )}
          </DialogContentText>
          {problem && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {problem}
            </Alert>
          )}
          {resuming ? (
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} role="status">
              <CircularProgress size={18} /> Signing in again…
            </Box>
          ) : mfa ? (
            <TextField
              key="code"
              label="MFA code"
              value={code}
              onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
              autoComplete="one-time-code"
              autoFocus
              disabled={busy}
              fullWidth
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }}
            />
          ) : (
            <TextField
              key="password"
              label="Password"
              type="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="current-password"
              autoFocus
              disabled={busy}
              fullWidth
            />
          )}
          {mfa && sandbox && (
            <Button sx={{ mt: 1 }} size="small" startIcon={<KeyIcon />} onClick={() => void fillCode()} disabled={busy}>
              Fill sandbox code
            </Button>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onSignOut} disabled={busy}>
            Sign out
          </Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || resuming}
            startIcon={busy ? <CircularProgress size={14} color="inherit" /> : undefined}
          >
            {mfa ? 'Verify' : 'Continue'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
