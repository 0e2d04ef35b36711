/**
 * Writing changes back to the config file, against browser mode: an edit made in the GUI lands
 * in the file with its comments kept; while the file is read-only the status bar says how many
 * changes are not saved and why, and "Save to file" writes them once it is writable again.
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, repoRoot, test } from '../fixtures.js';
import { ConfigFilePage } from '../pages/config-file.page.js';
import { InstrumentsPage } from '../pages/instruments.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/bench-mock.toml') });

test('an edit in the GUI lands in the file with its comments kept', async ({ appPage, app }) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  await view.editParameter('signal', 'Amplitude', '2.5');
  await expect.poll(() => file.read()).toMatch(/^amplitude = 2\.5\s+# V\b/m);
  const text = await file.read();
  expect(text).toContain('# A small bench of software sources');
  expect(text).toContain('[instruments.signal]                # synthetic sine/cosine, used by nothing');
  expect(text).toContain('sample_rate_hz = 10.0               # Hz');
  await expect(file.notSaved).toHaveCount(0);
});

test('a read-only file shows "not saved to file" until "Save to file" writes it', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  await chmod(app.configPath, 0o444);
  await view.editParameter('signal', 'Amplitude', '3');
  await expect(file.notSaved).toContainText(/1 change not saved to file: .*read-only/);
  // The change is live in the app all the same.
  await expect(view.row('signal')).toContainText(/Amplitude\s*3(?![\d.])/);
  expect(await file.read()).toMatch(/^amplitude = 1\.0\b/m);
  await appPage.screenshot({ path: testInfo.outputPath('not-saved.png') });

  // Still read-only: saving fails visibly and the indicator stays.
  await file.save();
  await expect(appPage.getByRole('alert').filter({ hasText: 'Save to file failed' })).toBeVisible();
  await expect(file.notSaved).toBeVisible();

  await chmod(app.configPath, 0o644);
  await file.save();
  await expect(file.notSaved).toHaveCount(0);
  await expect(file.saveButton).toHaveCount(0);
  expect(await file.read()).toMatch(/^amplitude = 3(\.0)?\s+# V\b/m);
});
