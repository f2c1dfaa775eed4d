import KeyIcon from '@mui/icons-material/Key';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { SignInFrame, StepForm, StepSubmit } from './SignInFrame';

interface Props {
  login: string;
  server: string;
  busy: boolean;
  /** Only in sandbox mode: asks the sandbox for the current code. */
  onFillSandboxCode?: () => Promise<string>;
  onVerify(code: string): void;
  onBack(): void;
  children?: React.ReactNode;
}

export function MfaStep({ login, server, busy, onFillSandboxCode, onVerify, onBack, children }: Props) {
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [filling, setFilling] = useState(false);
  const valid = /^\d{6}$/.test(code);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (valid) onVerify(code);
  };

  const fill = async () => {
    if (!onFillSandboxCode) return;
    setFilling(true);
    try {
      setCode(await onFillSandboxCode());
    } finally {
      setFilling(false);
    }
  };

  return (
    <SignInFrame
      title="Enter your MFA code"
      subtitle={`Signing in as ${login} to ${server}. Open your authenticator app and enter the 6-digit code.`}
    >
      {children}
      <StepForm label="Verify your identity" onSubmit={submit}>
        <TextField
          label="MFA code"
          value={code}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
          error={touched && !valid}
          helperText={touched && !valid ? 'The code has 6 digits' : undefined}
          autoComplete="one-time-code"
          autoFocus
          disabled={busy}
          slotProps={{
            htmlInput: {
              inputMode: 'numeric',
              pattern: '[0-9]*',
              maxLength: 6,
              style: { letterSpacing: '0.3em', fontSize: 18 },
            },
          }}
          fullWidth
        />
        {onFillSandboxCode && (
          <Button
            variant="outlined"
            startIcon={filling ? <CircularProgress size={14} /> : <KeyIcon />}
            onClick={() => void fill()}
            disabled={busy || filling}
          >
            Fill sandbox code
          </Button>
        )}
        <Box sx={{ display: 'flex', gap: 1 }}>
          <Button onClick={onBack} disabled={busy}>
            Back
          </Button>
          <Box sx={{ flex: 1 }} />
          <StepSubmit busy={busy} label="Verify" busyLabel="Verifying…" />
        </Box>
      </StepForm>
    </SignInFrame>
  );
}
