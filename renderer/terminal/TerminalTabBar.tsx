import CloseIcon from '@mui/icons-material/Close';
import DashboardIcon from '@mui/icons-material/Dashboard';
import DesktopWindowsIcon from '@mui/icons-material/DesktopWindows';
import TerminalIcon from '@mui/icons-material/Terminal';
import Box from '@mui/material/Box';
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
            aria-description="Delete closes this terminal"
            onKeyDown={(event) => {
              if (event.key === 'Delete') close(tab.tabId);
            }}
            icon={tab.kind === 'rdp' ? <DesktopWindowsIcon fontSize="small" /> : <TerminalIcon fontSize="small" />}
            iconPosition="start"
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                {tab.session.loginAccount}@{tab.session.host}
                {/* Not a control of its own (a tab may not hold one): the mouse clicks it, the keyboard
                    closes the focused tab with Delete. */}
                <Box
                  component="span"
                  aria-hidden
                  title={`Close terminal (Delete)`}
                  data-action="close-terminal"
                  onClick={(event) => {
                    event.stopPropagation();
                    close(tab.tabId);
                  }}
                  sx={{
                    display: 'inline-flex',
                    p: 0.5,
                    borderRadius: '50%',
                    cursor: 'pointer',
                    '&:hover': { bgcolor: 'action.hover' },
                  }}
                >
                  <CloseIcon sx={{ fontSize: 14 }} />
                </Box>
              </Box>
            }
          />
        ))}
      </Tabs>
    </Box>
  );
}
