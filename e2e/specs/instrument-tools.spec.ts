/**
 * The instrument tools around the table, against browser mode on the simulated bench: device
 * actions in the edit panel (arguments checked in the form, a notice when done, IN_USE shown
 * at the action while a scan owns the rotator), the larger live trend plot behind a row's
 * trend line, and a newly added row brought into view and highlighted.
 */
import { join } from 'node:path';
import { expect, repoRoot, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';
import { ModulesPage } from '../pages/modules.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/pol-scan-bench.toml') });

test('"Move to" turns the rotator after its arguments pass the form; a running scan refuses it with IN_USE', async ({ appPage }, testInfo) => {
  const instruments = new InstrumentsPage(appPage);
  const panel = await instruments.editPanel('hwp_rotator').open();
  const moveTo = panel.dialog.getByRole('form', { name: 'Move to hwp_rotator' });
  await expect(moveTo.getByLabel('Bus address')).toHaveValue('0');
  await moveTo.getByLabel('Angle (deg)').fill('400');
  await moveTo.getByRole('button', { name: 'Move to' }).click();
  await expect(moveTo).toContainText('360');
  await moveTo.getByLabel('Angle (deg)').fill('30');
  await moveTo.getByRole('button', { name: 'Move to' }).click();
  await expect(moveTo).toContainText('Move to done on hwp_rotator');
  // The mount reports where it arrived: within a hair of 30 deg.
  await expect.poll(async () => Math.abs(parseFloat((await instruments.liveValue('hwp_rotator').textContent()) ?? '') - 30)).toBeLessThan(0.1);
  await panel.close();

  const modules = new ModulesPage(appPage);
  await modules.start('long_scan');
  await instruments.editPanel('hwp_rotator').open();
  const home = panel.dialog.getByRole('form', { name: 'Home hwp_rotator' });
  await home.getByRole('button', { name: 'Home' }).click();
  await expect(home.getByRole('alert')).toContainText('In use: instrument "hwp_rotator" is moved by module "long_scan"');
  await appPage.screenshot({ path: testInfo.outputPath('device-action-in-use.png') });
  await panel.close();
  await modules.stopButton('long_scan').click();
});

test('a row\'s trend line opens a live plot with a selectable time window', async ({ appPage }, testInfo) => {
  const instruments = new InstrumentsPage(appPage);
  await instruments.expectLiveValue('pm_reference');
  await appPage.getByRole('button', { name: 'Trend of pm_reference', exact: true }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Trend of pm_reference' });
  await expect(dialog).toBeVisible();
  const plot = dialog.getByRole('figure', { name: 'Trend plot of pm_reference' });
  await expect(plot.locator('canvas')).toHaveCount(1);
  await expect(plot).toContainText('power (W)');
  await expect.poll(async () => Number(await plot.getAttribute('data-points'))).toBeGreaterThan(3);
  await dialog.getByLabel('Time window').selectOption('30 s');
  await expect(dialog.getByLabel('Time window')).toHaveValue('30000');
  await appPage.screenshot({ path: testInfo.outputPath('trend-dialog.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('a new instrument row is brought into view and highlighted', async ({ appPage }, testInfo) => {
  const instruments = new InstrumentsPage(appPage);
  await appPage.setViewportSize({ width: 1280, height: 500 });
  await instruments.addInstrument('extra_signal', 'mock', { 'Sample rate': '5' });
  const row = instruments.row('extra_signal');
  await expect(row).toHaveClass(/row-added/);
  await expect(row).toBeInViewport();
  await appPage.screenshot({ path: testInfo.outputPath('new-row-highlighted.png') });
});
