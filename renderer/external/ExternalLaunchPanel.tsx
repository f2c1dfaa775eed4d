import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ConnectionDetails, ExternalClientId, SessionRow } from '../../contract';
import { revealBidiControls } from '../common/bidiControls';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';
import { isSshSession } from '../terminal/sshSessions';
import { ExternalLaunchDialog, type ExternalLaunchTarget } from './ExternalLaunchDialog';
import { useExternalClients } from './useExternalClients';

const launchable = (row: SessionRow) => (row.status === 'available' || row.status === 'loggedIn') && !row.locked;

/**
 * The session details' "Open in <client>" buttons for the clients found on this computer (a hint when none
 * is), the profile's default per protocol, and for SSH the proxy's connection details to copy.
 */
export function ExternalLaunchPanel({ session }: { session: SessionRow }) {
  const pam = usePam();
  const { clients, choose } = useExternalClients();
  const [target, setTarget] = useState<ExternalLaunchTarget | null>(null);
  const [details, setDetails] = useState<ConnectionDetails | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  if (!clients || !launchable(session)) return null;
  const protocol = isSshSession(session) ? 'ssh' : 'rdp';
  const offered = protocol === 'ssh' ? (clients.ssh ? clients.terminals : []) : clients.rdp;
  const title = `${revealBidiControls(session.loginAccount)} on ${revealBidiControls(session.host)}`;

  async function showDetails() {
    setProblem(null);
    try {
      setDetails(await pam.external.details({ sessionId: session.id }));
    } catch (error) {
      const { title: short, detail } = describeError(error);
      setProblem(detail ?? short);
    }
  }

  async function copy(what: string, text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(null);
      setProblem('The clipboard could not be written. Select the text and copy it yourself.');
    }
  }

  return (
    <Box component="section" aria-label="Open in your own client" sx={{ mt: 2 }}>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        Your own {protocol === 'ssh' ? 'terminal' : 'RDP client'}
      </Typography>
      {offered.length === 0 ? (
        <Alert severity="info" data-testid="no-external-client">
          {protocol === 'ssh'
            ? 'No terminal with OpenSSH was found on this computer. Copy the SSH command below, or open the session in PAM Desk.'
            : 'No RDP client (FreeRDP, Remmina, Remote Desktop) was found on this computer. Open the session in PAM Desk.'}
        </Alert>
      ) : (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {offered.map((client) => (
            <Button
              key={client.id}
              variant={clients.choice[protocol] === client.id ? 'contained' : 'outlined'}
              startIcon={<OpenInNewIcon />}
              onClick={() => setTarget({ sessionId: session.id, protocol, client, title })}
            >
              Open in {client.label}
            </Button>
          ))}
        </Stack>
      )}
      {offered.length > 0 && (
        <TextField
          select
          size="small"
          label={`Default for ${protocol.toUpperCase()} on this server`}
          value={clients.choice[protocol]}
          onChange={(event) =>
            void choose(protocol, event.target.value as 'app' | ExternalClientId).catch(() => undefined)
          }
          sx={{ mt: 1.5, minWidth: 260 }}
        >
          <MenuItem value="app">Inside PAM Desk</MenuItem>
          {offered.map((client) => (
            <MenuItem key={client.id} value={client.id}>
              {client.label}
            </MenuItem>
          ))}
        </TextField>
      )}
      {protocol === 'ssh' && (
        <Box sx={{ mt: 1.5 }}>
          {details ? (
            <Stack spacing={0.5} data-testid="connection-details">
              <Typography variant="body2">
                Proxy: <code>{details.host}</code> port <code>{details.port}</code>
              </Typography>
              <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
                Connection string: <code>{revealBidiControls(details.connectionString)}</code>
              </Typography>
              <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
                <code>{revealBidiControls(details.command)}</code>
              </Typography>
              {details.configEntry && (
                <Typography variant="caption" color="text.secondary">
                  OpenSSH refuses spaces and brackets in a user name on its command line: copy the config entry into
                  ~/.ssh/config and run <code>ssh pamdesk-proxy</code>.
                </Typography>
              )}
              <Stack direction="row" spacing={1}>
                <Button
                  size="small"
                  startIcon={<ContentCopyIcon />}
                  onClick={() => void copy('command', details.command)}
                >
                  Copy SSH command
                </Button>
                {details.configEntry && (
                  <Button
                    size="small"
                    startIcon={<ContentCopyIcon />}
                    onClick={() => void copy('config', details.configEntry!)}
                  >
                    Copy config entry
                  </Button>
                )}
              </Stack>
              {copied && (
                <Typography variant="caption" role="status">
                  Copied the {copied === 'command' ? 'SSH command' : 'config entry'}.
                </Typography>
              )}
            </Stack>
          ) : (
            <Button size="small" onClick={() => void showDetails()}>
              Show connection details
            </Button>
          )}
        </Box>
      )}
      {problem && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {problem}
        </Alert>
      )}
      {target && <ExternalLaunchDialog target={target} onClose={() => setTarget(null)} />}
    </Box>
  );
}
