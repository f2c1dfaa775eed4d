import DeleteIcon from '@mui/icons-material/Delete';
import DnsIcon from '@mui/icons-material/Dns';
import KeyIcon from '@mui/icons-material/Key';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import { visuallyHidden } from '@mui/utils';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Profile } from '../../contract';

interface Props {
  profiles: Profile[];
  busy: boolean;
  onUse(profile: Profile): void;
  onRemove(profile: Profile): void;
}

/** The servers signed in to before: one click to switch, and a way to forget one. */
export function SavedServers({ profiles, busy, onUse, onRemove }: Props) {
  if (!profiles.length) return null;
  return (
    <Box component="section" aria-label="Saved servers" sx={{ mb: 2 }}>
      <Typography variant="subtitle2" component="h2" color="text.secondary">
        Saved servers
      </Typography>
      <List dense disablePadding>
        {profiles.map((profile) => {
          const remembered = profile.remembered.password
            ? 'remembers your password: only the MFA code is asked'
            : profile.remembered.token
              ? 'remembers your sign-in'
              : 'asks for your password';
          return (
            <ListItem
              key={profile.id}
              disablePadding
              secondaryAction={
                <Tooltip title="Forget this server (and what PAM Desk remembers for it)">
                  <IconButton
                    edge="end"
                    aria-label={`Forget ${profile.name}`}
                    onClick={() => onRemove(profile)}
                    disabled={busy}
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              }
            >
              {/* Named by what it shows (a name that differs from the visible text confuses voice control). */}
              <ListItemButton onClick={() => onUse(profile)} disabled={busy}>
                <Box component="span" sx={visuallyHidden}>
                  Sign in to{' '}
                </Box>
                <ListItemIcon sx={{ minWidth: 36 }}>
                  {profile.remembered.token || profile.remembered.password ? <KeyIcon /> : <DnsIcon />}
                </ListItemIcon>
                <ListItemText
                  primary={`${profile.name}${profile.lastLogin ? ` — ${profile.lastLogin}` : ''}`}
                  secondary={`${profile.kind === 'sandbox' ? 'Sandbox' : profile.url} · ${remembered}`}
                />
              </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    </Box>
  );
}
