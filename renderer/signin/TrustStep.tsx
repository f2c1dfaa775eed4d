import GppBadIcon from '@mui/icons-material/GppBad';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ServerProbe } from '../../contract';
import { formatDateTimeSeconds } from '../common/formatDate';
import { SignInFrame } from './SignInFrame';

interface Props {
  probe: ServerProbe;
  busy: boolean;
  onTrust(): void;
  onCancel(): void;
  children?: React.ReactNode;
}

/** A deliberate step: show who the certificate claims to be and its fingerprint, trust only on request. */
export function TrustStep({ probe, busy, onTrust, onCancel, children }: Props) {
  const [compared, setCompared] = useState(false);
  const rows: Array<[string, string]> = [
    ['Server', probe.url],
    ['Subject', probe.subject ?? '—'],
    ['Issuer', probe.issuer ?? '—'],
    ['Valid until', probe.validTo ? formatDateTimeSeconds(probe.validTo) || probe.validTo : '—'],
  ];
  return (
    <SignInFrame title="Check this server’s certificate" width={560}>
      {children}
      <Alert severity="warning" icon={<GppBadIcon />} sx={{ mb: 2 }}>
        This server’s certificate is not signed by an authority your computer trusts. That is normal for a private
        server, but it is also what an attacker would show. Trust it only if its fingerprint matches the one your
        administrator gave you.
      </Alert>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: '110px 1fr',
          rowGap: 0.75,
          columnGap: 1.5,
          m: 0,
          mb: 2,
          '& dd': { m: 0, wordBreak: 'break-all' },
        }}
      >
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2">
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
      <Typography variant="body2" color="text.secondary">
        SHA-256 fingerprint
      </Typography>
      <Typography
        data-testid="fingerprint"
        sx={{
          fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
          fontSize: 13,
          bgcolor: 'background.default',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          p: 1,
          mt: 0.5,
          mb: 2,
          wordBreak: 'break-all',
        }}
      >
        {probe.fingerprint ?? 'unavailable'}
      </Typography>
      <FormControlLabel
        control={<Checkbox checked={compared} onChange={(event) => setCompared(event.target.checked)} />}
        label="I compared the fingerprint and it matches"
      />
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 1 }}>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="warning"
          onClick={onTrust}
          disabled={!compared || busy || !probe.fingerprint}
          startIcon={busy ? <CircularProgress size={14} color="inherit" /> : undefined}
        >
          Trust this server
        </Button>
      </Box>
    </SignInFrame>
  );
}
