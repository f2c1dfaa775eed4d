import CloseIcon from '@mui/icons-material/Close';
import DashboardIcon from '@mui/icons-material/Dashboard';
import DesktopWindowsIcon from '@mui/icons-material/DesktopWindows';
import TerminalIcon from '@mui/icons-material/Terminal';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useTerminals } from './TerminalsContext';

const VIEWS = '__views__';

/** The terminal tabs beside the views; closing one closes its connection, never the session. */
export function TerminalTabBar() {
  const { tabs, active, activate, close } = useTerminals();
  if (tabs.length === 0) return null;
  return (
    <Box sx={{ borderBottom: 1, borderColor: 'divider', px: 1.5, bgcolor: 'background.paper' }}>
      <Tabs
        value={tabs.some((t) => t.tabId === active) ? active : VIEWS}
        onChange={(_, value: string) => activate(value === VIEWS ? null : value)}
        variant="scrollable"
        aria-label="Terminals"
        sx={{ minHeight: 36, '& .MuiTab-root': { minHeight: 36, py: 0, textTransform: 'none' } }}
      >
        <Tab value={VIEWS} icon={<DashboardIcon fontSize="small" />} iconPosition="start" label="Views" />
        {tabs.map((tab) => (
          <Tab
            key={tab.tabId}
            value={tab.tabId}
            icon={tab.kind === 'rdp' ? <DesktopWindowsIcon fontSize="small" /> : <TerminalIcon fontSize="small" />}
            iconPosition="start"
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                {tab.session.loginAccount}@{tab.session.host}
                <IconButton
                  component="span"
                  size="small"
                  aria-label={`Close terminal ${tab.session.loginAccount}@${tab.session.host}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    close(tab.tabId);
                  }}
                >
                  <CloseIcon sx={{ fontSize: 14 }} />
                </IconButton>
              </Box>
            }
          />
        ))}
      </Tabs>
    </Box>
  );
}
