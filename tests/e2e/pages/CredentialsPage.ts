import type { Locator, Page } from 'playwright-core';

/** The credential icons of a dashboard row, the reveal dialog, the clipboard notice and the quick finder. */
export class CredentialsPage {
  constructor(readonly page: Page) {}

  copyUsername(row: Locator): Locator {
    return row.getByRole('button', { name: /^Copy Username/ });
  }

  copyPassword(row: Locator): Locator {
    return row.getByRole('button', { name: /^Copy Password/ });
  }

  viewPassword(row: Locator): Locator {
    return row.getByRole('button', { name: /^View Password/ });
  }

  clipboardNotice(): Locator {
    return this.page.getByTestId('clipboard-status');
  }

  revealDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Password of / });
  }

  revealedPassword(): Locator {
    return this.page.getByTestId('revealed-password');
  }

  errorNotice(): Locator {
    return this.page.getByRole('status').filter({ hasText: /not copied|not shown/ });
  }

  finder(): Locator {
    return this.page.getByRole('dialog', { name: 'Quick finder' });
  }

  async openFinder(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.finder().waitFor();
  }

  reSignInDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Sign in again to continue' });
  }
}
