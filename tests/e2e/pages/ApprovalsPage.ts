import type { Locator, Page } from 'playwright-core';

/** The Approvals dashboard: requests waiting for the approver, and what she decided. */
export class ApprovalsPage {
  constructor(readonly page: Page) {}

  pendingTable(): Locator {
    return this.page.getByRole('table', { name: 'Requests waiting for approval' });
  }

  decidedTable(): Locator {
    return this.page.getByRole('table', { name: 'Recently decided' });
  }

  async waitForLoaded(): Promise<void> {
    await this.pendingTable().waitFor();
    await this.page.waitForFunction(
      () =>
        !(document.querySelector('[data-testid="approvals-count"]')?.textContent ?? 'Loading').startsWith('Loading'),
    );
  }

  /** The waiting request whose cells contain all of the texts (ticket, requester…). */
  pending(...texts: string[]): Locator {
    let rows = this.pendingTable().locator('tbody tr[data-id]');
    for (const text of texts) rows = rows.filter({ hasText: text });
    return rows;
  }

  decided(id: string): Locator {
    return this.decidedTable().locator(`tbody tr[data-id="${id}"]`);
  }

  cell(row: Locator, field: string): Locator {
    return row.locator(`[data-field="${field}"]`);
  }

  /** Selects the requests, presses Approve or Deny, writes the comment and confirms. */
  async decide(rows: Locator[], decision: 'Approve' | 'Deny', comment: string): Promise<void> {
    for (const row of rows) await row.getByRole('checkbox').check();
    await this.page.getByRole('button', { name: decision, exact: true }).click();
    const n = rows.length;
    const dialog = this.page.getByRole('dialog', { name: `${decision} ${n} ${n === 1 ? 'request' : 'requests'}?` });
    await dialog.waitFor();
    if (comment) await dialog.getByRole('textbox').fill(comment);
    await dialog.getByRole('button', { name: `${decision} ${n} ${n === 1 ? 'request' : 'requests'}` }).click();
    await dialog.waitFor({ state: 'detached' });
  }
}
