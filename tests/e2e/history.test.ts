/**
 * History offline, as an auditor lives it: helen (helpdesk) signs in and opens History, which syncs
 * everyone's ended sessions into the encrypted cache; the server goes away and PAM Desk restarts; the
 * sign-in screen offers "Review history offline", and the History page opens with no server, marked
 * offline, and filters by user, resource, type and period. And an SSH recording: alice runs a command
 * through the proxy and ends her session; History fetches its recording ahead of time; offline, after a
 * restart, it replays from the cache, marked cached.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { osKeychain } from '../fakes/osKeychain';
import { HistoryPageObject } from './pages/HistoryPage';
import { SessionLogsPage } from './pages/SessionLogsPage';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { TerminalPage } from './pages/TerminalPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();

describe('history offline', { timeout: 120_000 }, () => {
  it('an auditor syncs, the server goes away, the app restarts, and the history opens offline and filters', async () => {
    const { app, stack } = await e2e.start({ seedHistorical: 400, keychain: osKeychain() });
    let page = app.page;
    const signIn = new SignInPage(page);
    await signIn.connectToServer();
    await signIn.fillCredentials(
      stack.sandbox.url,
      'helen',
      stack.sandbox.users.find((u) => u.login === 'helen')!.password,
    );
    await signIn.submitCredentials();
    await signIn.trustServer();
    await signIn.waitForMfaStep();
    await signIn.enterCode(stack.sandbox.totp('helen'));

    let history = new HistoryPageObject(page);
    await history.open();
    await expect.poll(() => history.syncState().innerText(), { timeout: 60_000 }).toMatch(/^Synced at /);
    const synced = await history.count();
    expect(synced).toBeGreaterThanOrEqual(400);
    // After the sync, the newest sessions' logs are fetched ahead of time into the log cache.
    await expect
      .poll(() => history.logCache().innerText(), { timeout: 60_000 })
      .toMatch(/^Logs: \d+(\.\d)? MB of 50 MB$/);
    await expect.poll(() => history.logCache().innerText()).not.toMatch(/^Logs: 0 MB/);
    await screenshot(page, '40-history-live');
    // The log cache's size limit: what is kept, and the limit the user sets (left as is here).
    await history.logCache().click();
    const budget = page.getByRole('dialog', { name: 'Session logs kept for offline review' });
    await expect.poll(() => budget.getByTestId('log-cache-usage').innerText()).toMatch(/^\d+ logs kept, .* MB used\.$/);
    expect(await budget.getByRole('textbox', { name: 'Size limit (MB)' }).inputValue()).toBe('50');
    await screenshot(page, '40a-history-log-cache-limit');
    await budget.getByRole('button', { name: 'Cancel' }).click();
    await budget.waitFor({ state: 'detached' });

    // The server goes away; PAM Desk is quit and started again.
    await stack.stopSandbox();
    await stack.restartApp();
    await page.goto(stack.bridge.url);
    page = app.page;
    const offline = page.getByRole('region', { name: 'Offline history' });
    await offline.waitFor();
    await screenshot(page, '41-history-offline-offer');
    await offline.getByRole('button', { name: /Review history offline — .* — helen/ }).click();

    history = new HistoryPageObject(page);
    await history.grid().waitFor();
    await expect.poll(() => history.syncState().innerText()).toMatch(/^Offline — as of /);
    await expect.poll(() => history.count()).toBe(synced);
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);

    const only = async (field: string) => [...new Set(await history.column(field))];

    // User: only that user's sessions, fewer than everyone's.
    const user = await history.firstOption('User');
    await history.pick('User', user);
    await expect.poll(() => only('user')).toEqual([user]);
    expect(await history.count()).toBeLessThan(synced);

    // Resource (alone): only sessions on it.
    await history.clearFilters();
    const resource = await history.firstOption('Resource');
    await history.pick('Resource', resource);
    await expect.poll(() => only('host')).toEqual([resource]);
    expect(await history.count()).toBeLessThan(synced);

    // Type: SSH only.
    await history.clearFilters();
    await history.pick('Type', 'SSH');
    await expect.poll(() => only('type')).toEqual(['SSH']);
    const ssh = await history.count();
    expect(ssh).toBeLessThan(synced);

    // + Period: the last 30 days hold fewer of the year's SSH sessions, all started within them.
    await history.period('Last 30 days');
    await expect.poll(() => history.count()).toBeLessThan(ssh);
    expect(await history.count()).toBeGreaterThan(0);
    const since = Date.now() - 31 * 86_400_000;
    const starts = await history.column('actualStartAt');
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) if (start !== '—') expect(Date.parse(start)).toBeGreaterThan(since);
    await screenshot(page, '42-history-offline-filtered');

    // The newest session's log, cached ahead of time, opens offline, marked as cached, and downloads.
    await history.clearFilters();
    await history.period('Any time');
    await expect.poll(() => history.count()).toBe(synced);
    const drawer = await history.showDetails(0);
    // Session ID is the last field.
    const sessionId = (await drawer.locator('dd').last().innerText()).trim();
    expect(sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await expect
      .poll(() => drawer.getByTestId('history-log-availability').innerText())
      .toMatch(/cached on this computer: it opens offline/);
    await screenshot(page, '43a-history-offline-details');
    await drawer.getByRole('button', { name: 'Session log' }).click();
    const logs = new SessionLogsPage(page);
    await logs.dialog().waitFor();
    await expect.poll(() => logs.dialog().getByTestId('history-log-cached').innerText()).toMatch(/^Cached — as of /);
    await expect.poll(() => logs.lines().count()).toBeGreaterThan(1);
    const shown = await logs.lines().allInnerTexts();
    await screenshot(page, '43-history-offline-cached-log');

    const fromDialog = page.waitForEvent('download');
    await logs.dialog().getByRole('button', { name: 'Download log' }).click();
    const file = await fromDialog;
    expect(file.suggestedFilename()).toBe(`session-${sessionId}-log.txt`);
    const text = (await readFile((await file.path())!, 'utf8')).replace(/^\ufeff/, '');
    const rows = text.split('\r\n');
    expect(rows[0]).toMatch(/^Session Logs — /);
    expect(rows[1]).toBe(`Session ID: ${sessionId}`);
    expect(rows[2]).toMatch(/^Cached copy as of /);
    expect(rows[3]).toBe(`${shown.length} lines`);
    // The same lines as the window, in its words: time, status and message, tab-separated there.
    const entries = rows.slice(5, -1);
    expect(entries).toEqual(shown.map((line) => line.split('\t').join('  ')));
    // Offline, the Recordings tab lists what is cached: this (seeded) session recorded nothing, said plainly.
    await logs.dialog().getByRole('tab', { name: 'Recordings' }).click();
    await expect
      .poll(() => logs.dialog().getByTestId('recordings-note').innerText())
      .toBe('This session has no recorded SSH connections.');
    await screenshot(page, '43b-history-offline-recordings-not-cached');
    await logs.close();

    // The drawer's Download log gives the same file.
    const fromDrawer = page.waitForEvent('download');
    await drawer.getByRole('button', { name: 'Download log' }).click();
    const again = await fromDrawer;
    expect(again.suggestedFilename()).toBe(`session-${sessionId}-log.txt`);
    expect((await readFile((await again.path())!, 'utf8')).replace(/^\ufeff/, '')).toBe(text);
  });

  it('a recorded SSH session, fetched ahead of time, replays offline from the cache marked cached', async () => {
    const { app, stack } = await e2e.start({ keychain: osKeychain() });
    let page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const row = dashboard.row('Web front end', 'Logged In').first();
    await row.waitFor();
    const sessionId = (await row.getAttribute('data-id'))!;
    const terminal = new TerminalPage(page);
    await terminal.launchIcon(row).click();
    await terminal.answerPassword(stack.sandbox.users.find((u) => u.login === 'alice')!.password);
    await terminal.answerCodeWithSandboxHelp();
    await expect.poll(() => terminal.screenText(), { timeout: 15_000 }).toMatch(/[$#]\s*$/m);
    await terminal.type('echo $((6*7))\n');
    await expect.poll(() => terminal.screenText(), { timeout: 10_000 }).toMatch(/^42$/m);
    await terminal.type('exit\n');
    await expect.poll(() => terminal.tab().getAttribute('data-state'), { timeout: 10_000 }).toBe('closed');
    // She ends the session: it becomes history, with its recording.
    await terminal.closeButtons().first().click();
    await expect.poll(() => terminal.tab().count()).toBe(0);
    const ended = dashboard.rows().and(page.locator(`[data-id="${sessionId}"]`));
    await dashboard.select(ended);
    await dashboard.button('End Session').click();
    const confirm = page.getByRole('dialog', { name: 'End 1 session?' });
    await confirm.getByRole('button', { name: 'End 1 session' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => ended.innerText(), { timeout: 20_000 }).toMatch(/Complete/);

    let history = new HistoryPageObject(page);
    await history.open();
    await expect.poll(() => history.syncState().innerText(), { timeout: 60_000 }).toMatch(/^Synced at /);
    // After the logs, the recording is fetched ahead of time.
    await history.logCache().click();
    const budget = page.getByRole('dialog', { name: 'Session logs kept for offline review' });
    await expect
      .poll(() => budget.getByTestId('log-cache-usage').innerText(), { timeout: 30_000 })
      .toMatch(/^\d+ logs and 1 SSH recording kept, /);
    await budget.getByRole('button', { name: 'Cancel' }).click();
    await budget.waitFor({ state: 'detached' });

    await stack.stopSandbox();
    await stack.restartApp();
    await page.goto(stack.bridge.url);
    page = app.page;
    const offline = page.getByRole('region', { name: 'Offline history' });
    await offline.getByRole('button', { name: /Review history offline — .* — alice/ }).click();
    history = new HistoryPageObject(page);
    await history.grid().waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill(sessionId);
    await expect.poll(() => history.count()).toBe(1);
    const drawer = await history.showDetails(0);
    await drawer.getByRole('button', { name: 'Session log' }).click();
    const logs = new SessionLogsPage(page);
    await logs.dialog().waitFor();
    await logs.dialog().getByRole('tab', { name: 'Recordings' }).click();
    expect(await logs.dialog().getByRole('combobox', { name: 'Recorded connection' }).innerText()).toMatch(/· cached$/);
    const player = logs.dialog().getByRole('region', { name: 'Recording player' });
    await player.waitFor();
    await expect.poll(() => player.getByTestId('recording-cached').innerText()).toMatch(/^Cached — as of /);
    await expect
      .poll(() => player.getByRole('list', { name: 'Commands in the recording' }).innerText())
      .toMatch(/echo \$\(\(6\*7\)\)/);
    await player.getByRole('button', { name: 'Play' }).click();
    const screenText = async () =>
      (await player.getByTestId('recording-screen').locator('.xterm-rows > div').allInnerTexts())
        .map((r) => r.replace(/\s+$/, ''))
        .join('\n');
    await player.getByRole('combobox', { name: 'Playback speed' }).click();
    await page.getByRole('option', { name: '16×' }).click();
    await expect.poll(() => screenText(), { timeout: 30_000 }).toMatch(/^42$/m);
    await screenshot(page, '44-history-offline-cached-recording');
  });
});
