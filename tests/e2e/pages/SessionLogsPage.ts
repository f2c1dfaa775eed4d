import type { Locator, Page } from 'playwright-core';

export class SessionLogsPage {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: /Session Logs/ });
  }

  lines(): Locator {
    return this.dialog().getByRole('table', { name: 'Session log lines' }).locator('tbody tr');
  }

  async filter(text: string): Promise<void> {
    await this.dialog().getByRole('textbox', { name: 'Filter log lines' }).fill(text);
  }

  async close(): Promise<void> {
    await this.dialog().getByRole('button', { name: 'Close session logs' }).click();
    await this.dialog().waitFor({ state: 'detached' });
  }
}
