import ScienceIcon from '@mui/icons-material/Science';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import type { SandboxInfo } from '../../contract';
import { rememberedSignInHint, useKeychainStatus } from '../shell/useKeychainStatus';
import { SignInFrame, StepForm, StepSubmit } from './SignInFrame';
import { isValidServerUrl, normaliseServerUrl } from './serverUrl';

export interface Credentials {
  url: string;
  login: string;
  password: string;
  /** Keep the sign-in in the OS keychain; with `rememberPassword`, the password too (then only the code is asked). */
  rememberMe?: boolean;
  rememberPassword?: boolean;
}

interface Props {
  initial: Credentials;
  sandbox: SandboxInfo | null;
  busy: boolean;
  startingSandbox: boolean;
  onSubmit(credentials: Credentials): void;
  onTrySandbox(): void;
  onLeaveSandbox(): void;
  children?: React.ReactNode;
}

const roleNames: Record<string, string> = {
  user: 'user',
  approver: 'approver',
  admin: 'administrator',
  helpdesk: 'helpdesk',
};

export function CredentialsStep({
  initial,
  sandbox,
  busy,
  startingSandbox,
  onSubmit,
  onTrySandbox,
  onLeaveSandbox,
  children,
}: Props) {
  const [url, setUrl] = useState(initial.url);
  const [login, setLogin] = useState(initial.login);
  const [password, setPassword] = useState(initial.password);
  const [touched, setTouched] = useState(false);
  const [rememberMe, setRememberMe] = useState(initial.rememberMe ?? false);
  const [rememberPassword, setRememberPassword] = useState(initial.rememberPassword ?? false);
  const rememberHint = rememberedSignInHint(useKeychainStatus());

  const normalisedUrl = normaliseServerUrl(url);
  const urlError = !url.trim()
    ? 'Enter the server address'
    : !isValidServerUrl(normalisedUrl)
      ? 'Enter an address like https://pam.example.com:6500'
      : '';
  const loginError = login.trim() ? '' : 'Enter your login';
  const passwordError = password ? '' : 'Enter your password';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (urlError || loginError || passwordError) return;
    onSubmit({
      url: normalisedUrl,
      login: login.trim(),
      password,
      rememberMe: rememberMe || rememberPassword,
      rememberPassword,
    });
  };

  const pickDemoUser = (demoLogin: string) => {
    const demo = sandbox?.users.find((user) => user.login === demoLogin);
    setLogin(demoLogin);
    setPassword(demo?.password ?? '');
  };

  return (
    <SignInFrame
      title={sandbox ? 'Sign in to the sandbox' : 'Sign in'}
      subtitle={
        sandbox ? 'Pick a demo user. Each role sees a different part of PAM Desk.' : 'Use your Privilege Secure login.'
      }
    >
      {children}
      <StepForm label="Sign in" onSubmit={submit}>
        <TextField
          label="Server URL"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://pam.example.com:6500"
          error={touched && Boolean(urlError)}
          helperText={touched && urlError ? urlError : undefined}
          slotProps={{ input: { readOnly: Boolean(sandbox) }, htmlInput: { spellCheck: false, autoCapitalize: 'off' } }}
          autoFocus={!sandbox && !initial.url}
          disabled={busy}
          fullWidth
        />
        {sandbox ? (
          <TextField
            select
            label="Demo user"
            value={login}
            onChange={(event) => pickDemoUser(event.target.value)}
            disabled={busy}
            fullWidth
          >
            {sandbox.users.map((user) => (
              <MenuItem key={user.login} value={user.login}>
                {user.displayName} ({user.login}) — {roleNames[user.role] ?? user.role}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField
            label="Login"
            value={login}
            onChange={(event) => setLogin(event.target.value)}
            error={touched && Boolean(loginError)}
            helperText={touched && loginError ? loginError : undefined}
            autoComplete="username"
            autoFocus={Boolean(initial.url) && !initial.login}
            disabled={busy}
            fullWidth
          />
        )}
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={touched && Boolean(passwordError)}
          helperText={
            touched && passwordError ? passwordError : sandbox ? 'Demo passwords are filled in for you.' : undefined
          }
          autoComplete="current-password"
          autoFocus={Boolean(initial.url && initial.login)}
          disabled={busy}
          fullWidth
        />
        <Box sx={{ display: 'flex', flexDirection: 'column', mt: -1 }}>
          <FormControlLabel
            control={
              <Checkbox
                checked={rememberMe || rememberPassword}
                onChange={(event) => setRememberMe(event.target.checked)}
                disabled={busy || rememberPassword}
              />
            }
            label="Remember me on this computer"
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={rememberPassword}
                onChange={(event) => setRememberPassword(event.target.checked)}
                disabled={busy}
              />
            }
            label="Also remember my password (signing in again asks only for the MFA code)"
          />
          <FormHelperText sx={{ mt: 0 }} data-testid="remember-hint">
            {rememberHint}
          </FormHelperText>
        </Box>
        <StepSubmit busy={busy} label="Sign in" busyLabel="Signing in…" />
        <Box sx={{ display: 'flex', justifyContent: 'center' }}>
          {sandbox ? (
            <Link component="button" type="button" variant="body2" onClick={onLeaveSandbox} disabled={busy}>
              Use another server
            </Link>
          ) : (
            <Button
              size="small"
              startIcon={startingSandbox ? <CircularProgress size={14} /> : <ScienceIcon />}
              onClick={onTrySandbox}
              disabled={busy || startingSandbox}
            >
              {startingSandbox ? 'Starting the sandbox…' : 'Try the sandbox instead'}
            </Button>
          )}
        </Box>
      </StepForm>
    </SignInFrame>
  );
}
