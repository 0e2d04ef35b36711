/**
 * Removing an instrument that modules use, against browser mode: the dialog names each module
 * and role (and whether the module runs), and each way out does what it says — Cancel, Remove
 * anyway, Remove with its modules (refreshed when the dependents changed meanwhile), Reassign
 * and remove (only capable instruments offered). Table badges and modules follow.
 */
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { expect, repoRoot, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/bench-mock.toml') });

test('the dialog names each module and role; Cancel keeps everything', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('meter_a');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'watch' })).toContainText('power_meter');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'scan' })).toContainText('detector');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'watch' })).toContainText('idle');
  await expect(dialog.getByRole('button', { name: 'Remove', exact: true })).toHaveCount(0);
  for (const name of ['Remove anyway', 'Remove with its modules', 'Reassign and remove']) {
    await expect(dialog.getByRole('button', { name })).toBeVisible();
  }
  await appPage.screenshot({ path: testInfo.outputPath('dependents-dialog.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(view.row('meter_a')).toContainText('running');
  await expect(view.usedBy('meter_a')).toContainText('watch (power_meter)');
  await expect(view.usedBy('meter_a')).toContainText('scan (detector)');
});

test('an unused instrument offers a plain "Remove"', async ({ appPage }) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('signal');
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(view.row('signal')).toHaveCount(0);
});

test('"Remove anyway" leaves the roles empty and the modules degraded with the reason', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('meter_a');
  await dialog.getByRole('button', { name: 'Remove anyway' }).click();
  await expect(view.row('meter_a')).toHaveCount(0);
  await expect(view.module('watch')).toContainText('degraded');
  await expect(view.module('watch')).toContainText('role "power_meter" lost instrument "meter_a"');
  await expect(view.module('scan')).toContainText('degraded');
  await expect(appPage.getByRole('combobox', { name: 'power_meter of watch' })).toHaveValue('');
  await appPage.screenshot({ path: testInfo.outputPath('removed-anyway.png'), fullPage: true });
});

test('"Remove with its modules" removes exactly the modules listed', async ({ appPage }) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('stage');
  await expect(dialog).toContainText('Also removes modules imaging and scan.');
  await dialog.getByRole('button', { name: 'Remove with its modules' }).click();
  await expect(view.row('stage')).toHaveCount(0);
  await expect(view.module('scan')).toHaveCount(0);
  await expect(view.module('imaging')).toHaveCount(0);
  await expect(view.module('watch')).toHaveCount(1);
  // The badges of the instruments those modules also used go with them.
  await expect(view.usedBy('meter_a')).toHaveText('watch (power_meter)');
  await expect(view.usedBy('cam')).toHaveText('—');
});

test('when the dependents change meanwhile, the dialog refreshes its list and says so', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('stage');
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  // Someone assigns the stage to another module in the config file while the dialog is open;
  // hot reload applies it.
  const text = await readFile(app.configPath, 'utf8');
  await writeFile(app.configPath, text.replace('  detector = "meter_b"', '  detector = "meter_b"\n  rotator = "stage"'));
  await expect(view.usedBy('stage')).toContainText('spare_scan (rotator)');

  await dialog.getByRole('button', { name: 'Remove with its modules' }).click();
  await expect(dialog.getByRole('alert')).toContainText('changed since this dialog opened');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'spare_scan' })).toContainText('rotator');
  await expect(view.row('stage')).toHaveCount(1);
  await appPage.screenshot({ path: testInfo.outputPath('dependents-changed.png') });
  await dialog.getByRole('button', { name: 'Remove with its modules' }).click();
  await expect(view.row('stage')).toHaveCount(0);
  for (const id of ['scan', 'imaging', 'spare_scan']) await expect(view.module(id)).toHaveCount(0);
});

test('"Reassign and remove" moves each role to a capable instrument, running modules included', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await appPage.getByRole('button', { name: 'Start watch' }).click();
  await expect(view.module('watch')).toContainText('running');
  const dialog = await view.openRemove('meter_a');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'watch' })).toContainText('running');
  const reassign = dialog.getByRole('button', { name: 'Reassign and remove' });
  await expect(reassign).toBeDisabled();
  // Only the other power meters are offered for a power-meter role.
  const forWatch = dialog.getByLabel('New power_meter for watch');
  await expect(forWatch.locator('option')).toHaveText(['choose an instrument…', 'meter_b — Meter B']);
  await forWatch.selectOption('meter_b');
  await expect(reassign).toBeDisabled();
  await dialog.getByLabel('New detector for scan').selectOption('meter_b');
  await expect(reassign).toBeEnabled();
  await appPage.screenshot({ path: testInfo.outputPath('reassign-dialog.png') });
  await reassign.click();
  await expect(view.row('meter_a')).toHaveCount(0);
  await expect(view.usedBy('meter_b')).toContainText('watch (power_meter)');
  await expect(view.usedBy('meter_b')).toContainText('scan (detector)');
  await expect(view.usedBy('meter_b')).toContainText('spare_scan (detector)');
  await expect(appPage.getByRole('combobox', { name: 'power_meter of watch' })).toHaveValue('meter_b');
  await expect(view.module('watch')).toContainText('running');
});

test('a role no other instrument can fill is named, and reassigning is not offered', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const dialog = await view.openRemove('cam');
  await expect(dialog).toContainText('No other instrument can be camera (it needs camera).');
  await expect(dialog.getByRole('button', { name: 'Reassign and remove' })).toBeDisabled();
  await appPage.screenshot({ path: testInfo.outputPath('no-capable-instrument.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(view.row('cam')).toHaveCount(1);
});
