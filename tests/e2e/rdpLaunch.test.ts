/**
 * Launching an RDP session from the dashboard into an RDP tab, through the bridge in Chromium, the sandbox's
 * RDP gateway and a real RDP server (freerdp-shadow-cli sharing an Xvfb display where `xev` shows a white
 * window on the black desktop): the canvas shows that desktop, keys typed in the tab reach xev on the remote
 * display, and ending the session shows the reason with Reconnect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { newPassword } from '../../sandbox/directory/defaultDirectory';
import { nearWhite } from '../integration/launch/rdp/framebuffer';
import { RDP_RESOURCE, freerdpMissing, rdpDirectory } from '../integration/launch/rdp/rdpTarget';
import { startShadowTarget, type ShadowTarget } from '../integration/sandbox/rdp/freerdp';
import { DashboardPage } from './pages/DashboardPage';
import { RdpPage } from './pages/RdpPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();

/** What the app's own core does for the signed-in user (as the Create Session and End buttons would). */
async function asTheApp<T>(core: Core, channel: string, payload: unknown): Promise<T> {
  const result = await core.router.handle(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

describe.skipIf(freerdpMissing !== null)('launching an RDP session', { timeout: 180_000 }, () => {
  let target: ShadowTarget;
  let xev: ChildProcess | null = null;
  let xevOutput = '';
  const password = newPassword();

  beforeAll(async () => {
    target = await startShadowTarget(password, { interactive: true, size: '1024x768x24' });
    xev = spawn('/usr/bin/xev', ['-geometry', '400x300+0+0', '-event', 'keyboard'], {
      env: { ...process.env, DISPLAY: target.display },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    xev.stdout!.on('data', (d: Buffer) => (xevOutput += d.toString()));
  }, 60_000);
  afterAll(async () => {
    xev?.kill();
    await target?.stop();
  });

  it('alice sees the remote desktop on the canvas, types into it, and sees why it closed', async () => {
    const { directory, activityId, resourceId, policyId } = rdpDirectory(target, password);
    const world = await e2e.start({ directory });
    const { sandbox } = world.stack;
    const page = world.app.page;
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();

    const alice = sandbox.users.find((u) => u.login === 'alice')!;
    const core = world.stack.bridge.core;
    const { ids } = await asTheApp<{ ids: string[] }>(core, 'requests.create', {
      activityId,
      policyId,
      resourceIds: [resourceId],
      startAt: null,
      durationMinutes: 60,
    });
    const row = dashboard.row(RDP_RESOURCE, 'Available').first();
    await row.waitFor({ timeout: 20_000 });

    const rdp = new RdpPage(page);
    await rdp.launchIcon(row).click();
    // Without "Remember my password" the gateway's password is asked once.
    const asked = page.getByRole('dialog', { name: 'Your PAM password' });
    await asked.waitFor({ timeout: 15_000 });
    await asked.getByLabel('Password').fill(alice.password);
    await asked.getByRole('button', { name: 'Continue' }).click();

    await expect.poll(() => rdp.tab().getAttribute('data-state'), { timeout: 20_000 }).toBe('open');
    await expect.poll(() => rdp.title().innerText()).toMatch(new RegExp(`on ${RDP_RESOURCE}`));
    // What the target shows: xev's white window top-left (white as NSCodec carries it), the black desktop elsewhere.
    await expect.poll(async () => nearWhite(await rdp.pixel(200, 150)), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => rdp.pixel(1000, 740)).toEqual([0, 0, 0, 255]);
    expect(
      await rdp.canvas().evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]),
    ).toEqual([1024, 768]);
    expect(await rdp.colours()).toBeGreaterThan(1);
    await screenshot(page, 'rdp-tab');

    // The pointer over xev's window gives it the keyboard (X focus follows the pointer); then type.
    await rdp.clickAt(200, 150);
    // Typed only once xev has the focus (its KeymapNotify): keys sent before went to the root window and were lost.
    await expect.poll(() => xevOutput, { timeout: 10_000 }).toMatch(/KeymapNotify/);
    await page.keyboard.type('pam');
    await expect
      .poll(() => xevOutput, { timeout: 10_000 })
      .toMatch(/keysym 0x70, p\)[^]*keysym 0x61, a\)[^]*keysym 0x6d, m\)/);

    await asTheApp(core, 'sessions.end', { ids });
    await expect.poll(() => rdp.closedNotice().innerText(), { timeout: 10_000 }).toMatch(/The session was ended\./);
    await expect.poll(() => rdp.closedNotice().getByRole('button', { name: 'Reconnect' }).isVisible()).toBe(true);
    await screenshot(page, 'rdp-closed');
  });
});
