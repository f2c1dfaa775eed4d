import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDeferredValue, useMemo, useState } from 'react';
import type { RequestResource } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { resourceIndex, searchResources } from './requestRules';

const SHOWN = 100;

interface Props {
  resources: RequestResource[];
  selected: string[];
  onChange(ids: string[]): void;
  error?: string | undefined;
  disabled?: boolean;
}

/**
 * Search and tick resources. Thousands of them stay fast: the search text is indexed once, each keystroke
 * scans it, and only the first hundred matches are drawn (the count says how many more to narrow down).
 */
export function ResourcePicker({ resources, selected, onChange, error, disabled }: Props) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const index = useMemo(() => resourceIndex(resources), [resources]);
  const { shown, total } = useMemo(() => searchResources(index, deferred, SHOWN), [index, deferred]);
  const chosen = new Set(selected);
  const byId = useMemo(() => new Map(resources.map((r) => [r.id, r])), [resources]);

  const toggle = (id: string) => onChange(chosen.has(id) ? selected.filter((s) => s !== id) : [...selected, id]);

  return (
    <Box>
      <TextField
        placeholder="Search resources"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        fullWidth
        disabled={disabled}
        slotProps={{
          htmlInput: { 'aria-label': 'Search resources', type: 'search' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          },
        }}
      />
      <Typography
        variant="caption"
        color="text.secondary"
        data-testid="resource-count"
        sx={{ display: 'block', mt: 0.5 }}
      >
        {total === resources.length
          ? `${resources.length} ${resources.length === 1 ? 'resource' : 'resources'}`
          : `${total} of ${resources.length} resources match`}
        {total > shown.length ? ` — showing the first ${shown.length}, type more to narrow down` : ''}
      </Typography>
      <List
        dense
        aria-label="Resources"
        sx={{
          maxHeight: 180,
          minHeight: 48,
          overflow: 'auto',
          border: 1,
          borderColor: error ? 'error.main' : 'divider',
          borderRadius: 1,
          mt: 0.5,
        }}
      >
        {shown.map((resource) => (
          <ListItemButton
            key={resource.id}
            onClick={() => toggle(resource.id)}
            disabled={disabled}
            selected={chosen.has(resource.id)}
            sx={{ py: 0 }}
          >
            <ListItemIcon sx={{ minWidth: 36 }}>
              <Checkbox
                edge="start"
                size="small"
                checked={chosen.has(resource.id)}
                tabIndex={-1}
                disableRipple
                slotProps={{ input: { 'aria-label': resource.name } }}
              />
            </ListItemIcon>
            <ListItemText primary={<IsolatedName text={resource.name} />} secondary={resource.os} />
          </ListItemButton>
        ))}
        {shown.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ p: 1.5 }}>
            {resources.length ? 'No resource matches the search.' : 'No resources.'}
          </Typography>
        )}
      </List>
      {selected.length > 0 && (
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 1 }} aria-label="Chosen resources" role="list">
          {selected.map((id) => (
            <Chip
              key={id}
              role="listitem"
              size="small"
              label={<IsolatedName text={byId.get(id)?.name ?? id} />}
              onDelete={disabled ? undefined : () => toggle(id)}
            />
          ))}
        </Box>
      )}
      {error && (
        <Typography variant="caption" color="error" role="alert" sx={{ display: 'block', mt: 0.5 }}>
          {error}
        </Typography>
      )}
    </Box>
  );
}
