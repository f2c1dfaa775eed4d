import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with nothing that phones home. One per test file. `extraArgs` (the SSH
 * benchmark gives it the switches of the app's own window) follow Playwright's defaults, so a
 * `--disable-features` there replaces Playwright's list.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
