/**
 * Page object for what the app says about its config file: the hot-reload banners and notice,
 * the "not saved to file" indicator and the file buttons of the status bar. Also edits the
 * file on disk the way an operator's editor would.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';

export class ConfigFilePage {
  constructor(
    readonly page: Page,
    readonly path: string,
  ) {}

  get notAppliedBanner(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Config file not applied' });
  }

  get missingBanner(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Config file missing' });
  }

  /** The reload notice ("Reloaded from file: …", "Config file read again: …"). */
  get reloadNotice(): Locator {
    return this.page.getByRole('status').filter({ hasText: /Reloaded from file|Config file read again|Edited while the app was closed/ });
  }

  /** The status bar's indicator (a change's own notice may say "not saved to file" too). */
  get notSaved(): Locator {
    return this.page.getByRole('contentinfo').getByRole('status').filter({ hasText: 'not saved to file' });
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: 'Save to file' });
  }

  /**
   * "Save to file", activated from the keyboard. A successful save removes the button within
   * milliseconds, and a mouse click's after-the-fact target check can then see it gone and click
   * again on nothing; Enter on the focused button acts once and checks nothing afterwards.
   */
  async save(): Promise<void> {
    await this.saveButton.press('Enter');
  }

  get reloadButton(): Locator {
    return this.page.getByRole('button', { name: 'Reload from file' });
  }

  read(): Promise<string> {
    return readFile(this.path, 'utf8');
  }

  write(text: string): Promise<void> {
    return writeFile(this.path, text, 'utf8');
  }

  /** Replaces one exact piece of the file (it must be there) and saves. */
  async replace(from: string, to: string): Promise<void> {
    const text = await this.read();
    if (!text.includes(from)) throw new Error(`the config file has no ${JSON.stringify(from)}`);
    await this.write(text.replace(from, to));
  }

  /** The 1-based line of the first line containing `fragment`. */
  async lineOf(fragment: string): Promise<number> {
    const index = (await this.read()).split('\n').findIndex((l) => l.includes(fragment));
    if (index < 0) throw new Error(`the config file has no line with ${JSON.stringify(fragment)}`);
    return index + 1;
  }
}
