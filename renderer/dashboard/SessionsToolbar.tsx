import AddIcon from '@mui/icons-material/Add';
import BlockIcon from '@mui/icons-material/Block';
import CheckIcon from '@mui/icons-material/Check';
import ArticleIcon from '@mui/icons-material/Article';
import MoreTimeIcon from '@mui/icons-material/MoreTime';
import DownloadIcon from '@mui/icons-material/Download';
import LockIcon from '@mui/icons-material/Lock';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import RefreshIcon from '@mui/icons-material/Refresh';
import SearchIcon from '@mui/icons-material/Search';
import StopCircleIcon from '@mui/icons-material/StopCircle';
import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import Box from '@mui/material/Box';
import Button, { type ButtonProps } from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { memo, type ReactElement, type Ref } from 'react';
import type { Decision } from '../../contract';
import type { SessionFilters } from './sessionFilter';

/** Approve and Deny in the toolbar: the same button twice, for approvers and administrators. */
const DECISION_BUTTONS = [
  {
    decision: 'approve',
    label: 'Approve',
    color: 'success',
    icon: <CheckIcon />,
    title: 'Approve the selected requests',
  },
  { decision: 'deny', label: 'Deny', color: 'error', icon: <BlockIcon />, title: 'Deny the selected requests' },
] as const;

/** Lock and Unlock in the toolbar: the same button twice, for administrators. */
const LOCK_BUTTONS = [
  { lock: true, refusal: 'lock', label: 'Lock', icon: <LockIcon />, title: 'Lock the selected sessions' },
  { lock: false, refusal: 'unlock', label: 'Unlock', icon: <LockOpenIcon />, title: 'Unlock the selected sessions' },
] as const;

export interface ToolbarProps {
  title: string;
  countText: string;
  selectedCount: number;
  admin: boolean;
  filters: SessionFilters;
  onFilters(filters: SessionFilters): void;
  searchRef: Ref<HTMLInputElement>;
  /** The Type filter's choices: the types the loaded sessions have. */
  typeOptions: string[];
  /** The search field got focus: finish indexing the rows' search text now. */
  onSearchFocus?: () => void;
  refreshing: boolean;
  onRefresh(): void;
  onEnd(): void;
  onViewLogs(): void;
  /** Create Session (the Activity Request window); absent where it is not offered. */
  onCreate?: (() => void) | undefined;
  onExtend(): void;
  canExtend: boolean;
  /** Why the selection cannot be ended, extended, locked or unlocked (empty: it can). */
  refusals: { end: string; extend: string; lock: string; unlock: string };
  onLock(lock: boolean): void;
  onView(): void;
  onDownload(): void;
  canDownload: boolean;
  /**
   * Approve and Deny for approvers and administrators: why the selection cannot be approved or denied
   * (empty: it can). Absent: the viewer decides on no requests, and the buttons are not offered.
   */
  decisions?: { approve: string; deny: string } | undefined;
  onDecide?: (decision: Decision) => void;
}

