import type { ITheme } from '@xterm/xterm';

/** xterm colours that match the app's light or dark look (the rest of the palette is xterm's own). */
export function terminalTheme(mode: 'light' | 'dark'): ITheme {
  return mode === 'dark'
    ? { background: '#1e1e1e', foreground: '#e6ebf1', cursor: '#e6ebf1', selectionBackground: '#3a5a80' }
    : {
        background: '#fbfcfd',
        foreground: '#1d2733',
        cursor: '#1d2733',
        cursorAccent: '#fbfcfd',
        selectionBackground: '#b9d3ee',
        // xterm's default bright colours are for dark backgrounds; these keep contrast on light.
        yellow: '#8a6100',
        brightYellow: '#7a5600',
        white: '#566374',
        brightWhite: '#1d2733',
        green: '#2e7d4f',
        brightGreen: '#24683f',
        cyan: '#1f6f80',
        brightCyan: '#185a68',
      };
}
