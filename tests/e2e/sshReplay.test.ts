/**
 * What administrators see of an SSH connection, through the bridge in Chromium: alice launches her session
 * and runs `echo $((6*7))`; adam finds that command as a line of the session's log and in its recording,
 * whose player plays, pauses, changes speed and seeks (a click on the command seeks to its time); and adam,
 * in a second PAM Desk against the same server, watches alice's open connection live and read-only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startBridgeApp } from '../../main/bridge/bridgeApp';
import { MemoryKeychain } from '../../main/keychain/memoryKeychain';
import { DashboardPage } from './pages/DashboardPage';
import { SessionLogsPage } from './pages/SessionLogsPage';
import { SignInPage } from './pages/SignInPage';
import { TerminalPage } from './pages/TerminalPage';
import { openAppPage, screenshot } from './support/appPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();
const HOST = 'Web front end';

describe('recordings of SSH connections', { timeout: 180_000 }, () => {
  it("adam sees alice's echo $((6*7)) in the session's log and replays it in the recording", async () => {
    const { stack, app } = await e2e.start();
    const page = app.page;

    // alice runs a command through the proxy.
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const row = dashboard.row(HOST, 'Logged In').first();
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
    await page.getByRole('button', { name: 'Sign out' }).click();

    // adam, an administrator, opens the session's logs from the Sessions tab.
    await new SignInPage(page).signInToSandboxAs('adam');
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const sessions = new DashboardPage(page, 'All Sessions');
    await sessions.waitForLoaded();
    const aliceRow = sessions.rows().and(page.locator(`[data-id="${sessionId}"]`));
    await aliceRow.waitFor();
    await sessions.select(aliceRow);
    await sessions.button('View Logs').click();
    const logs = new SessionLogsPage(page);
    await logs.dialog().waitFor();
    await logs.filter('Command:');
    await expect
      .poll(() => logs.lines().allInnerTexts())
      .toContainEqual(expect.stringMatching(/Command: echo \$\(\(6\*7\)\)/));

    // The recording: the command is listed with its time; the player replays the connection.
    await logs.dialog().getByRole('tab', { name: 'Recordings' }).click();
    const player = logs.dialog().getByRole('region', { name: 'Recording player' });
    await player.waitFor();
    const commands = player.getByRole('list', { name: 'Commands in the recording' });
    await expect.poll(() => commands.innerText()).toMatch(/echo \$\(\(6\*7\)\)\s+\d+:\d\d\.\d/);
    const screen = player.getByTestId('recording-screen');
    const screenText = async () =>
      (await screen.locator('.xterm-rows > div').allInnerTexts()).map((r) => r.replace(/\s+$/, '')).join('\n');
    expect(await screenText()).not.toMatch(/^42$/m);

    // A click on the command seeks to its time (when its typing began): the answer is not on screen yet.
    const listed = commands.getByRole('button', { name: /echo \$\(\(6\*7\)\)/ });
    const commandTime = (await listed.innerText()).match(/(\d+:\d\d\.\d)\s*$/)![1]!;
    await listed.click();
    await expect.poll(() => player.getByTestId('recording-clock').innerText()).toMatch(new RegExp(`^${commandTime} /`));
    expect(await screenText()).not.toMatch(/^42$/m);
    const seekedTo = await player.getByTestId('recording-clock').innerText();

    // Faster, then play: the answer appears and the clock runs to the end.
    await player.getByRole('combobox', { name: 'Playback speed' }).click();
    await page.getByRole('option', { name: '16×' }).click();
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(screenText, { timeout: 30_000 }).toMatch(/echo \$\(\(6\*7\)\)\n42$/m);
    await expect.poll(() => player.getByRole('button', { name: 'Play' }).count(), { timeout: 30_000 }).toBe(1);
    const [at, total] = (await player.getByTestId('recording-clock').innerText()).split(' / ');
    expect(at).toBe(total);
    expect(seekedTo.split(' / ')[1]).toBe(total);
    await screenshot(page, 'recording-player');

    // Back to the start (the screen is cleared), then slowly: Pause holds the position while frames go by.
    const slider = player.getByRole('slider', { name: 'Position in the recording' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => player.getByTestId('recording-clock').innerText()).toMatch(/^0:00\.0 \//);
    expect(await screenText()).not.toMatch(/echo \$\(\(6\*7\)\)/);
    await player.getByRole('combobox', { name: 'Playback speed' }).click();
    await page.getByRole('option', { name: '0.5×' }).click();
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await player.getByRole('button', { name: 'Pause' }).click();
    const paused = Number(await slider.getAttribute('aria-valuenow'));
    await page.evaluate(async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    });
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBe(paused);
  });

  it("adam watches alice's open connection live: her typing shows up, his keys are not sent", async () => {
    const { stack, app } = await e2e.start();
    const alicePage = app.page;
    await new SignInPage(alicePage).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(alicePage);
    await dashboard.waitForLoaded();
    const row = dashboard.row(HOST, 'Logged In').first();
    await row.waitFor();
    const sessionId = (await row.getAttribute('data-id'))!;
    const alice = new TerminalPage(alicePage);
    await alice.launchIcon(row).click();
    await alice.answerPassword(stack.sandbox.users.find((u) => u.login === 'alice')!.password);
    await alice.answerCodeWithSandboxHelp();
    await expect.poll(() => alice.screenText(), { timeout: 15_000 }).toMatch(/[$#]\s*$/m);
    await alice.type('echo before-$((6*7))\n');
    await expect.poll(() => alice.screenText(), { timeout: 10_000 }).toMatch(/^before-42$/m);

    // adam runs his own PAM Desk against the same server.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pam-e2e-adam-'));
    const bridge = await startBridgeApp({
      dataDir,
      rendererDir: inject('rendererDir'),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      coreOptions: {
        pollIntervalMs: 1000,
        http: { timeoutMs: 3000, retries: 0 },
        sandbox: { start: async () => stack.sandbox },
        keychain: new MemoryKeychain(),
      },
    });
    const adamApp = await openAppPage(alicePage.context().browser()!, bridge.url);
    let failed = true;
    try {
      const page = adamApp.page;
      // A smaller window than alice's: a fitted view would have fewer rows than her terminal.
      await page.setViewportSize({ width: 1100, height: 600 });
      await new SignInPage(page).signInToSandboxAs('adam');
      await page.getByRole('tab', { name: 'Sessions' }).click();
      const sessions = new DashboardPage(page, 'All Sessions');
      await sessions.waitForLoaded();
      const aliceRow = sessions.rows().and(page.locator(`[data-id="${sessionId}"]`));
      await aliceRow.waitFor();
      await aliceRow.getByRole('button', { name: /^Show details of the session on Web front end/ }).click();
      await page.getByRole('button', { name: 'Watch live' }).click();
      const adam = new TerminalPage(page);
      await expect.poll(() => adam.tab().getAttribute('data-state'), { timeout: 15_000 }).toBe('open');
      expect(await adam.tab().getByTestId('terminal-watching').innerText()).toMatch(/read-only/);
      // adam's view has the size of alice's terminal, whatever his window.
      const size = async (p: typeof page) =>
        p.locator('[data-testid="terminal-tab"]:visible .xterm-rows > div').count();
      await expect.poll(() => size(page)).toBe(await size(alicePage));
      // What was on alice's screen before adam came is there too.
      await expect.poll(() => adam.screenText(), { timeout: 10_000 }).toMatch(/^before-42$/m);

      // alice types: adam sees it.
      await alice.type('echo watched-$((6*7))\n');
      await expect.poll(() => adam.screenText(), { timeout: 10_000 }).toMatch(/^watched-42$/m);

      // adam types into his view: nothing is sent — not to alice's shell, not into his view.
      await adam.type('echo adam-was-here\n');
      await alice.type('echo after-$((6*7))\n');
      await expect.poll(() => adam.screenText(), { timeout: 10_000 }).toMatch(/^after-42$/m);
      expect(await alice.screenText()).not.toMatch(/adam-was-here/);
      expect(await adam.screenText()).not.toMatch(/adam-was-here/);
      await screenshot(page, 'watch-live');

      // alice leaves: adam's view says the connection closed.
      await alice.type('exit\n');
      await expect
        .poll(() => adam.closedNotice().innerText(), { timeout: 10_000 })
        .toMatch(/Connection closed — The connection has closed/);
      failed = false;
    } finally {
      await adamApp.close(failed, 'watch-live-adam');
      await bridge.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
