import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { createContext, useContext } from 'react';

export interface EmptyState {
  filtered: boolean;
  title: string;
  hint: string;
  clear(): void;
}
export const EmptyStateContext = createContext<EmptyState>({
  filtered: false,
  title: '',
  hint: '',
  clear: () => undefined,
});

export function NoRowsOverlay() {
  const empty = useContext(EmptyStateContext);
  return (
    // No role here: the grid may hold only rows; the count beside the title (a live region) says it.
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 1,
        p: 3,
        textAlign: 'center',
      }}
    >
      <Typography variant="h6" component="p">
        {empty.filtered ? 'No sessions match your search' : empty.title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 460 }}>
        {empty.filtered ? 'Change or clear the search to see more sessions.' : empty.hint}
      </Typography>
      {empty.filtered && (
        <Button variant="outlined" onClick={empty.clear} sx={{ pointerEvents: 'auto' }}>
          Clear search
        </Button>
      )}
    </Box>
  );
}
