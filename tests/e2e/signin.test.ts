/**
 * Signing in, as a new user would: the sandbox on first run, then a real server address with its
 * self-signed certificate, a wrong password, a wrong MFA code, and a server that is not there.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from './support/eventually';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';
import { startTcpProxy } from './support/tcpProxy';
import { startSandbox } from '../../sandbox/index';

const e2e = useE2e();

/** A 6-digit code that is not the current one (nor the one before or after). */
function wrongCode(current: string): string {
  return current === '000000' ? '111111' : '000000';
}

describe('signing in', { timeout: 60_000 }, () => {
  it('first run: tries the sandbox, picks a demo user, fills the sandbox code and lands on the dashboard', async () => {
    const { app } = await e2e.start();
    const signIn = new SignInPage(app.page);
    await eventually(() => signIn.heading().innerText()).toBe('Welcome');
    await screenshot(app.page, '01-welcome');

    await signIn.trySandbox();
    await eventually(() => app.page.getByRole('combobox', { name: 'Demo user' }).innerText()).toContain('(alice)');
    await screenshot(app.page, '02-sandbox-sign-in');
    await signIn.submitCredentials();
    await signIn.waitForMfaStep();
    await signIn.fillSandboxCode();
    await screenshot(app.page, '03-mfa');
    await app.page.getByRole('button', { name: 'Verify' }).click();

    const dashboard = new DashboardPage(app.page);
    await dashboard.waitForLoaded();
    const header = app.page.getByTestId('signed-in-user');
    await eventually(() => header.innerText()).toContain('(alice)');
    expect(await header.innerText()).toContain('User');
    expect(await app.page.getByTestId('server-host').innerText()).toMatch(/^127\.0\.0\.1:\d+$/);
    // Main says this server is the bundled sandbox; the header marks it so.
    await eventually(() => app.page.getByRole('banner').getByText('Sandbox', { exact: true }).count()).toBe(1);
    expect(await app.page.getByRole('tab').allInnerTexts()).toEqual(['Active Dashboard', 'History']);
  });

  it('trusts a self-signed server only after showing its fingerprint, and tells a wrong password from a wrong code', async () => {
    const { app, stack } = await e2e.start();
    const signIn = new SignInPage(app.page);
    await signIn.connectToServer();
    await signIn.fillCredentials(stack.sandbox.url, 'alice', 'not-her-password');
    await signIn.submitCredentials();

    await eventually(() => signIn.heading().innerText()).toBe('Check this server’s certificate');
    expect(await signIn.fingerprint().innerText()).toBe(stack.sandbox.fingerprint);
    await eventually(() => app.page.getByRole('button', { name: 'Trust this server' }).isDisabled()).toBe(true);
    await screenshot(app.page, '04-trust-certificate');
    await signIn.trustServer();

    await eventually(() => signIn.error().innerText()).toContain('Wrong login or password');
    expect(await signIn.error().getAttribute('data-error-code')).toBe('credentials_invalid');
    await screenshot(app.page, '05-wrong-password');

    const password = stack.sandbox.users.find((user) => user.login === 'alice')!.password;
    await app.page.getByLabel('Password', { exact: true }).fill(password);
    await signIn.submitCredentials();
    await signIn.waitForMfaStep();
    // Not the sandbox: no helper to fill the code.
    expect(await app.page.getByRole('button', { name: 'Fill sandbox code' }).count()).toBe(0);

    await signIn.enterCode(wrongCode(stack.sandbox.totp('alice')));
    await eventually(() => signIn.error().innerText()).toContain('Wrong or expired code');
    await screenshot(app.page, '06-wrong-code');

    await signIn.enterCode(stack.sandbox.totp('alice'));
    const dashboard = new DashboardPage(app.page);
    await dashboard.waitForLoaded();
    expect(await dashboard.rows().count()).toBeGreaterThan(0);
    expect(stack.logs.join('\n')).not.toContain(password);
  });

  it('says so when the server cannot be reached', async () => {
    const { app } = await e2e.start();
    const signIn = new SignInPage(app.page);
    await signIn.connectToServer();
    // Port 9 (discard) is closed on loopback: the connection is refused at once.
    await signIn.fillCredentials('https://127.0.0.1:9', 'alice', 'whatever');
    await signIn.submitCredentials();
    await eventually(() => signIn.error().innerText()).toContain('Cannot reach the server');
    expect(await signIn.heading().innerText()).toBe('Sign in');
  });

  it('refuses, with no way around it, a trusted server whose certificate has changed', async () => {
    const { app, stack } = await e2e.start();
    const proxy = await startTcpProxy(Number(new URL(stack.sandbox.url).port));
    // Another server with its own key pair, later answering on the same address.
    const impostor = await startSandbox({ http: false, dataDir: null, log: () => undefined });
    try {
      const url = `https://127.0.0.1:${proxy.port}`;
      const password = stack.sandbox.users.find((user) => user.login === 'alice')!.password;
      const signIn = new SignInPage(app.page);
      await signIn.connectToServer();
      await signIn.fillCredentials(url, 'alice', password);
      await signIn.submitCredentials();
      await signIn.trustServer();
      await signIn.waitForMfaStep();
      await app.page.getByRole('button', { name: 'Back' }).click();

      proxy.retarget(Number(new URL(impostor.url).port));
      await app.page.getByLabel('Password', { exact: true }).fill(password);
      await signIn.submitCredentials();
      await eventually(() => signIn.heading().innerText()).toBe('Connection refused');
      const refusal = app.page.getByRole('alert');
      expect(await refusal.getAttribute('data-error-code')).toBe('certificate_mismatch');
      expect(await refusal.innerText()).toContain('has changed since you trusted it');
      expect(await app.page.getByRole('button', { name: 'Trust this server' }).count()).toBe(0);
      await screenshot(app.page, '20-certificate-changed');
    } finally {
      await proxy.close();
      await impostor.stop();
    }
  });
});
