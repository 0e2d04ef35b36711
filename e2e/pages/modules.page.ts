/** Page object for the modules region, its runs and plots, and the recordings list. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ModulesPage {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Modules' });
  }

  card(id: string): Locator {
    return this.region.locator(`[data-module-id="${id}"]`);
  }

  startButton(id: string): Locator {
    return this.page.getByRole('button', { name: `Start ${id}`, exact: true });
  }

  stopButton(id: string): Locator {
    return this.page.getByRole('button', { name: `Stop ${id}`, exact: true });
  }

  progress(id: string): Locator {
    return this.page.getByRole('progressbar', { name: `Progress of ${id}` });
  }

  run(id: string): Locator {
    return this.page.getByRole('group', { name: `Run of ${id}` });
  }

  /** The results figure: the plot (canvas and caption) or the figures list. */
  results(id: string): Locator {
    return this.page.getByRole('figure', { name: `Results of ${id}` });
  }

  state(id: string): Locator {
    return this.card(id).locator('.module-head .status');
  }

  async start(id: string): Promise<void> {
    await this.startButton(id).click();
    await expect(this.state(id)).not.toHaveText('idle');
  }

  /** The recording's file name the card shows. */
  async recordingFile(id: string): Promise<string> {
    const file = this.run(id).locator('.run-file code');
    await expect(file).toHaveText(/\.csv$/);
    return (await file.textContent()) ?? '';
  }

  get recordings(): Locator {
    return this.page.getByRole('region', { name: 'Recordings' });
  }

  recordingRow(file: string): Locator {
    return this.recordings.locator(`tr[data-recording$="${file}"]`);
  }
}
