/**
 * Chromium command-line switches of PAM Desk's own window, as plain data: applied to Electron before it is
 * ready (desktopApp) and given to the Chromium that stands in for Electron in the SSH benchmark, so that what
 * is measured there is what the app runs with.
 *
 * `DeferRendererTasksAfterInput`: after a key press Chromium holds back the page's other tasks until the next
 * frame is drawn. For a terminal the answer to a key press is the echo that comes back from the server, so
 * it was held one frame too long (in Chromium 156 through the bridge: key → echo parsed p50 11–12 ms with it,
 * 5–6 ms without; drawn 28 ms → 12 ms).
 */
export const DISABLED_CHROMIUM_FEATURES = ['DeferRendererTasksAfterInput'] as const;

export function chromiumSwitches(): Array<[name: string, value: string]> {
  return [['disable-features', DISABLED_CHROMIUM_FEATURES.join(',')]];
}
