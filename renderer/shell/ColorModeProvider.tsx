import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ThemeSetting } from '../../contract';
import { usePam } from '../pam';
import { createAppTheme, type ColorMode } from './theme';

interface ColorModeState {
  /** What the user chose: follow the OS, or always light or dark. */
  setting: ThemeSetting;
  /** What is shown now. */
  mode: ColorMode;
  choose(setting: ThemeSetting): void;
}

const ColorModeContext = createContext<ColorModeState>({ setting: 'system', mode: 'light', choose: () => undefined });

export function useColorMode(): ColorModeState {
  return useContext(ColorModeContext);
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function useOsPrefersDark(): boolean {
  const [dark, setDark] = useState(() => typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

/**
 * The app's look: the OS's light or dark mode, live as the OS changes it, unless the user chose one
 * (remembered in the preferences). Everything themed reads it: the grid, dialogs and the terminal.
 */
export function ColorModeProvider({ children }: { children: ReactNode }) {
  const pam = usePam();
  const osDark = useOsPrefersDark();
  const [setting, setSetting] = useState<ThemeSetting>('system');
  useEffect(() => {
    let cancelled = false;
    pam.prefs.get().then(
      (prefs) => !cancelled && setSetting(prefs.theme ?? 'system'),
      // Without preferences the OS decides.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [pam]);
  const choose = useCallback(
    (next: ThemeSetting) => {
      setSetting(next);
      pam.prefs.update({ theme: next }).catch(() => undefined);
    },
    [pam],
  );
  const mode: ColorMode = setting === 'system' ? (osDark ? 'dark' : 'light') : setting;
  const theme = useMemo(() => createAppTheme(mode), [mode]);
  const state = useMemo(() => ({ setting, mode, choose }), [setting, mode, choose]);
  useEffect(() => {
    document.documentElement.style.colorScheme = mode; // native scrollbars and form controls follow
  }, [mode]);
  return (
    <ColorModeContext.Provider value={state}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        {children}
      </ThemeProvider>
    </ColorModeContext.Provider>
  );
}
