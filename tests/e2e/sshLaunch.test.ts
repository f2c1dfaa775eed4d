/**
 * Launching an SSH session from the dashboard into a terminal tab, through the bridge in Chromium, the
 * sandbox's real SSH proxy and its built-in target: alice answers the password and code prompts and runs
 * a command; a hostile SSH URL from the server is refused with a message and nothing is started.
 */
import { describe, expect, it } from 'vitest';
import { createNpsClient } from '../../main/nps/npsClient';
import type { SandboxHandle } from '../../sandbox/index';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { TerminalPage } from './pages/TerminalPage';
import { screenshot, snapshot } from './support/appPage';
import { useE2e } from './support/fixture';
import type { StackOptions } from './support/stack';

const e2e = useE2e();
const HOST = 'Web front end';

async function aliceOnTheDashboard(options: StackOptions = {}) {
  const world = await e2e.start(options);
  const page = world.app.page;
  await new SignInPage(page).signInToSandboxAs('alice');
  const dashboard = new DashboardPage(page);
  await dashboard.waitForLoaded();
  const row = dashboard.row(HOST, 'Logged In');
  await row.first().waitFor();
  return { ...world, page, dashboard, row: row.first(), terminal: new TerminalPage(page) };
}

/** Ends a session from another client, as an administrator or another window would. */
async function endOnServer(sandbox: SandboxHandle, login: string, sessionId: string): Promise<void> {
  const client = createNpsClient({ baseUrl: sandbox.url, pin: sandbox.fingerprint, retries: 0 });
  try {
    const user = sandbox.users.find((u) => u.login === login)!;
    const pre = await client.signInWithPassword(login, user.password);
    // A code is good once: the app's sign-in and the launch may have used this step's codes already.
    await expect.poll(() => sandbox.freshCode(login), { timeout: 35_000 }).toBe(true);
    const token = await client.signInWithMfa(pre, sandbox.totp(login));
    await client.withToken(token).endSession(sessionId);
  } finally {
    client.close();
  }
}

