/**
 * Page object for change sets: the header's "Start a change set", the staging tray beside the
 * content, and the "Stage …" variants of the instrument actions. Every locator by role and
 * accessible name.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { EditPanel } from './edit-panel.page.js';

/** The window sizes the tray must fit. */
export const TRAY_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

export class StagingTrayPage {
  constructor(readonly page: Page) {}

  get startButton(): Locator {
    return this.page.getByRole('button', { name: 'Start a change set' });
  }

  get tray(): Locator {
    return this.page.getByRole('complementary', { name: 'Change set' });
  }

  get operations(): Locator {
    return this.tray.getByRole('list', { name: 'Staged operations' }).getByRole('listitem');
  }

  /** The row of the staged operation whose words contain `text`. */
  operation(text: string): Locator {
    return this.operations.filter({ hasText: text });
  }

  /** The one-line verdict of the check ("Valid: ready to commit.", "1 problem: …"). */
  get verdict(): Locator {
    return this.tray.getByRole('status').filter({ hasText: /ready to commit|problem|Checking|Nothing staged/ });
  }

  get preview(): Locator {
    return this.tray.locator('details').filter({ hasText: 'What the commit writes to' });
  }

  button(name: string): Locator {
    return this.tray.getByRole('button', { name, exact: true });
  }

  async start(): Promise<void> {
    await this.startButton.click();
    await expect(this.tray).toBeVisible();
    await expect(this.tray).toContainText('Staging');
  }

  async unstage(text: string): Promise<void> {
    await this.operation(text).getByRole('button', { name: /^Unstage/ }).click();
    await expect(this.operation(text)).toHaveCount(0);
  }

  /** Stages a new instrument through the add form ("Stage instrument" instead of "Add"). */
  async stageAdd(id: string, type: string, params: Record<string, string>): Promise<void> {
    await this.page.getByRole('button', { name: 'Add instrument' }).click();
    const form = this.page.getByRole('form', { name: 'New instrument' });
    await form.getByLabel('Type', { exact: true }).selectOption(type);
    await form.getByLabel('Id', { exact: true }).fill(id);
    for (const [label, value] of Object.entries(params)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Stage instrument' }).click();
    await expect(form).toHaveCount(0);
  }

  /** Stages one parameter through the edit panel ("Stage" instead of "Save"), then closes it. */
  async stageEdit(id: string, label: string, value: string): Promise<void> {
    const panel = await new EditPanel(this.page, id).open();
    await panel.set(label, value);
    await panel.stage();
    await panel.close();
  }

  /** Stages a plain removal through the remove dialog. */
  async stageRemove(id: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${id}`, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: `Remove instrument ${id}` });
    await dialog.getByRole('button', { name: 'Stage removal', exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  /**
   * Screenshots at each tray viewport, attached to the report; at each size the tray's commit
   * buttons and the instruments' action buttons must be in view and not covered.
   */
  async shoot(testInfo: TestInfo, name: string, checks: { commit?: boolean; rowActions?: string } = {}): Promise<void> {
    for (const size of TRAY_VIEWPORTS) {
      await this.page.setViewportSize(size);
      if (checks.commit) {
        await expect(this.button('Discard')).toBeInViewport();
        await this.button('Discard').click({ trial: true });
      }
      if (checks.rowActions) {
        const edit = this.page.getByRole('button', { name: `Edit ${checks.rowActions}` });
        await edit.scrollIntoViewIfNeeded();
        await expect(edit).toBeInViewport();
        await edit.click({ trial: true });
      }
      // Show the table from its first column, as a person would see it, not where the checks scrolled it.
      await this.page.getByRole('table', { name: 'Instruments' }).evaluate((t) => t.parentElement?.scrollTo({ left: 0 }));
      const path = testInfo.outputPath(`${name}-${size.width}x${size.height}.png`);
      await this.page.screenshot({ path });
      await testInfo.attach(`${name} ${size.width}×${size.height}`, { path, contentType: 'image/png' });
    }
    await this.page.setViewportSize(TRAY_VIEWPORTS[0]);
  }
}
