import type { Locator, Page } from 'playwright-core';

/** The sign-in steps as a user sees them: welcome, credentials, certificate trust, MFA code. */
export class SignInPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  error(): Locator {
    return this.page.getByRole('alert');
  }

  async trySandbox(): Promise<void> {
    await this.page.getByRole('button', { name: /Try the sandbox/ }).click();
    await this.page.getByRole('heading', { name: 'Sign in to the sandbox' }).waitFor();
  }

  async connectToServer(): Promise<void> {
    await this.page.getByRole('button', { name: 'Connect to your server' }).click();
  }

  async chooseDemoUser(login: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Demo user' }).click();
    await this.page.getByRole('option', { name: new RegExp(`\\(${login}\\)`) }).click();
  }

  async fillCredentials(url: string, login: string, password: string): Promise<void> {
    await this.page.getByLabel('Server URL').fill(url);
    await this.page.getByLabel('Login').fill(login);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
  }

  async submitCredentials(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  fingerprint(): Locator {
    return this.page.getByTestId('fingerprint');
  }

  async trustServer(): Promise<void> {
    await this.page.getByLabel('I compared the fingerprint and it matches').check();
    await this.page.getByRole('button', { name: 'Trust this server' }).click();
  }

  async waitForMfaStep(): Promise<void> {
    await this.page.getByRole('heading', { name: 'Enter your MFA code' }).waitFor();
  }

  async enterCode(code: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'MFA code' }).fill(code);
    await this.page.getByRole('button', { name: 'Verify' }).click();
  }

  async fillSandboxCode(): Promise<void> {
    await this.page.getByRole('button', { name: 'Fill sandbox code' }).click();
    await this.page.waitForFunction(() =>
      /^\d{6}$/.test(
        (document.querySelector('input[autocomplete="one-time-code"]') as HTMLInputElement | null)?.value ?? '',
      ),
    );
  }

  /** The whole sandbox path for a demo user. */
  /** Ticks (or leaves) the remember-me choices of the credentials form. */
  async setRemember(choice: { rememberMe?: boolean; rememberPassword?: boolean }): Promise<void> {
    if (choice.rememberMe) await this.page.getByLabel('Remember me on this computer').check();
    if (choice.rememberPassword) await this.page.getByLabel(/Also remember my password/).check();
  }

  async signInToSandboxAs(
    login: string,
    remember: { rememberMe?: boolean; rememberPassword?: boolean } = {},
  ): Promise<void> {
    // Either the first-run screen (or a plain sign-in form) offers the sandbox, or its user picker is up.
    const offer = this.page.getByRole('button', { name: /Try the sandbox/ });
    const picker = this.page.getByRole('combobox', { name: 'Demo user' });
    await offer.or(picker).first().waitFor();
    if (await offer.isVisible()) await this.trySandbox();
    await picker.waitFor();
    await this.chooseDemoUser(login);
    await this.setRemember(remember);
    await this.submitCredentials();
    await this.waitForMfaStep();
    await this.fillSandboxCode();
    await this.page.getByRole('button', { name: 'Verify' }).click();
  }
}
