import type { Locator, Page } from 'playwright-core';

/** The terminal tabs, their prompts (host key, password, code) and what the terminal shows. */
export class TerminalPage {
  constructor(readonly page: Page) {}

  launchIcon(row: Locator): Locator {
    return row.locator('[data-action="launch"]');
  }

  tab(): Locator {
    return this.page.locator('[data-testid="terminal-tab"]:visible');
  }

  title(): Locator {
    return this.tab().getByTestId('terminal-title');
  }

  /** The text xterm shows (its DOM rows), trailing spaces trimmed per line. */
  async screenText(): Promise<string> {
    const rows = await this.tab().locator('.xterm-rows > div').allInnerTexts();
    return rows.map((row) => row.replace(/\s+$/, '')).join('\n');
  }

  async type(text: string): Promise<void> {
    await this.tab().locator('.xterm-helper-textarea').focus();
    await this.page.keyboard.type(text);
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name });
  }

  async answerPassword(password: string): Promise<void> {
    const dialog = this.dialog('Your PAM password');
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Continue' }).click();
  }

  async answerCodeWithSandboxHelp(): Promise<void> {
    const dialog = this.dialog('Verification code');
    await dialog.getByRole('button', { name: 'Fill sandbox code' }).click();
    await dialog.getByRole('button', { name: 'Continue' }).click();
  }

  closedNotice(): Locator {
    return this.tab().getByTestId('terminal-closed');
  }

  /** The tabs' close marks (mouse only: the keyboard closes the focused tab with Delete). */
  closeButtons(): Locator {
    return this.page.locator('[data-action="close-terminal"]');
  }
}
