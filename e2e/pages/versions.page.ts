/**
 * Page object for config versions: the header's "Versions" and "Undo last change", the Versions
 * view (timeline, comparison, labels, snapshots), the restore dialog and its notice. Every
 * locator by role and accessible name.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** The window sizes the view and the dialog must fit. */
export const VERSIONS_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

export class VersionsPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByRole('dialog', { name: 'Versions' });
  }

  get rows(): Locator {
    return this.view.getByRole('list', { name: 'Config versions' }).getByRole('listitem');
  }

  /** The timeline row whose words contain `text` (the change that followed the version). */
  row(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text });
  }

  get comparison(): Locator {
    return this.view.getByRole('region', { name: 'Comparison' });
  }

  get diff(): Locator {
    return this.comparison.getByRole('region', { name: 'Line diff' });
  }

  get whatChanged(): Locator {
    return this.comparison.getByRole('list', { name: 'What changed' });
  }

  get restoreDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^(Restore the version|Undo last change)/ });
  }

  /** The notice after a restore, wherever it shows (in the view while open, under the header otherwise). */
  get notice(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(Restored|Undid|Undone)/ });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Versions', exact: true }).click();
    await expect(this.view).toBeVisible();
    await expect(this.rows.first()).toBeVisible();
  }

  async close(): Promise<void> {
    await this.view.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(this.view).toHaveCount(0);
  }

  /** Ticks (or unticks) the row's "Compare" box. */
  async tick(row: Locator): Promise<void> {
    await row.getByRole('checkbox', { name: /^Compare the version of/ }).click();
  }

  /** Screenshots at each viewport, attached to the report, after checking `mustSee` is in view and not covered. */
  async shoot(testInfo: TestInfo, name: string, mustSee: Locator[] = []): Promise<void> {
    for (const size of VERSIONS_VIEWPORTS) {
      await this.page.setViewportSize(size);
      for (const target of mustSee) {
        await target.scrollIntoViewIfNeeded();
        await expect(target).toBeInViewport();
        await target.click({ trial: true });
      }
      const path = testInfo.outputPath(`${name}-${size.width}x${size.height}.png`);
      await this.page.screenshot({ path });
      await testInfo.attach(`${name} ${size.width}×${size.height}`, { path, contentType: 'image/png' });
    }
    await this.page.setViewportSize(VERSIONS_VIEWPORTS[0]);
  }
}
