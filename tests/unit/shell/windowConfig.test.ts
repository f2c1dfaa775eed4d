import { describe, expect, it } from 'vitest';
import { mainWindowOptions, minimumWindowSize, secureWebPreferences } from '../../../main/app/windowConfig';
import { parseWindowSize } from '../../../main/app/windowState';

describe('main window configuration', () => {
  it('locks the page down: isolation, sandbox, no Node, no webview, web security on', () => {
    expect(mainWindowOptions({ preload: '/app/out/preload/index.cjs' }).webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(secureWebPreferences('/p')).toEqual(mainWindowOptions({ preload: '/p' }).webPreferences);
  });

  it('stays hidden until the page is ready and never opens below the minimum size', () => {
    const options = mainWindowOptions({ preload: '/p', size: { width: 100, height: 5000 } });
    expect(options.show).toBe(false);
    expect(options.width).toBe(minimumWindowSize.width);
    expect(options.height).toBe(5000);
    expect(options.minWidth).toBe(minimumWindowSize.width);
  });
});

describe('remembered window size', () => {
  it.each([
    ['{"width":1400,"height":900}', { width: 1400, height: 900 }],
    ['{"width":1400}', { width: 1280, height: 800 }],
    ['{"width":-5,"height":900}', { width: 1280, height: 800 }],
    ['{"width":1e9,"height":900}', { width: 1280, height: 800 }],
    ['{"width":"1400","height":900}', { width: 1280, height: 800 }],
    ['{"width":1400.5,"height":900}', { width: 1280, height: 800 }],
    ['null', { width: 1280, height: 800 }],
    ['not json', { width: 1280, height: 800 }],
  ])('%s → %j', (text, size) => {
    expect(parseWindowSize(text)).toEqual(size);
  });
});
