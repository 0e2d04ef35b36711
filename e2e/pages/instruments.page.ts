/** Page object for the instruments view: every locator by role and accessible name. */
import { expect, type Locator, type Page } from '@playwright/test';
import { EditPanel } from './edit-panel.page.js';

export class InstrumentsPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Instruments' });
  }

  row(id: string): Locator {
    return this.table.locator(`tr[data-instrument-id="${id}"]`);
  }

  liveValue(id: string): Locator {
    return this.page.getByTestId(`value-${id}`);
  }

  /** Waits until the instrument shows a numeric reading (not the "—" placeholder). */
  async expectLiveValue(id: string): Promise<void> {
    await expect(this.liveValue(id)).toContainText(/\d/);
  }

  async addInstrument(id: string, type: string, params: Record<string, string>): Promise<void> {
    await this.page.getByRole('button', { name: 'Add instrument' }).click();
    const form = this.page.getByRole('form', { name: 'New instrument' });
    await form.getByLabel('Type', { exact: true }).selectOption(type);
    await form.getByLabel('Id', { exact: true }).fill(id);
    for (const [label, value] of Object.entries(params)) {
      const field = form.getByLabel(label, { exact: true });
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await form.getByRole('button', { name: 'Add', exact: true }).click();
  }

  /** The edit panel of one instrument (open it with `open()`). */
  editPanel(id: string): EditPanel {
    return new EditPanel(this.page, id);
  }

  /** Sets parameters in the edit panel, saves them with one Save and closes the panel. */
  async editParameters(id: string, values: Record<string, string>): Promise<void> {
    const panel = await this.editPanel(id).open();
    for (const [label, value] of Object.entries(values)) await panel.set(label, value);
    await panel.save();
    await panel.close();
  }

  async editParameter(id: string, label: string, value: string): Promise<void> {
    await this.editParameters(id, { [label]: value });
  }

  removeDialog(id: string): Locator {
    return this.page.getByRole('dialog', { name: `Remove instrument ${id}` });
  }

  async openRemove(id: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Remove ${id}`, exact: true }).click();
    const dialog = this.removeDialog(id);
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** The "used by" cell of a row (its badges read "<module> (<role>)"). */
  usedBy(id: string): Locator {
    return this.row(id).locator('td.cell-used-by');
  }

  module(id: string): Locator {
    return this.page.getByRole('region', { name: 'Modules' }).locator(`[data-module-id="${id}"]`);
  }
}
