/**
 * Alice's Active Dashboard against a sandbox that answers as a real NPS 4.2 may (`shapes: 'published'`:
 * int enums, nulls, offset-less dates with 7 fractional digits, pages of 3 rows, a sign-in cookie that
 * /signin2fa requires), with the browser and the app's main side in Los Angeles, west of UTC. She sees
 * every session with its right status, the times in her own zone, and whole logs.
 */
import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { SessionLogsPage } from './pages/SessionLogsPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { eventually } from './support/eventually';
import { useE2e } from './support/fixture';

const ZONE = 'America/Los_Angeles';
// The main side (core, bridge) runs in this process: west of UTC too, where an offset-less date read as
// local time is 8 hours off.
process.env.TZ = ZONE;

const e2e = useE2e();
const MINUTE = 60_000;
/** How the dashboard writes a time in the browser's zone (en-US, short date and time). */
const shown = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short', timeZone: ZONE });

/** Every text the table may show for an instant between `from` and `to` (minute precision). */
function shownBetween(from: number, to: number): string[] {
  const texts = new Set<string>();
  for (let at = from - MINUTE; at <= to + MINUTE; at += MINUTE / 2) texts.add(shown.format(at));
  return [...texts];
}

describe('Active Dashboard against published NPS shapes', { timeout: 90_000 }, () => {
  it('shows every session with its status, local times and details, paging past the server’s cap', async () => {
    const seededFrom = Date.now();
    const world = await e2e.start({
      shapes: 'published',
      published: { pageCap: 3 },
      // Provisioning lasts long enough to be seen (the Scheduled/Provisioning mix-up is the bug to catch).
      timings: { provisioningMs: 10 * MINUTE },
      timezoneId: ZONE,
    });
    const seededTo = Date.now();
    const page = world.app.page;
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(ZONE);

    // Signing in goes through the cookie /signinBody sets and /signin2fa requires.
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();

    // Seven sessions, served three at a time: all of them, once each, with the documented labels.
    const expected = [
      'Available',
      'Complete',
      'Failed',
      'Logged In',
      'Provisioning',
      'Scheduled',
      'Waiting for Approval',
    ];
    await eventually(async () => (await dashboard.statuses()).sort()).toEqual(expected);
    expect(await dashboard.rowCountText().innerText()).toBe('7 sessions');
    for (const host of await dashboard.columnTexts('host')) expect(host).not.toBe('—');
    await eventually(() => dashboard.statusBar().innerText()).toContain('Live');
    await screenshot(page, 'published-01-dashboard');

    // The session requested when the sandbox started shows that time in Los Angeles, not 8 hours off.
    const provisioning = dashboard
      .rows()
      .filter({ has: page.locator('[data-field="status"]', { hasText: 'Provisioning' }) });
    expect(await provisioning.count()).toBe(1);
    expect(shownBetween(seededFrom, seededTo)).toContain(
      (await dashboard.cell(provisioning, 'requestedAt').innerText()).trim(),
    );
    expect(shownBetween(seededFrom, seededTo)).toContain(
      (await dashboard.cell(provisioning, 'startAt').innerText()).trim(),
    );
    // The scheduled one starts two hours after the sandbox started.
    const scheduled = dashboard.rows().filter({ has: page.locator('[data-field="status"]', { hasText: 'Scheduled' }) });
    expect(shownBetween(seededFrom + 120 * MINUTE, seededTo + 120 * MINUTE)).toContain(
      (await dashboard.cell(scheduled, 'startAt').innerText()).trim(),
    );

    // Details: enums sent as ints read as names; nulls read as a dash.
    await provisioning.getByRole('button', { name: /Show details/ }).click();
    const details = page.getByRole('region', { name: 'Session details' });
    await details.waitFor();
    const field = (label: string) => details.locator(`[data-field="${label}"]`).innerText();
    expect(await field('Server Status')).toBe('Provisioning'); // "Pending" in the product's words
    expect(await field('Activity Type')).toBe('Interactive');
    expect(await field('Resource Type')).toBe('Host');
    expect(await field('Account Type')).toBe('User');
    expect(await field('Actual End')).toBe('—');
    await page.getByRole('button', { name: 'Close details' }).click();
    await details.waitFor({ state: 'detached' });

    // A completed session's whole log, though the server hands it out three lines at a time.
    const complete = dashboard.rows().filter({ has: page.locator('[data-field="status"]', { hasText: 'Complete' }) });
    await complete.getByRole('button', { name: /Show details/ }).click();
    await details.waitFor();
    await dashboard.button('View Logs').click();
    const logs = new SessionLogsPage(page);
    await logs.dialog().waitFor();
    await eventually(() => logs.lines().count()).toBeGreaterThan(3);
    const text = await logs.dialog().innerText();
    expect(text).toContain('Session requested by');
    expect(text).toContain('Session completed');
    expect(text).not.toContain('Unknown');
    await screenshot(page, 'published-02-logs');
  });
});
