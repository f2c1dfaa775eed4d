import { createTheme } from '@mui/material/styles';

export type ColorMode = 'light' | 'dark';

/**
 * A calm, dense theme for an admin tool: slate blue accents, neutral greys, system fonts (no web fonts under
 * CSP). Dark mode keeps the same hues, lightened until text and controls keep a 4.5:1 contrast on the dark
 * surfaces (axe checks it in the e2e run).
 */
export function createAppTheme(mode: ColorMode = 'light') {
  const dark = mode === 'dark';
  const divider = dark ? '#3a4452' : '#dde3ea';
  return createTheme({
    palette: dark
      ? {
          mode: 'dark',
          primary: { main: '#8ab4e8' },
          secondary: { main: '#c3a9f0' },
          success: { main: '#6fcf97' },
          info: { main: '#7cc4f5' },
          warning: { main: '#f0b45a' },
          error: { main: '#ff8a80' },
          background: { default: '#14181d', paper: '#1c2229' },
          text: { primary: '#e6ebf1', secondary: '#a9b4c2' },
          divider,
        }
      : {
          mode: 'light',
          primary: { main: '#2d5b8a' },
          secondary: { main: '#6b4fa0' },
          success: { main: '#256b43' },
          info: { main: '#1a5f91' },
          warning: { main: '#8a5200' },
          error: { main: '#b3261e' },
          background: { default: '#f4f6f9', paper: '#ffffff' },
          text: { primary: '#1d2733', secondary: '#566374' },
          divider,
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
      // Dark papers get no elevation overlay: dialogs and the grid share one surface colour.
      MuiPaper: { styleOverrides: { outlined: { borderColor: divider }, root: { backgroundImage: 'none' } } },
      MuiChip: {
        styleOverrides: {
          sizeSmall: { height: 22, fontWeight: 500, '& .MuiChip-label': { paddingLeft: 6, paddingRight: 6 } },
        },
      },
    },
  });
}
