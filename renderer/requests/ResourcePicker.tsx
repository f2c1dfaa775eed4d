import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { alpha, type SxProps, type Theme } from '@mui/material/styles';
import { memo, useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RequestResource } from '../../contract';
import { IsolatedName } from '../common/IsolatedName';
import { resourceIndex, searchResources } from './requestRules';

const SHOWN = 50;

/** Module-level: built once, not per keystroke. */
const listSx: SxProps<Theme> = (theme) => ({
  listStyle: 'none',
  m: 0,
  mt: 0.5,
  p: 0,
  maxHeight: 180,
  overflow: 'auto',
  border: 1,
  borderColor: 'divider',
  borderRadius: 1,
  '&[data-error]': { borderColor: 'error.main' },
  '& li.chosen': { backgroundColor: alpha(theme.palette.primary.main, 0.08) },
  '& label': {
    display: 'flex',
    alignItems: 'center',
    gap: 1,
    px: 1.5,
    py: 0.75,
    cursor: 'pointer',
    fontSize: theme.typography.body2.fontSize,
  },
  '& label:hover': { backgroundColor: theme.palette.action.hover },
  '& input': { m: 0, width: 16, height: 16, accentColor: theme.palette.primary.main, cursor: 'pointer' },
  '& .name': { fontWeight: 500 },
  '& .os': { color: 'text.secondary', ml: 'auto' },
});

interface Props {
  resources: RequestResource[];
  selected: string[];
  onChange(ids: string[]): void;
  error?: string | undefined;
  disabled?: boolean;
}

/**
 * Search and tick resources. Thousands of them stay fast: the search text is indexed once, each keystroke
 * scans it, and only the first fifty matches are drawn (the count says how many more to narrow down).
 */
export function ResourcePicker({ resources, selected, onChange, error, disabled }: Props) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const index = useMemo(() => resourceIndex(resources), [resources]);
  const { shown, total } = useMemo(() => searchResources(index, deferred, SHOWN), [index, deferred]);
  const chosen = new Set(selected);
  const byId = useMemo(() => new Map(resources.map((r) => [r.id, r])), [resources]);

  // Stable, so a keystroke re-renders only the rows whose resource or tick changed.
  const latest = useRef({ selected, onChange });
  useLayoutEffect(() => {
    latest.current = { selected, onChange };
  });
  const toggle = useCallback((id: string) => {
    const { selected: now, onChange: change } = latest.current;
    change(now.includes(id) ? now.filter((s) => s !== id) : [...now, id]);
  }, []);

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
      <Box component="ul" aria-label="Resources" sx={listSx} data-error={error ? true : undefined}>
        {shown.map((resource) => (
          <ResourceRow
            key={resource.id}
            resource={resource}
            checked={chosen.has(resource.id)}
            disabled={disabled === true}
            onToggle={toggle}
          />
        ))}
        {shown.length === 0 && (
          <Typography component="li" variant="body2" color="text.secondary" sx={{ p: 1.5 }}>
            {resources.length ? 'No resource matches the search.' : 'No resources.'}
          </Typography>
        )}
      </Box>
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

/**
 * Plain elements styled once by the list (no MUI component per row): a keystroke that changes the matches
 * mounts up to fifty rows, and on a loaded machine each MUI checkbox costs more than the whole search.
 */
const ResourceRow = memo(function ResourceRow(props: {
  resource: RequestResource;
  checked: boolean;
  disabled: boolean;
  onToggle(id: string): void;
}) {
  const { resource, checked, disabled, onToggle } = props;
  return (
    <li className={checked ? 'chosen' : undefined}>
      <label>
        <input
          type="checkbox"
          aria-label={resource.name}
          checked={checked}
          disabled={disabled}
          onChange={() => onToggle(resource.id)}
        />
        <span className="name">
          <IsolatedName text={resource.name} />
        </span>
        <span className="os">{resource.os}</span>
      </label>
    </li>
  );
});
