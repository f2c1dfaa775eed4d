import type { Locator, Page } from 'playwright-core';

/** The Activity Request window as a user fills it in. */
export class CreateSessionPage {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Create Session' });
  }

  async waitForOpen(): Promise<void> {
    await this.dialog().getByRole('combobox', { name: 'Activity' }).waitFor();
  }

  private async choose(label: string, option: string): Promise<void> {
    await this.dialog().getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option }).click();
  }

  async chooseActivity(name: string): Promise<void> {
    await this.choose('Activity', name);
  }

  async choosePolicy(name: string): Promise<void> {
    await this.choose('Access policy', name);
    await this.dialog().getByTestId('policy-summary').filter({ hasText: name }).waitFor();
  }

  async searchResources(text: string): Promise<void> {
    await this.dialog().getByRole('searchbox', { name: 'Search resources' }).fill(text);
  }

  async tickResource(name: string): Promise<void> {
    await this.dialog().getByRole('checkbox', { name, exact: true }).check();
  }

  field(label: string | RegExp): Locator {
    return this.dialog().getByRole('textbox', { name: label });
  }

  async fill(values: { duration?: string; ticket?: string; note?: string }): Promise<void> {
    if (values.duration !== undefined) await this.field(/^Duration/).fill(values.duration);
    if (values.ticket !== undefined) await this.field(/^Ticket number/).fill(values.ticket);
    if (values.note !== undefined) await this.field(/^Notes/).fill(values.note);
  }

  /** The explanation shown under a field (its helper text). */
  helpOf(label: string | RegExp): Locator {
    return this.dialog()
      .locator('.MuiFormControl-root')
      .filter({ has: this.page.getByLabel(label) })
      .locator('.MuiFormHelperText-root');
  }

  async submit(): Promise<void> {
    await this.dialog().getByRole('button', { name: 'Request Session' }).click();
  }
}
