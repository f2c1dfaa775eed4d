import SearchIcon from '@mui/icons-material/Search';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import type { HistoryFacets } from '../../contract';
import { usePam } from '../pam';
import {
  hasHistoryFilters,
  historyStatuses,
  noHistoryFilters,
  type HistoryFilters,
  type Period,
} from './historyFilters';

interface Props {
  filters: HistoryFilters;
  onFilters(next: HistoryFilters): void;
  seesAll: boolean;
  open: boolean;
  /** Changes when the cache does: the pickers' names are fetched again. */
  version: string;
}

const noFacets: HistoryFacets = { users: [], resources: [], types: [] };
const periods: Array<{ value: Period; label: string }> = [
  { value: 'all', label: 'Any time' },
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom range' },
];

/** User (administrators and helpdesk), Resource, Type, Period, Status and a free-text search. */
/** One end of a custom period: a day picker whose label stays above the browser's date placeholder. */
function DayField({ label, value, onChange }: { label: string; value: string; onChange(day: string): void }) {
  return (
    <TextField
      size="small"
      type="date"
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{ inputLabel: { shrink: true } }}
    />
  );
}

export function HistoryFilterBar({ filters, onFilters, seesAll, open, version }: Props) {
  const pam = usePam();
  const [facets, setFacets] = useState<HistoryFacets>(noFacets);
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    pam.history.facets().then(
      (next) => !cancelled && setFacets(next),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [pam, open, version]);
  const set = (patch: Partial<HistoryFilters>) => onFilters({ ...filters, ...patch });
  const picker = (label: string, options: string[], value: string[], key: 'users' | 'resources' | 'types') => (
    <Autocomplete
      multiple
      size="small"
      options={options}
      value={value}
      onChange={(_, next) => set({ [key]: next })}
      limitTags={1}
      sx={{ minWidth: 170, maxWidth: 260 }}
      renderInput={(params) => <TextField {...params} label={label} />}
      slotProps={{ listbox: { 'aria-label': `${label} options` } }}
    />
  );
  return (
    <Box
      role="search"
      aria-label="History filters"
      sx={{ display: 'flex', gap: 1, px: 1.5, pb: 1, pt: 0.5, flexWrap: 'wrap', alignItems: 'center' }}
    >
      <TextField
        size="small"
        label="Search"
        value={filters.text}
        onChange={(event) => set({ text: event.target.value })}
        sx={{ width: 220 }}
        slotProps={{
          htmlInput: { maxLength: 256 },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          },
        }}
      />
      {seesAll && picker('User', facets.users, filters.users, 'users')}
      {picker('Resource', facets.resources, filters.resources, 'resources')}
      {picker('Type', facets.types, filters.types, 'types')}
      <TextField
        select
        size="small"
        label="Period"
        value={filters.period}
        onChange={(event) => set({ period: event.target.value as Period })}
        sx={{ width: 150 }}
      >
        {periods.map((p) => (
          <MenuItem key={p.value} value={p.value}>
            {p.label}
          </MenuItem>
        ))}
      </TextField>
      {filters.period === 'custom' && (
        <>
          <DayField label="From" value={filters.fromDay} onChange={(fromDay) => set({ fromDay })} />
          <DayField label="To" value={filters.toDay} onChange={(toDay) => set({ toDay })} />
        </>
      )}
      <TextField
        select
        size="small"
        label="Status"
        value={filters.statuses}
        onChange={(event) => {
          const value = event.target.value as unknown as string[] | string;
          set({ statuses: typeof value === 'string' ? value.split(',') : value });
        }}
        sx={{ width: 170 }}
        slotProps={{
          select: {
            multiple: true,
            renderValue: (selected) =>
              (selected as string[])
                .map((name) => historyStatuses.find((s) => s.name === name)?.label ?? name)
                .join(', ') || 'Any',
          },
        }}
      >
        {historyStatuses.map((s) => (
          <MenuItem key={s.name} value={s.name}>
            {s.label}
          </MenuItem>
        ))}
      </TextField>
      {hasHistoryFilters(filters) && (
        <Button size="small" onClick={() => onFilters(noHistoryFilters)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
