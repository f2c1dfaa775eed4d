/**
 * The helpdesk's quick finder: Ctrl+K from anywhere, type part of a host, account or activity, then
 * Enter copies the password of the chosen session and Shift+Enter its username (↑/↓ choose); Ctrl+Enter
 * launches it when it is an SSH or RDP session that can be launched.
 */
import AddIcon from '@mui/icons-material/Add';
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import InputAdornment from '@mui/material/InputAdornment';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useContext, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { SessionRow } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { statusLabel } from '../dashboard/statusInfo';
import { sessionActions } from '../dashboard/sessionActions';
import { useSessionViewer } from '../dashboard/sessionViewer';
import { useLaunch } from '../terminal/TerminalsContext';
import { credentialsUsable } from './CredentialButtons';
import { useCredentialActions } from './CredentialsContext';
import { SessionRowsContext, findSessions } from './sessionRows';

const SHOWN = 8;

export function useQuickFinderShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

export function QuickFinder({ onClose, onCreateSession }: { onClose(): void; onCreateSession?: () => void }) {
  const registry = useContext(SessionRowsContext);
  // The rows as the finder opens; a poll meanwhile does not reshuffle the list under the user's keys.
  const [rows] = useState(() => registry.current());
  const { copy } = useCredentialActions();
  const launch = useLaunch();
  const viewer = useSessionViewer();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const found = useMemo(() => findSessions(rows, query, credentialsUsable).slice(0, SHOWN), [rows, query]);
  const chosen: SessionRow | undefined = found[Math.min(index, found.length - 1)];

  const copyChosen = async (what: 'username' | 'password') => {
    if (!chosen) return;
    if (await copy(chosen, what)) onClose();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setIndex((i) => Math.min(i + 1, found.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setIndex((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (chosen && launch && sessionActions(chosen, viewer).launch.allowed) {
        onClose();
        void launch(chosen);
      }
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void copyChosen(event.shiftKey ? 'username' : 'password');
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      slotProps={{ paper: { 'aria-label': 'Quick finder', sx: { alignSelf: 'flex-start', mt: 10 } } }}
    >
      <Box sx={{ p: 1.5 }}>
        <TextField
          autoFocus
          fullWidth
          placeholder="Find a session: host, account or activity"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setIndex(0);
          }}
          onKeyDown={onKeyDown}
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon />
                </InputAdornment>
              ),
            },
            htmlInput: { 'aria-label': 'Find a session', spellCheck: false, 'aria-controls': 'quick-finder-results' },
          }}
        />
        <List id="quick-finder-results" role="listbox" dense aria-label="Matching sessions" sx={{ mt: 1 }}>
          {found.map((row, i) => (
            <ListItemButton
              key={row.id}
              role="option"
              aria-selected={row === chosen}
              selected={row === chosen}
              disabled={!credentialsUsable(row)}
              onClick={() => setIndex(i)}
              onDoubleClick={() => void copyChosen('password')}
            >
              <ListItemText
                primary={
                  <>
                    <IsolatedName text={row.host} /> — <IsolatedName text={row.loginAccount} />
                  </>
                }
                secondary={
                  <>
                    <IsolatedName text={row.activity} /> · {statusLabel(row.status, row.npsStatus)}
                    {row.canViewPassword ? '' : ' · password not available'}
                  </>
                }
              />
            </ListItemButton>
          ))}
          {!found.length && (
            <Typography variant="body2" color="text.secondary" sx={{ p: 1.5 }} role="status">
              No session matches.
            </Typography>
          )}
        </List>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="caption" color="text.secondary" sx={{ flex: 1 }}>
            Enter copies the password · Shift+Enter copies the username
            {launch && chosen && sessionActions(chosen, viewer).launch.allowed ? ' · Ctrl+Enter launches' : ''} · ↑↓
            choose · Esc closes
          </Typography>
          {onCreateSession && (
            <Button
              size="small"
              startIcon={<AddIcon />}
              onClick={() => {
                onClose();
                onCreateSession();
              }}
            >
              Create Session
            </Button>
          )}
        </Box>
      </Box>
    </Dialog>
  );
}
