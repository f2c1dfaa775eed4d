/**
 * What a first-time user tripped over (issue 13, items 4–10), as stories: the default columns fit common
 * widths in light and dark, the details panel says what a status means and what to do next, server words
 * read as sentences, the Type column and filter, sharing a session, the theme setting, and keyboard use with
 * announcements. Every screen goes through axe-core (see support/axe.ts via screenshot()).
 */
import { describe, expect, it } from 'vitest';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { eventually } from './support/eventually';
import { useE2e } from './support/fixture';

const e2e = useE2e();

async function signedInAs(login: string) {
  const world = await e2e.start();
  await new SignInPage(world.app.page).signInToSandboxAs(login);
  const dashboard = new DashboardPage(world.app.page);
  await dashboard.waitForLoaded();
  return { ...world, dashboard, page: world.app.page };
}

/** The page's background colour (CssBaseline paints the body with the theme's background). */
const backgroundOf = (dashboard: DashboardPage) =>
  dashboard.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const isDark = (rgb: string) => {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 80;
};

describe('UX: widths, light and dark, details, sharing, keyboard', { timeout: 300_000 }, () => {
  it.each([
    ['alice', 'Active Dashboard', 'Active Sessions', 8],
    ['adam', 'Sessions', 'All Sessions', 9],
  ] as const)(
    'fits %s’s default columns (%s) at 1024, 1366 and 1920 px, in light and dark',
    async (login, tab, title, columns) => {
      const { page } = await signedInAs(login);
      const table = new DashboardPage(page, title);
      await page.getByRole('tab', { name: tab }).click();
      await table.waitForLoaded();
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        for (const width of [1024, 1366, 1920]) {
          await page.setViewportSize({ width, height: width === 1920 ? 1080 : 768 });
          // All default columns are rendered (the grid leaves out headers far out of sight) …
          await eventually(async () => (await table.headers()).length).toBe(columns);
          await eventually(() =>
            page.getByRole('button', { name: 'Scroll to more columns on the right' }).count(),
          ).toBe(0);
          // … and every one lies inside the grid: nothing cut off, nothing hidden to the right.
          await eventually(() =>
            table.grid().evaluate((grid) => {
              const right = grid.getBoundingClientRect().right;
              const headers = [...grid.querySelectorAll('[role="columnheader"]')];
              return headers.length > 0 && headers.every((header) => header.getBoundingClientRect().right <= right + 1);
            }),
          ).toBe(true);
          expect(isDark(await backgroundOf(table)), `${tab} at ${width} px in ${colorScheme}`).toBe(
            colorScheme === 'dark',
          );
          await screenshot(page, `ux-${width}-${colorScheme}-${login}`);
        }
      }
    },
  );

  it('scrolls sideways, visibly, when the user shows more columns than fit, and keeps a width per view', async () => {
    const { dashboard, page } = await signedInAs('alice');
    await page.setViewportSize({ width: 1024, height: 768 });
    const view = await dashboard.openView();
    for (const name of ['Duration', 'Session ID', 'Policy', 'Ticket', 'Note'])
      await view.getByRole('checkbox', { name: `Show ${name}` }).check();
    await view.getByRole('button', { name: 'Done' }).click();
    // Columns out of sight are announced by a button at that edge, which scrolls to them.
    const more = page.getByRole('button', { name: 'Scroll to more columns on the right' });
    await more.waitFor();
    await screenshot(page, 'ux-1024-light-more-columns');
    const gridBox = async () => (await dashboard.grid().boundingBox())!;
    for (let i = 0; i < 10 && (await more.isVisible()); i++) await more.click();
    await more.waitFor({ state: 'detached' });
    // Scrolled to the end: the last column (Note) is in sight.
    const lastHeader = dashboard.header('note');
    await lastHeader.waitFor();
    const grid = await gridBox();
    expect((await lastHeader.boundingBox())!.x + 20).toBeLessThan(grid.x + grid.width);
    await page.getByRole('button', { name: 'Scroll to the columns on the left' }).waitFor();
    const before = await dashboard.columnWidth('host');
    await dashboard.dragColumnEdge('host', 80);
    await eventually(() => dashboard.columnWidth('host')).toBeGreaterThan(before + 50);
    const widened = await dashboard.columnWidth('host');
    // The width the user set stays when the window changes (a default column would take its share).
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(Math.abs((await dashboard.columnWidth('host')) - widened)).toBeLessThanOrEqual(2);
  });

  it('explains the status and the next step, lists connection attributes, copies the ID and shares the session', async () => {
    const { dashboard, page, app, stack } = await signedInAs('alice');
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(stack.bridge.url).origin,
    });
    const row = dashboard.row('SQL Server (production)');
    await row.getByRole('button', { name: /Show details/ }).click();
    const details = page.getByRole('region', { name: 'Session details' });
    await details.waitFor();
    const explanation = details.getByTestId('status-explanation');
    expect(await explanation.innerText()).toContain('The session requires approval to begin.');
    expect(await explanation.innerText()).toContain('What you can do: An approver decides on the Approvals Dashboard');
    // No log line stands in for the explanation, and no enum name or raw date reaches the panel.
    const text = await details.innerText();
    expect(text).not.toMatch(/ApprovalRequired|ActiveNoLogon|CompletedWithErrors|\d{4}-\d{2}-\d{2}T/);
    expect(await details.locator('[data-field="Type"]').innerText()).toBe('RDP');
    for (const label of ['Address', 'Port', 'Service URL', 'Account', 'Connections'])
      expect(await details.locator(`[data-field="${label}"]`).count(), label).toBe(1);
    await screenshot(page, 'ux-details-waiting');

    const id = await details.locator('[data-field="Session ID"]').innerText();
    await details.getByRole('button', { name: 'Copy session ID' }).click();
    await eventually(() => page.getByTestId('notices').innerText()).toContain('Session ID copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);

    await details.getByRole('button', { name: 'Share session details' }).click();
    await eventually(() => page.getByTestId('notices').innerText()).toContain('Session summary copied.');
    const summary = await page.evaluate(() => navigator.clipboard.readText());
    expect(summary).toContain(`Session ID: ${id}`);
    const link = summary
      .split('\n')
      .find((line) => line.startsWith('Open in PAM Desk: '))!
      .slice(18);
    const parsed = new URL(link);
    expect(parsed.protocol).toBe('pam-desk:');
    expect(parsed.searchParams.get('session')).toBe(id);
    expect(new URL(parsed.searchParams.get('server')!).host).toBe(await page.getByTestId('server-host').innerText());
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('filters by Type and writes session logs in the user’s words and time zone', async () => {
    const { dashboard, page } = await signedInAs('alice');
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'SSH', exact: true }).click();
    await eventually(() => dashboard.columnTexts('type')).not.toContain('RDP');
    const types = await dashboard.columnTexts('type');
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['SSH']));
    expect(await dashboard.rowCountText().innerText()).toMatch(/^\d+ of \d+ sessions$/);
    await screenshot(page, 'ux-type-filter');
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'All types' }).click();
    await eventually(() => dashboard.rowCountText().innerText()).not.toContain(' of ');

    // The scheduled session's log names its start time: in the browser's zone, not as raw UTC.
    const scheduled = dashboard.rows().filter({ hasText: 'Scheduled' }).first();
    await dashboard.select(scheduled);
    await dashboard.button('View Logs').click();
    const logs = page.getByRole('dialog', { name: /Session Logs/ });
    await logs.getByRole('table', { name: 'Session log lines' }).waitFor();
    const logText = await logs.innerText();
    expect(logText).toContain('scheduled to start at');
    expect(logText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(logText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    await screenshot(page, 'ux-session-logs');
  });

  it('follows the OS between light and dark, and keeps the user’s own choice', async () => {
    const { dashboard, page } = await signedInAs('alice');
    await page.emulateMedia({ colorScheme: 'dark' });
    await eventually(async () => isDark(await backgroundOf(dashboard))).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually(async () => isDark(await backgroundOf(dashboard))).toBe(false);

    await page.getByRole('button', { name: /^Appearance/ }).click();
    await page.getByRole('menuitem', { name: 'Dark' }).click();
    await eventually(async () => isDark(await backgroundOf(dashboard))).toBe(true);
    expect(await page.getByRole('button', { name: /^Appearance/ }).getAttribute('aria-label')).toBe('Appearance: Dark');
    // Dialogs follow the same theme.
    const view = await dashboard.openView();
    expect(isDark(await view.evaluate((dialog) => getComputedStyle(dialog).backgroundColor))).toBe(true);
    await screenshot(page, 'ux-dark-view-chooser');
    await view.getByRole('button', { name: 'Done' }).click();
    // Remembered: after a reload (the bridge keeps the sign-in), still dark with the OS light.
    await page.reload();
    await dashboard.waitForLoaded();
    await eventually(async () => isDark(await backgroundOf(dashboard))).toBe(true);
  });

  it('works from the keyboard with visible focus, and announces status changes', async () => {
    const { dashboard, page, stack } = await signedInAs('alice');
    // Tab from the top reaches the search field, and focus is visible on it.
    await page.getByRole('button', { name: /^Appearance/ }).focus();
    await page.keyboard.press('Escape');
    const search = page.getByRole('searchbox', { name: 'Search' });
    for (let i = 0; i < 25 && !(await search.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    // Every icon-only button has a name a screen reader can say.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .filter((button) => !button.textContent?.trim() && !button.getAttribute('aria-label') && !button.title)
        .map((button) => button.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);

    // A session changing status on the server is announced to screen-reader users.
    const available = dashboard.rows().filter({ hasText: 'Available' }).first();
    const id = await available.getAttribute('data-id');
    stack.sandbox.simulateLogin(id!);
    await dashboard.button('Refresh').click();
    await eventually(() => page.getByTestId('announcer').innerText(), { timeout: 15_000 }).toMatch(
      /is now Logged In\./,
    );
  });
});
