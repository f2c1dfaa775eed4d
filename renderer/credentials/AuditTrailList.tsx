import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { AuditRecord } from '../../contract';
import { describeError } from '../common/errorMessages';
import { formatDateTimeSeconds } from '../common/formatDate';
import { usePam } from '../pam';
import { useAuditVersion } from './CredentialsContext';

const ACTION_TEXT: Record<AuditRecord['action'], string> = {
  copyUsername: 'Copied the username',
  copyPassword: 'Copied the password',
  viewPassword: 'Viewed the password',
  launchRdp: 'Launched RDP',
  launchSsh: 'Launched SSH',
};

/** This computer's record of who copied or viewed this session's credentials, newest first. */
export function AuditTrailList({ sessionId }: { sessionId: string }) {
  const pam = usePam();
  const auditVersion = useAuditVersion();
  const [entries, setEntries] = useState<AuditRecord[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    pam.credentials.audit({ sessionId }).then(
      (list) => !cancelled && (setEntries([...list.entries].reverse()), setProblem(null)),
      (error: unknown) => !cancelled && setProblem(describeError(error).title),
    );
    return () => {
      cancelled = true;
    };
  }, [pam, sessionId, auditVersion]);

  return (
    <Box component="section" aria-label="Credential use" sx={{ px: 2, py: 1 }}>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        Credential use on this computer
      </Typography>
      {problem && <Alert severity="warning">The record could not be read: {problem}.</Alert>}
      {entries && !entries.length && (
        <Typography variant="body2" color="text.secondary">
          Nobody copied or viewed this session’s credentials here.
        </Typography>
      )}
      <Box component="ul" sx={{ m: 0, pl: 2, maxHeight: 160, overflow: 'auto' }}>
        {entries?.map((entry, i) => (
          <Typography
            component="li"
            variant="body2"
            key={`${entry.at}-${i}`}
            data-audit-action={entry.action}
            data-audit-outcome={entry.outcome}
          >
            {formatDateTimeSeconds(entry.at)} — {entry.user}: {ACTION_TEXT[entry.action]}
            {entry.outcome === 'ok' ? '' : entry.outcome === 'refused' ? ' (refused)' : ' (failed)'}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
