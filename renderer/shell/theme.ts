import { createTheme } from '@mui/material/styles';

/** A calm, dense theme for an admin tool: slate blue accents, neutral greys, system fonts (no web fonts under CSP). */
export function createAppTheme() {
  return createTheme({
    palette: {
      mode: 'light',
      primary: { main: '#2d5b8a' },
      secondary: { main: '#6b4fa0' },
      success: { main: '#2e7d4f' },
      info: { main: '#1f6fa8' },
      warning: { main: '#a86400' },
      error: { main: '#b3261e' },
      background: { default: '#f4f6f9', paper: '#ffffff' },
      text: { primary: '#1d2733', secondary: '#566374' },
      divider: '#dde3ea',
    },
    shape: { borderRadius: 6 },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      fontSize: 13,
      h5: { fontWeight: 600, fontSize: '1.35rem' },
      h6: { fontWeight: 600, fontSize: '1.05rem' },
      button: { textTransform: 'none', fontWeight: 500 },
    },
    components: {
      MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
      MuiIconButton: { defaultProps: { size: 'small' } },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiTooltip: { defaultProps: { arrow: true } },
      MuiAppBar: { defaultProps: { elevation: 0 } },
      MuiPaper: { styleOverrides: { outlined: { borderColor: '#dde3ea' } } },
      MuiChip: {
        styleOverrides: {
          sizeSmall: { height: 22, fontWeight: 500, '& .MuiChip-label': { paddingLeft: 6, paddingRight: 6 } },
        },
      },
    },
  });
}
