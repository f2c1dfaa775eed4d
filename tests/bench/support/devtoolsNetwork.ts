/**
 * Playwright keeps DevTools' Network domain on for every page it drives, and Chromium then copies every
 * WebSocket message the page receives into a CDP event (binary messages base64-encoded) that travels through
 * the browser process to Playwright in this Node process. For a terminal flood over the bridge that is a
 * second, larger copy of all the bytes — work the app never does (no DevTools in Electron or in a user's
 * browser) that competes for the same CPUs as the stack being measured. The SSH benchmark turns it off once
 * the page is set up.
 *
 * Playwright has no public switch for it: this reaches its in-process server objects (written for
 * playwright-core 1.65: `connection.toImpl(page).delegate._mainFrameSession._client`, its Chromium page's
 * CDP session) and throws if they are not found, so an upgrade that moves them fails the benchmark loudly
 * instead of quietly measuring the copy again.
 */
import type { Page } from 'playwright-core';

interface CdpClient {
  send(method: string, params?: object): Promise<unknown>;
}

export async function stopDevtoolsNetworkEvents(page: Page): Promise<void> {
  const internals = page as unknown as { _connection?: { toImpl?(object: unknown): unknown } };
  const serverPage = internals._connection?.toImpl?.(page) as
    { delegate?: { _mainFrameSession?: { _client?: CdpClient } } } | undefined;
  const client = serverPage?.delegate?._mainFrameSession?._client;
  if (typeof client?.send !== 'function')
    throw new Error("Playwright's CDP session of the page was not found (playwright-core internals changed)");
  await client.send('Network.disable');
}
