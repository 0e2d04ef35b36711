/**
 * Page object for the edit panel of one instrument: the dialog "Edit <id>", its fields by label,
 * Save / Stage, Revert, Close, the status line, the "Discard unsaved changes?" question and the
 * group a field shows when its value changed in the file meanwhile.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class EditPanel {
  constructor(
    readonly page: Page,
    readonly id: string,
  ) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: `Edit ${this.id}` });
  }

  get editButton(): Locator {
    return this.page.getByRole('button', { name: `Edit ${this.id}`, exact: true });
  }

  async open(): Promise<this> {
    await this.editButton.click();
    await expect(this.dialog).toBeVisible();
    return this;
  }

  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }

  /** Types into a field, or picks an option of a select by its words ("fast") or its code. */
  async set(label: string, value: string): Promise<void> {
    const field = this.field(label);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }

  button(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }

  /** The line beside the buttons: "2 unsaved changes", "Saved 2 changes.", … */
  get note(): Locator {
    return this.dialog.getByRole('status');
  }

  get discardQuestion(): Locator {
    return this.page.getByRole('alertdialog', { name: 'Discard unsaved changes?' });
  }

  /** The group a field shows when the file changed its value while it was being edited. */
  conflict(label: string): Locator {
    return this.dialog.getByRole('group', { name: `${label} changed in the file` });
  }

  /** Save, and wait until the panel says it is saved. */
  async save(): Promise<void> {
    await this.button('Save').click();
    await expect(this.note).toHaveText(/^Saved \d+ changes?/);
  }

  /** Stage (a change set takes changes), and wait until the panel says it is staged. */
  async stage(): Promise<void> {
    await this.button('Stage').click();
    await expect(this.note).toHaveText(/^Staged \d+ changes? into the change set/);
  }

  /** Close with nothing unsaved: the panel goes at once. */
  async close(): Promise<void> {
    await this.button('Close').click();
    await expect(this.dialog).toHaveCount(0);
  }
}
