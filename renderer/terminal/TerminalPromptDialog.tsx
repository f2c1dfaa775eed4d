/**
 * What main asks while connecting: trust the SSH proxy's host key (first use, fingerprint shown), the NPS
 * password (when not remembered; sent once, not kept), the MFA code (with the sandbox's fill-in help).
 */
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { usePam } from '../pam';
import { useTerminals, type LaunchPrompt } from './TerminalsContext';

export function TerminalPromptDialog({ sandboxLogin }: { sandboxLogin: string | null }) {
  const { prompt, answer } = useTerminals();
  if (!prompt) return null;
  return <PromptDialog key={prompt.promptId} prompt={prompt} answer={answer} sandboxLogin={sandboxLogin} />;
}

function PromptDialog({
  prompt,
  answer,
  sandboxLogin,
}: {
  prompt: LaunchPrompt;
  answer(value: string | null): void;
  sandboxLogin: string | null;
}) {
  const pam = usePam();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    answer(prompt.kind === 'hostKey' ? 'trust' : value);
  };
  const title = {
    hostKey: prompt.protocol === 'rdp' ? 'Trust this RDP gateway?' : 'Trust this SSH proxy?',
    password: 'Your PAM password',
    code: 'Verification code',
  }[prompt.kind];
  return (
    <Dialog open onClose={() => answer(null)} aria-labelledby="terminal-prompt-title" maxWidth="sm" fullWidth>
      <form onSubmit={submit}>
        <DialogTitle id="terminal-prompt-title">{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{prompt.message}</DialogContentText>
          {prompt.kind === 'hostKey' ? (
            <Typography
              component="code"
              data-testid="host-key-fingerprint"
              sx={{ fontFamily: 'monospace', wordBreak: 'break-all', display: 'block' }}
            >
              {prompt.fingerprint}
            </Typography>
          ) : (
            <TextField
              autoFocus
              fullWidth
              type={prompt.kind === 'password' ? 'password' : 'text'}
              label={prompt.kind === 'password' ? 'Password' : 'Code'}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              slotProps={{
                htmlInput: prompt.kind === 'code' ? { inputMode: 'numeric', autoComplete: 'one-time-code' } : {},
              }}
            />
          )}
        </DialogContent>
        <DialogActions>
          {prompt.kind === 'code' && sandboxLogin && (
            <Button
              onClick={() =>
                void pam.sandbox.mfaCode({ login: sandboxLogin }).then(
                  ({ code }) => setValue(code),
                  () => undefined,
                )
              }
            >
              Fill sandbox code
            </Button>
          )}
          <Button onClick={() => answer(null)}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={prompt.kind !== 'hostKey' && value.length === 0}>
            {prompt.kind === 'hostKey' ? 'Trust and connect' : 'Continue'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