describe('launching an SSH session', { timeout: 180_000 }, () => {
  it('alice launches her SSH session, types echo $((6*7)) and sees 42', async () => {
    const { stack, row, terminal, page } = await aliceOnTheDashboard();
    const password = stack.sandbox.users.find((u) => u.login === 'alice')!.password;

    await terminal.launchIcon(row).click();
    await terminal.answerPassword(password);
    await terminal.answerCodeWithSandboxHelp();

    await expect.poll(() => terminal.title().innerText()).toMatch(/root on Web front end/);
    await expect.poll(() => terminal.screenText(), { timeout: 15_000 }).toMatch(/[$#]\s*$/m);
    await terminal.type('echo $((6*7))\n');
    await expect.poll(() => terminal.screenText(), { timeout: 10_000 }).toMatch(/^42$/m);
    await expect.poll(() => terminal.tab().getAttribute('data-state')).toBe('open');
    // Headless Chromium has WebGL only in software (SwiftShader): the terminal draws with the DOM renderer.
    expect(await terminal.tab().getAttribute('data-renderer')).toBe('dom');
    await screenshot(page, 'terminal-tab');

    // Find in the scrollback (Ctrl+Shift+F) selects the match.
    await terminal.tab().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+Shift+F');
    await page.getByLabel('Find in the terminal').fill('6*7');
    await expect.poll(() => terminal.tab().locator('.xterm-selection div').count()).toBeGreaterThan(0);
    await page.getByLabel('Find in the terminal').press('Escape');

    // A flood (11 MB of counting) reaches its end, and the page keeps painting meanwhile, the terminal too:
    // it draws fewer frames during a flood, but the numbers it shows keep moving. How long a frame may take
    // is the benchmark's business (a timed bound here failed on a loaded CI machine); a frozen page would
    // stop painting for far longer than the generous bound below.
    await terminal.type('seq 1 1500000; echo FLOOD-$((6*7))\n');
    const started = Date.now();
    let frames = 0;
    let slowest = 0;
    const counts = new Set<string>();
    for (let screen = ''; !/^FLOOD-42$/m.test(screen); screen = await terminal.screenText()) {
      const last = /^(\d+)$/m.exec(screen.split('\n').reverse().join('\n'))?.[1];
      if (last && !counts.has(last)) {
        counts.add(last);
        if (counts.size === 2) await snapshot(page, 'terminal-flood');
      }
      const before = Date.now();
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      slowest = Math.max(slowest, Date.now() - before);
      frames += 1;
      expect(Date.now() - started, 'the flood to end').toBeLessThan(120_000);
    }
    expect(frames, 'frames painted during the flood').toBeGreaterThan(0);
    expect(slowest, 'the longest wait for a frame during the flood (ms)').toBeLessThan(10_000);
    expect(counts.size, 'different last numbers the terminal showed during the flood').toBeGreaterThan(2);

    // The shell exits: the tab says so and Reconnect logs in again in the same tab.
    await terminal.type('exit\n');
    await expect.poll(() => terminal.closedNotice().innerText()).toMatch(/Connection closed — The shell exited/);
    // A code is good once (sign-in and proxy alike): this third one in a 30-second step waits for the next.
    await expect.poll(() => stack.sandbox.freshCode('alice'), { timeout: 35_000 }).toBe(true);
    await terminal.closedNotice().getByRole('button', { name: 'Reconnect' }).click();
    await terminal.answerPassword(password);
    await terminal.answerCodeWithSandboxHelp();
    await expect.poll(() => terminal.tab().getAttribute('data-state'), { timeout: 15_000 }).toBe('open');
    await terminal.type('echo again-$((6*7))\n');
    await expect.poll(() => terminal.screenText(), { timeout: 10_000 }).toMatch(/^again-42$/m);

    // Closing the tab closes the connection, not the session.
    await terminal.closeButtons().first().click();
    await expect.poll(() => terminal.tab().count()).toBe(0);
    await expect.poll(() => row.innerText()).toMatch(/Logged In/);
  });

  it('draws with WebGL where it is allowed, and falls back to the DOM renderer, contents kept, when the GPU context is lost', async () => {
    const { stack, row, terminal, page } = await aliceOnTheDashboard();
    const password = stack.sandbox.users.find((u) => u.login === 'alice')!.password;
    // Allow WebGL even in software, as a user may choose; the automatic choice would not use SwiftShader.
    await page.evaluate(() => localStorage.setItem('pamDesk.terminal.gpu', 'on'));
    await terminal.launchIcon(row).click();
    await terminal.answerPassword(password);
    await terminal.answerCodeWithSandboxHelp();
    await expect.poll(() => terminal.tab().getAttribute('data-state'), { timeout: 15_000 }).toBe('open');
    expect(await terminal.tab().getAttribute('data-renderer')).toBe('webgl');
    expect(await terminal.tab().locator('.xterm-screen canvas').count()).toBeGreaterThan(0);
    await terminal.type('echo before-$((6*7))\n');
    await expect.poll(() => terminal.tab().getAttribute('data-renderer')).toBe('webgl');

    // The GPU goes away (driver reset): the context is lost and not restored.
    const lost = await terminal
      .tab()
      .locator('.xterm-screen')
      .evaluate(
        (screen) =>
          [...screen.querySelectorAll('canvas')].filter((canvas) => {
            // getContext hands back the canvas's own context only when asked for the same kind.
            const extension = canvas.getContext('webgl2')?.getExtension('WEBGL_lose_context');
            extension?.loseContext();
            return Boolean(extension);
          }).length,
      );
    expect(lost).toBe(1);
    await expect.poll(() => terminal.tab().getAttribute('data-renderer'), { timeout: 15_000 }).toBe('dom');
    // What was on screen is still there, drawn by the DOM renderer, and the terminal keeps working.
    await expect.poll(() => terminal.screenText(), { timeout: 10_000 }).toMatch(/^before-42$/m);
    await terminal.type('echo after-$((6*7))\n');
    await expect.poll(() => terminal.screenText(), { timeout: 10_000 }).toMatch(/^after-42$/m);
    // Without the GPU the cursor stays lit: the DOM renderer blinks with an endless CSS animation, which
    // keeps the page drawing at every display refresh.
    await terminal.tab().locator('.xterm-helper-textarea').focus();
    await expect.poll(() => terminal.tab().locator('.xterm-rows .xterm-cursor.xterm-cursor-block').count()).toBe(1);
    expect(await terminal.tab().locator('.xterm-rows .xterm-cursor-blink').count()).toBe(0);
    await screenshot(page, 'terminal-after-context-loss');
  });

  it('a hostile SSH URL from the server is refused with a message and nothing is started', async () => {
    const { stack, row, terminal, page } = await aliceOnTheDashboard({
      sshUrlFor: (_id, url) => url.replace(/^ssh:\/\/[^@]+@/, 'ssh://-oProxyCommand%3Dtouch%20%2Ftmp%2Fpwned@'),
    });
    await terminal.launchIcon(row).click();
    await expect
      .poll(() => page.getByRole('status').allInnerTexts())
      .toContainEqual(expect.stringMatching(/did not start the SSH connection.*starts with "-"/));
    expect(await terminal.tab().count()).toBe(0);
    await expect(terminal.dialog('Your PAM password').count()).resolves.toBe(0);
    expect(stack.logs.some((line) => /\[ssh\] refused the SSH URL/.test(line))).toBe(true);
  });

  it('launched from the quick finder, a session ended mid-connection shows "connection closed" with the reason, and the app keeps working', async () => {
    const { stack, row, terminal, dashboard } = await aliceOnTheDashboard();
    const password = stack.sandbox.users.find((u) => u.login === 'alice')!.password;
    const sessionId = await row.getAttribute('data-id');
    // This time from the quick finder: Ctrl+K, the host, Ctrl+Enter.
    await terminal.page.keyboard.press('Control+k');
    await terminal.page.getByLabel('Find a session').fill('Web front end');
    const loggedIn = (texts: string[]) => texts.filter((text) => /Logged In/.test(text)).length;
    const before = loggedIn(await terminal.page.getByRole('option').allInnerTexts());
    expect(before).toBeGreaterThan(0);
    await terminal.page.getByLabel('Find a session').press('Control+Enter');
    await terminal.answerPassword(password);
    await terminal.answerCodeWithSandboxHelp();
    await expect.poll(() => terminal.screenText(), { timeout: 15_000 }).toMatch(/[$#]\s*$/m);

    await endOnServer(stack.sandbox, 'alice', sessionId!);
    await expect
      .poll(() => terminal.closedNotice().innerText(), { timeout: 10_000 })
      .toMatch(/Connection closed — .*ended/i);
    await expect(terminal.closedNotice().getByRole('button', { name: 'Reconnect' }).count()).resolves.toBe(1);
    await screenshot(terminal.page, 'terminal-closed');

    // The dashboard's view is hidden behind the terminal tab (its own watch stopped); the quick finder still
    // sees the session as the server has it now, not as it was when the tab opened. (Ctrl+K typed into the
    // terminal goes to the shell: the user clicks outside it first.)
    await expect
      .poll(
        async () => {
          await terminal.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await terminal.page.keyboard.press('Control+k');
          const finder = terminal.page.getByRole('dialog', { name: 'Quick finder' });
          await finder.waitFor();
          await terminal.page.getByLabel('Find a session').fill('Web front end');
          const texts = await finder.getByRole('option').allInnerTexts();
          await terminal.page.keyboard.press('Escape');
          await finder.waitFor({ state: 'detached' });
          return loggedIn(texts);
        },
        { timeout: 20_000 },
      )
      .toBe(before - 1);

    // Back to the sessions: the table still answers.
    await terminal.page.getByRole('tab', { name: 'Views', exact: true }).click();
    await expect.poll(() => dashboard.grid().isVisible()).toBe(true);
  });
});
