/** An invalid config file at start-up: the app opens, shows each error with its place, and does not crash. */
import { join } from 'node:path';
import { expect, repoRoot, test } from '../fixtures.js';

test.use({ configSource: join(repoRoot, 'e2e/data/invalid-range.toml') });

test('shows the errors with line and column instead of crashing', async ({ appPage: page, app }, testInfo) => {
  const banner = page.getByRole('alert').filter({ hasText: 'Config file has errors' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(`${app.configPath}:12:1: out of range (0.1..1000000 Hz) (instruments.pm_sample.sample_rate_hz)`);
  await expect(page.getByRole('table', { name: 'Instruments' }).locator('tr[data-instrument-id]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('invalid-config.png'), fullPage: true });
});
