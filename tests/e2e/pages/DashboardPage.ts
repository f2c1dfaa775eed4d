import type { Locator, Page } from 'playwright-core';

/** The Active Dashboard and the Sessions tab share one table; this object reads and drives it. */
export class DashboardPage {
  constructor(
    readonly page: Page,
    readonly title = 'Active Sessions',
  ) {}

  grid(): Locator {
    return this.page.getByRole('grid', { name: this.title });
  }

  async waitForLoaded(): Promise<void> {
    await this.grid().waitFor();
    await this.page.waitForFunction(() => {
      const count = document.querySelector('[data-testid="row-count"]')?.textContent ?? '';
      return count !== '' && !count.startsWith('Loading');
    });
  }

  rows(): Locator {
    return this.grid().locator('[role="row"][data-id]');
  }

  /** The row whose cells contain all of the given texts (host, activity…). */
  row(...texts: string[]): Locator {
    let rows = this.rows();
    for (const text of texts) rows = rows.filter({ hasText: text });
    return rows;
  }

  cell(row: Locator, field: string): Locator {
    return row.locator(`[role="gridcell"][data-field="${field}"]`);
  }

  async columnTexts(field: string): Promise<string[]> {
    return this.grid().locator(`[role="row"][data-id] [data-field="${field}"]`).allInnerTexts();
  }

  /** The titles of the data columns, left to right (not the checkbox and expand columns). */
  async headers(): Promise<string[]> {
    const headers = this.grid().locator(
      '[role="columnheader"]:not([data-field="__check__"]):not([data-field="__details__"]):not([data-field="__credentials__"])',
    );
    return (await headers.allInnerTexts()).map((text) => text.trim());
  }

  async statuses(): Promise<string[]> {
    return (await this.columnTexts('status')).map((text) => text.trim());
  }

  /** A column header by its field (its accessible name changes with the sort state). */
  header(field: string): Locator {
    return this.grid().locator(`[role="columnheader"][data-field="${field}"]`);
  }

  rowCountText(): Locator {
    return this.page.getByTestId('row-count');
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search' }).fill(text);
  }

  async searchResource(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Resource Name' }).fill(text);
  }

  /**
   * Ticks the row's checkbox. A click the grid swallowed while it re-rendered the row (a live update landing
   * at that moment; Playwright's check() then fails at once) is tried again, but only once the box has stayed
   * unticked for 3 s, so a slow first click is not undone by a second.
   */
  async select(row: Locator): Promise<void> {
    const box = row.getByRole('checkbox');
    for (let attempt = 1; ; attempt += 1) {
      if (await box.isChecked()) return;
      await box.click();
      // Asked of the row again each time (the grid may have replaced the input), for up to 3 s.
      for (const deadline = Date.now() + 3_000; Date.now() < deadline; await this.page.waitForTimeout(50))
        if (await box.isChecked()) return;
      if (attempt === 3) throw new Error('the row stayed unselected after three clicks');
    }
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  statusBar(): Locator {
    return this.page.getByRole('status', { name: 'Connection status' });
  }

  async openView(): Promise<Locator> {
    await this.button('View').click();
    const dialog = this.page.getByRole('dialog', { name: 'Columns' });
    await dialog.waitFor();
    return dialog;
  }

  async columnWidth(field: string): Promise<number> {
    const box = await this.header(field).boundingBox();
    if (!box) throw new Error(`column ${field} is not visible`);
    return box.width;
  }

  /** Drags the separator on the right edge of a column header, as a user resizes a column. */
  async dragColumnEdge(field: string, byPixels: number): Promise<void> {
    const separator = this.header(field).locator('.MuiDataGrid-columnSeparator');
    const box = await separator.boundingBox();
    if (!box) throw new Error(`no resize handle on ${field}`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + byPixels / 2, y, { steps: 4 });
    await this.page.mouse.move(x + byPixels, y, { steps: 4 });
    await this.page.mouse.up();
  }
}
