import type { Locator, Page } from 'playwright-core';

/** The History page as a user sees it: filters, the sync line, and the table of ended sessions. */
export class HistoryPageObject {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'History' }).click();
    await this.grid().waitFor();
  }

  grid(): Locator {
    return this.page.getByRole('grid', { name: 'Session History' });
  }

  syncState(): Locator {
    return this.page.getByTestId('history-sync-state');
  }

  /** The log cache's button: `Logs: <used> MB of <budget> MB`. */
  logCache(): Locator {
    return this.page.getByTestId('history-log-cache');
  }

  /** Opens the details of the row at `index` on the current page; resolves with the drawer. */
  async showDetails(index: number): Promise<Locator> {
    await this.grid().locator('.MuiDataGrid-row .details-button').nth(index).click();
    const drawer = this.page.getByRole('region', { name: 'Session details' });
    await drawer.waitFor();
    return drawer;
  }

  /** The number of matching sessions the page says (all pages). */
  async count(): Promise<number> {
    const text = await this.page.getByTestId('history-count').innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }

  /** The text of one column in every row on the current page. */
  column(field: string): Promise<string[]> {
    return this.grid().locator(`.MuiDataGrid-row [data-field="${field}"]`).allInnerTexts();
  }

  async pick(label: 'User' | 'Resource' | 'Type', value: string): Promise<void> {
    await this.page.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: value, exact: true }).click();
    await this.page.keyboard.press('Escape');
  }

  /** The first option a picker offers. */
  async firstOption(label: 'User' | 'Resource' | 'Type'): Promise<string> {
    await this.page.getByRole('combobox', { name: label }).click();
    const text = await this.page.getByRole('option').first().innerText();
    await this.page.keyboard.press('Escape');
    return text.trim();
  }

  async period(label: 'Any time' | 'Today' | 'Last 7 days' | 'Last 30 days' | 'Custom range'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Period' }).click();
    await this.page.getByRole('option', { name: label }).click();
  }

  async clearFilters(): Promise<void> {
    await this.page.getByRole('button', { name: 'Clear filters' }).click();
  }
}
