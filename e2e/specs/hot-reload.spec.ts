/**
 * Hot reload against browser mode: the config file is edited on disk while the app is open,
 * and the app follows without a click — changed parameters, added and removed instruments, an
 * invalid edit (banner with file:line:column, cleared once fixed), a deleted file (banner,
 * cleared once restored).
 */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { expect, repoRoot, test } from '../fixtures.js';
import { ConfigFilePage } from '../pages/config-file.page.js';
import { InstrumentsPage } from '../pages/instruments.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/bench-mock.toml') });

const extraMeter = `
[instruments.extra_meter]           # added by hand while the app runs
type = "mock"
name = "Extra meter"
profile = "power_meter"
sample_rate_hz = 4.0
`;

test('a parameter edited in the file shows in the table without a click', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  await expect(view.row('signal')).toContainText(/Amplitude\s*1(?![\d.])/);
  await file.replace('amplitude = 1.0 ', 'amplitude = 3.5 ');
  await expect(view.row('signal')).toContainText(/Amplitude\s*3\.5/);
  await expect(file.reloadNotice).toContainText('Reloaded from file:');
  await expect(file.reloadNotice).toContainText('signal');
  await expect(file.notAppliedBanner).toHaveCount(0);
  await appPage.screenshot({ path: testInfo.outputPath('reloaded-parameter.png') });
});

test('an instrument added to the file appears and streams; removing it takes it away', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  const before = await file.read();
  await file.write(before + extraMeter);
  await expect(view.row('extra_meter')).toContainText('running');
  await view.expectLiveValue('extra_meter');
  await expect(file.reloadNotice).toContainText('extra_meter');
  await appPage.screenshot({ path: testInfo.outputPath('reloaded-added.png') });
  await file.write(before);
  await expect(view.row('extra_meter')).toHaveCount(0);
  await expect(view.row('signal')).toContainText('running');
});

test('an invalid edit shows the banner with its line; fixing it clears the banner', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  const good = await file.read();
  await file.replace('sample_rate_hz = 10.0 ', 'sample_rate_hz = -3.0 ');
  const line = await file.lineOf('sample_rate_hz = -3.0');
  await expect(file.notAppliedBanner).toBeVisible();
  await expect(file.notAppliedBanner).toContainText(`${app.configPath}:${line}:`);
  await expect(file.notAppliedBanner).toContainText('instruments.signal.sample_rate_hz');
  // The running configuration is kept meanwhile.
  await expect(view.row('signal')).toContainText(/Sample rate\s*10 Hz/);
  await appPage.screenshot({ path: testInfo.outputPath('reload-failed.png') });

  // A syntax error is pinned to its line too.
  await file.write(good.replace('amplitude = 1.0 ', 'amplitude = = 2 '));
  const syntaxLine = await file.lineOf('amplitude = = 2');
  await expect(file.notAppliedBanner).toContainText(`${app.configPath}:${syntaxLine}:`);

  await file.write(good);
  await expect(file.notAppliedBanner).toHaveCount(0);
  await expect(view.row('signal')).toContainText('running');
});

test('a deleted config file shows "Config file missing" until it is restored', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  const good = await file.read();
  await rm(app.configPath);
  await expect(file.missingBanner).toBeVisible();
  await expect(file.missingBanner).toContainText(app.configPath);
  // Nothing is torn down: the instruments keep running on the configuration in memory.
  await expect(view.row('meter_a')).toContainText('running');
  await appPage.screenshot({ path: testInfo.outputPath('config-missing.png') });
  await file.write(good);
  await expect(file.missingBanner).toHaveCount(0);
});

test('"Reload from file" reads the file again on request', async ({ appPage, app }) => {
  const file = new ConfigFilePage(appPage, app.configPath);
  await file.reloadButton.click();
  await expect(file.reloadNotice).toContainText('Config file read again: no changes to apply');
  await appPage.getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(file.reloadNotice).toHaveCount(0);
});
