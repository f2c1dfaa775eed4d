/**
 * Copy Password, from the click to the password being on the clipboard: the real UI in Chromium, the
 * bridge, the core and the sandbox over HTTPS on loopback. Each sample clicks the row's icon and waits for
 * the (bridge's in-memory) system clipboard to take a new write. Target: median ≤ 300 ms.
 */
import { performance } from 'node:perf_hooks';
import { ensureRendererBuild } from '../e2e/globalSetup';
import { DashboardPage } from '../e2e/pages/DashboardPage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { openAppPage } from '../e2e/support/appPage';
import { launchChromium } from '../e2e/support/chromium';
import { startStack } from '../e2e/support/stack';
import { MemoryClipboard } from '../../main/platform/memoryClipboard';

const TARGET_MS = 300;
const WARMUP = 3;
const SAMPLES = 30;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function run(): Promise<boolean> {
  const rendererDir = ensureRendererBuild();
  const clipboard = new MemoryClipboard();
  const stack = await startStack({ rendererDir, clipboard, pollIntervalMs: 60_000 });
  const browser = await launchChromium();
  try {
    const app = await openAppPage(browser, stack.bridge.url);
    await new SignInPage(app.page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(app.page);
    await dashboard.waitForLoaded();
    const button = dashboard.row('Application server 1', 'Available').getByRole('button', { name: /^Copy Password/ });
    await button.waitFor();
    const times: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
      const before = clipboard.peek().writes;
      await button.hover();
      const started = performance.now();
      await button.click({ noWaitAfter: true });
      while (clipboard.peek().writes === before) await new Promise((resolve) => setImmediate(resolve));
      const took = performance.now() - started;
      if (i >= WARMUP) times.push(took);
      // Let the button come back from its busy state before the next click.
      while (!(await button.isEnabled())) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const sorted = times.slice().sort((a, b) => a - b);
    const median = percentile(sorted, 50);
    process.stdout.write(
      `   click → password on the clipboard (${SAMPLES} copies): median ${median.toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)\n`,
    );
    await app.close(false, 'bench');
    return median <= TARGET_MS;
  } finally {
    await browser.close();
    await stack.stop();
  }
}
