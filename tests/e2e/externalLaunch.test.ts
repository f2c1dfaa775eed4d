/**
 * The session details' "your own client" part, through the bridge in Chromium against the sandbox: the
 * clients found on this machine are offered (or a hint says none is), and the SSH proxy's address, port,
 * connection string and a copyable command are shown for users of any other client.
 */
import { describe, expect, it } from 'vitest';
import { detectClients } from '../../main/launch/external/clientDetect';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { screenshot } from './support/appPage';
import { useE2e } from './support/fixture';

const e2e = useE2e();

describe('opening a session in the user’s own client', { timeout: 120_000 }, () => {
  it('alice sees her terminals (or a hint) and copies the SSH proxy’s connection details', async () => {
    const { stack, app } = await e2e.start();
    const page = app.page;
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const row = dashboard.row('Web front end', 'Logged In').first();
    await row.waitFor();
    await row.getByRole('button', { name: /Show details/ }).click();
    const own = page
      .getByRole('region', { name: 'Session details' })
      .getByRole('region', { name: 'Open in your own client' });
    await own.waitFor();

    // The bridge runs on this machine, with this PATH: the same clients must be offered.
    const installed = detectClients();
    const terminals = installed.ssh ? installed.terminals : [];
    if (terminals.length === 0) await own.getByTestId('no-external-client').waitFor();
    for (const terminal of terminals) await own.getByRole('button', { name: `Open in ${terminal.label}` }).waitFor();
    if (terminals[0]) {
      // The launch asks for the code (and the password when not remembered) first; Cancel starts nothing.
      await own.getByRole('button', { name: `Open in ${terminals[0].label}` }).click();
      const dialog = page.getByRole('dialog', { name: `Open in ${terminals[0].label}` });
      await dialog.getByLabel('Verification code').waitFor();
      await dialog.getByLabel('PAM password').waitFor();
      expect(await dialog.getByRole('button', { name: 'Open' }).isDisabled()).toBe(true);
      await dialog.getByLabel('Verification code').fill('123456');
      expect(await dialog.getByRole('button', { name: 'Open' }).isDisabled()).toBe(false);
      await screenshot(page, 'external-launch-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    }

    await own.getByRole('button', { name: 'Show connection details' }).click();
    const details = own.getByTestId('connection-details');
    await details.waitFor();
    const text = await details.innerText();
    expect(text).toContain(`Proxy: 127.0.0.1 port ${stack.sandbox.sshProxy.port}`);
    expect(text).toMatch(/Connection string: alice\+Linux Root Shell \(SSH\)\+lnx-web-01/);
    expect(text).toContain(`ssh -p ${stack.sandbox.sshProxy.port} 'alice+Linux Root Shell (SSH)+lnx-web-01'@127.0.0.1`);
    await own.getByRole('button', { name: 'Copy SSH command' }).waitFor();
    await own.getByRole('button', { name: 'Copy config entry' }).waitFor();
    await screenshot(page, 'external-launch-details');
  });
});