function FilterField(props: {
  label: string;
  value: string;
  width: number;
  onChange(value: string): void;
  inputRef?: Ref<HTMLInputElement>;
  icon?: boolean;
  onFocus?: (() => void) | undefined;
}) {
  return (
    <TextField
      onFocus={props.onFocus}
      placeholder={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      inputRef={props.inputRef}
      sx={{ width: props.width }}
      slotProps={{
        htmlInput: { 'aria-label': props.label, type: 'search' },
        input: props.icon
          ? {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            }
          : {},
      }}
    />
  );
}

/** A disabled button shows no tooltip of its own: the reason it is off hovers on a wrapper instead. */
function Explained({ reason, children }: { reason: string; children: ReactElement }) {
  return reason ? (
    <span title={reason} data-refusal={reason} style={{ display: 'inline-flex' }}>
      {children}
    </span>
  ) : (
    children
  );
}

/** An action on the selected sessions: off with nothing selected, or with the reason it cannot apply. */
function SelectionAction(props: {
  selectedCount: number;
  /** Why the selection cannot take it; empty: it can. */
  refusal: string;
  title: string;
  color: ButtonProps['color'];
  icon: ReactElement;
  onClick(): void;
  children: string;
}) {
  const { selectedCount, refusal, title, color, icon, onClick, children } = props;
  return (
    <Explained reason={selectedCount ? refusal : ''}>
      <Button
        variant="outlined"
        color={color}
        startIcon={icon}
        disabled={!selectedCount || Boolean(refusal)}
        onClick={onClick}
        title={refusal || title}
      >
        {children}
      </Button>
    </Explained>
  );
}

/** Actions on the selection (left), view tools (right), and the search fields below. Memoised: a poll
 * that changes rows but not the count leaves it alone. */
export const SessionsToolbar = memo(function SessionsToolbar(props: ToolbarProps) {
  const { filters, onFilters, selectedCount } = props;
  const set = (patch: Partial<SessionFilters>) => onFilters({ ...filters, ...patch });
  return (
    <Box sx={{ px: 1.5, pt: 1.25, pb: 1, display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h1" sx={{ mr: 1 }}>
          {props.title}
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid="row-count" aria-live="polite">
          {props.countText}
        </Typography>
        <Divider orientation="vertical" flexItem sx={{ mx: 0.5 }} />
        {props.onCreate && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={props.onCreate} title="Create Session (Alt+N)">
            Create Session
          </Button>
        )}
        <SelectionAction
          selectedCount={selectedCount}
          refusal={props.refusals.end}
          title="End the selected sessions"
          color="error"
          icon={<StopCircleIcon />}
          onClick={props.onEnd}
        >
          End Session
        </SelectionAction>
        <Button
          variant="outlined"
          startIcon={<ArticleIcon />}
          disabled={selectedCount !== 1}
          onClick={props.onViewLogs}
        >
          View Logs
        </Button>
        <Explained reason={selectedCount && !props.canExtend ? props.refusals.extend : ''}>
          <Button
            variant="outlined"
            startIcon={<MoreTimeIcon />}
            disabled={!props.canExtend}
            onClick={props.onExtend}
            title={props.canExtend ? 'Extend the selected session' : props.refusals.extend}
          >
            Extend
          </Button>
        </Explained>
        {props.decisions &&
          DECISION_BUTTONS.map(({ decision, label, color, icon, title }) => (
            <SelectionAction
              key={decision}
              selectedCount={selectedCount}
              refusal={props.decisions![decision]}
              title={title}
              color={color}
              icon={icon}
              onClick={() => props.onDecide?.(decision)}
            >
              {label}
            </SelectionAction>
          ))}
        {props.admin &&
          LOCK_BUTTONS.map(({ lock, refusal, label, icon, title }) => (
            <SelectionAction
              key={refusal}
              selectedCount={selectedCount}
              refusal={props.refusals[refusal]}
              title={title}
              color="secondary"
              icon={icon}
              onClick={() => props.onLock(lock)}
            >
              {label}
            </SelectionAction>
          ))}
        {selectedCount > 0 && (
          <Typography variant="body2" color="text.secondary" aria-live="polite">
            {selectedCount} selected
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <Button
          startIcon={props.refreshing ? <CircularProgress size={14} /> : <RefreshIcon />}
          onClick={props.onRefresh}
          disabled={props.refreshing}
          title="Refresh (F5)"
        >
          Refresh
        </Button>
        <Button startIcon={<ViewColumnIcon />} onClick={props.onView} title="Show, hide and order columns">
          View
        </Button>
        <Button
          startIcon={<DownloadIcon />}
          onClick={props.onDownload}
          disabled={!props.canDownload}
          title="Download what is shown as CSV"
        >
          Download CSV
        </Button>
      </Box>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <FilterField
          label="Search"
          value={filters.text}
          width={280}
          onChange={(text) => set({ text })}
          inputRef={props.searchRef}
          onFocus={props.onSearchFocus}
          icon
        />
        <FilterField
          label="Resource Name"
          value={filters.resource}
          width={200}
          onChange={(resource) => set({ resource })}
        />
        <TextField
          select
          value={filters.type}
          onChange={(event) => set({ type: event.target.value })}
          sx={{ width: 130 }}
          label="Type"
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">All types</MenuItem>
          {(filters.type && !props.typeOptions.includes(filters.type)
            ? [...props.typeOptions, filters.type]
            : props.typeOptions
          ).map((type) => (
            <MenuItem key={type} value={type}>
              {type}
            </MenuItem>
          ))}
        </TextField>
        {props.admin && (
          <>
            <FilterField label="User" value={filters.user} width={160} onChange={(user) => set({ user })} />
            <FilterField
              label="Activity"
              value={filters.activity}
              width={180}
              onChange={(activity) => set({ activity })}
            />
          </>
        )}
      </Box>
    </Box>
  );
});
