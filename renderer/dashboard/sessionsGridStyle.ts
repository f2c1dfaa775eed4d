import { alpha, type SxProps, type Theme } from '@mui/material/styles';

/** The sessions grid's look (the History page's grid shares it). Module-level so it is not rebuilt on every poll. */
export const gridSx: SxProps<Theme> = (theme) => ({
  border: 0,
  borderTop: 1,
  borderColor: 'divider',
  borderRadius: 0,
  '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 },
  '& .details-cell': { px: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', textOverflow: 'clip' },
  '& .status-cell': { display: 'flex', alignItems: 'center', gap: '4px', height: '100%' },
  '& .credentials-cell': { display: 'flex', alignItems: 'center', gap: '2px', height: '100%' },
  // Narrow date columns (the defaults at 1024 px) wrap date and time onto two lines instead of cutting them.
  '& .date-cell': { whiteSpace: 'normal', lineHeight: 1.15, display: 'flex', alignItems: 'center' },
  '& .id-cell-content': { display: 'flex', alignItems: 'center', gap: '4px', height: '100%' },
  '& .id-text': { fontFamily: 'ui-monospace, monospace', fontSize: 12 },
  // Sideways scrolling is obvious: a scrollbar that is always there and easy to grab.
  '& .MuiDataGrid-scrollbar--horizontal': {
    scrollbarWidth: 'auto',
    scrollbarColor: `${theme.palette.action.active} transparent`,
  },
  '& .details-button:disabled': { cursor: 'default', opacity: 0.6 },
  '& .details-button': {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 28,
    height: 28,
    padding: 0,
    border: 0,
    borderRadius: '50%',
    background: 'transparent',
    color: theme.palette.action.active,
    cursor: 'pointer',
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 1 },
  },
  // A row whose status just changed is tinted while its "changed" icon shows.
  '& .MuiDataGrid-row:has([data-changed])': { backgroundColor: alpha(theme.palette.info.main, 0.1) },
  '& .MuiDataGrid-row:has([data-changed]):hover': { backgroundColor: alpha(theme.palette.info.main, 0.16) },
  '& .visually-hidden': { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
});
