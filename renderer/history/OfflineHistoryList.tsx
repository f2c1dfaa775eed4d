import HistoryIcon from '@mui/icons-material/History';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { CachedHistory } from '../../contract';
import { describeError } from '../common/errorMessages';
import { usePam } from '../pam';

interface Props {
  /** The server could not be reached just now: say so first. */
  unreachable: boolean;
  onOpened(history: CachedHistory): void;
}

/** "Review history offline": the histories kept on this computer, opened with no server. */
export function OfflineHistoryList({ unreachable, onOpened }: Props) {
  const pam = usePam();
  const [histories, setHistories] = useState<CachedHistory[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    pam.history.cached().then(
      (list) => !cancelled && setHistories(list.histories),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [pam]);
  if (!histories.length) return null;
  const open = async (history: CachedHistory) => {
    setProblem(null);
    try {
      await pam.history.openOffline({ profileId: history.profileId, login: history.login });
      onOpened(history);
    } catch (error) {
      const described = describeError(error);
      setProblem(`${described.title}. ${described.hint}`);
    }
  };
  return (
    <Box component="section" aria-label="Offline history" sx={{ mb: 2 }}>
      <Typography variant="subtitle2" component="h2" color={unreachable ? 'warning.main' : 'text.secondary'}>
        {unreachable ? 'Can’t reach the server? Review history offline' : 'History kept on this computer'}
      </Typography>
      <List dense disablePadding>
        {histories.map((history) => (
          <ListItem key={`${history.profileId}|${history.login}`} disablePadding>
            <ListItemButton onClick={() => void open(history)}>
              <ListItemIcon sx={{ minWidth: 36 }}>
                <HistoryIcon />
              </ListItemIcon>
              <ListItemText
                primary={`Review history offline — ${history.profileName} — ${history.login}`}
                secondary="Read-only, from the encrypted cache; no server needed"
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
      {problem && (
        <Typography role="alert" variant="body2" color="error">
          {problem}
        </Typography>
      )}
    </Box>
  );
}
