/**
 * The instruments view against browser mode in Chromium: the default bench loads with live
 * values, an instrument is added through the form, a parameter edited in its panel, one removed with
 * the dialog, and an in-use one refused until forced.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';

const defaultIds = ['signal_gen', 'pm_sample', 'pm_reference', 'ti_sapph', 'hwp_rotator', 'xyz_stage', 'camera'];

test('loads the default config and shows every instrument with a live value', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await expect(view.table.locator('tr[data-instrument-id]')).toHaveCount(defaultIds.length);
  for (const id of defaultIds) {
    await expect(view.row(id)).toContainText('running');
    await view.expectLiveValue(id);
  }
  await appPage.screenshot({ path: testInfo.outputPath('default-bench.png'), fullPage: true });
});

test('adds an instrument through the form; it streams', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await view.addInstrument('probe_2', 'mock', { 'Sample rate': '25' });
  await expect(view.row('probe_2')).toContainText('running');
  await view.expectLiveValue('probe_2');
  await appPage.screenshot({ path: testInfo.outputPath('added.png'), fullPage: true });
});

test('refuses an invalid value inline and sends nothing', async ({ appPage }) => {
  const view = new InstrumentsPage(appPage);
  await appPage.getByRole('button', { name: 'Add instrument' }).click();
  const form = appPage.getByRole('form', { name: 'New instrument' });
  await form.getByLabel('Id', { exact: true }).fill('bad id!');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form).toContainText('use 1-64 letters, digits, _ or -');
  await expect(view.table.locator('tr[data-instrument-id]')).toHaveCount(defaultIds.length);
});

test('edits a parameter in the panel; the running instrument takes it and the file keeps it', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await view.editParameter('pm_reference', 'Wavelength', '780');
  await expect(view.row('pm_reference')).toContainText(/Wavelength\s*780(?!\d)/);
  await expect.poll(async () => readFile(app.configPath, 'utf8')).toMatch(/\[instruments\.pm_reference\][\s\S]*?wavelength = 780\.0/);
  await appPage.screenshot({ path: testInfo.outputPath('edited.png'), fullPage: true });
});

test('removes an unused instrument with the confirmation dialog', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('signal_gen');
  await appPage.screenshot({ path: testInfo.outputPath('remove-dialog.png') });
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(view.row('signal_gen')).toHaveCount(0);
});

test('cancel keeps the instrument', async ({ appPage }) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('camera');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(view.row('camera')).toHaveCount(1);
});

test('an in-use instrument names its module and role and goes only when forced', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await expect(view.row('pm_sample')).toContainText('power_watch (power_meter)');
  const dialog = await view.openRemove('pm_sample');
  await expect(dialog).toContainText('power_watch');
  await expect(dialog).toContainText('power_meter');
  await appPage.screenshot({ path: testInfo.outputPath('in-use-dialog.png') });
  await dialog.getByRole('button', { name: 'Remove anyway' }).click();
  await expect(view.row('pm_sample')).toHaveCount(0);
  const module = appPage.getByRole('region', { name: 'Modules' }).locator('[data-module-id="power_watch"]');
  await expect(module).toContainText('degraded');
});
