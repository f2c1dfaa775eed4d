import DnsIcon from '@mui/icons-material/Dns';
import LogoutIcon from '@mui/icons-material/Logout';
import PersonIcon from '@mui/icons-material/Person';
import ShieldIcon from '@mui/icons-material/Shield';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { Role, SignedInUser } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { ThemeMenu } from './ThemeMenu';

export type MainTab = 'dashboard' | 'approvals' | 'sessions' | 'history';

/** Approvers and administrators decide on requests. */
export const decidesRequests = (user: SignedInUser) => user.isAdmin || user.roles.includes('approver');

const roleLabel: Record<Role, string> = {
  user: 'User',
  approver: 'Approver',
  admin: 'Administrator',
  helpdesk: 'Helpdesk',
};

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

interface Props {
  serverUrl: string;
  user: SignedInUser;
  tab: MainTab;
  onTab(tab: MainTab): void;
  sandbox: boolean;
  signingOut: boolean;
  onSignOut(): void;
  /** Shown before Sign out (the notifications bell). */
  tools?: ReactNode;
}

export function AppHeader({ serverUrl, user, tab, onTab, sandbox, signingOut, onSignOut, tools }: Props) {
  const roles = user.roles.length ? user.roles : (['user'] as Role[]);
  return (
    <AppBar position="static" color="inherit" sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar variant="dense" sx={{ gap: 2, minHeight: 48 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
          <ShieldIcon color="primary" />
          <Typography variant="subtitle1" component="span" sx={{ fontWeight: 700, letterSpacing: 0.2 }}>
            PAM Desk
          </Typography>
        </Box>
        <Tabs
          value={tab}
          onChange={(_, value: MainTab) => onTab(value)}
          aria-label="Views"
          sx={{ minHeight: 48, '& .MuiTab-root': { minHeight: 48 } }}
        >
          <Tab value="dashboard" label="Active Dashboard" />
          <Tab value="history" label="History" />
          {decidesRequests(user) && <Tab value="approvals" label="Approvals" />}
          {(user.isAdmin || user.roles.includes('helpdesk')) && <Tab value="sessions" label="Sessions" />}
        </Tabs>
        <Box sx={{ flex: 1 }} />
        <Tooltip title={serverUrl}>
          <Box
            sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color: 'text.secondary' }}
            aria-label={`Server ${serverUrl}`}
          >
            <DnsIcon sx={{ fontSize: 18 }} />
            <Typography variant="body2" data-testid="server-host">
              {hostOf(serverUrl)}
            </Typography>
            {sandbox && (
              <Chip size="small" label="Sandbox" color="warning" variant="outlined" sx={{ ml: 0.5, height: 20 }} />
            )}
          </Box>
        </Tooltip>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }} data-testid="signed-in-user">
          <PersonIcon sx={{ fontSize: 18, color: 'text.secondary' }} />
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            <IsolatedName text={user.displayName || user.login} />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            ({user.login})
          </Typography>
          {roles.map((role) => (
            <Chip key={role} size="small" label={roleLabel[role] ?? role} sx={{ height: 20 }} data-testid="role" />
          ))}
        </Box>
        {tools}
        <ThemeMenu />
        <Button startIcon={<LogoutIcon />} onClick={onSignOut} disabled={signingOut} color="inherit">
          Sign out
        </Button>
      </Toolbar>
    </AppBar>
  );
}
