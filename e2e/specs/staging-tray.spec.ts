/**
 * Change sets in the GUI, against browser mode: while the staging tray is open, adding,
 * editing and removing stage instead of apply; the tray lists the operations in words, ties
 * each error to its row, previews the file, and commits them all at once (the table and the
 * file follow) or discards them (the file's bytes stay as they were). A commit with
 * confirmation counts down, survives a reload, and rolls back on request.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, repoRoot, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';
import { StagingTrayPage, TRAY_VIEWPORTS } from '../pages/staging-tray.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/bench-mock.toml'), viewport: TRAY_VIEWPORTS[0] });

test('three staged operations: the invalid one is marked on its row, replaced, and the set commits', async ({ appPage, app }, testInfo) => {
  test.setTimeout(90_000);
  const view = new InstrumentsPage(appPage);
  const staging = new StagingTrayPage(appPage);
  const original = await readFile(app.configPath);

  await staging.start();
  await staging.stageAdd('probe', 'mock', { 'Sample rate': '4' });
  await staging.stageRemove('signal');
  // Signal is removed earlier in the same change set: this edit cannot apply.
  await staging.stageEdit('signal', 'Amplitude', '2.5');

  await expect(staging.operations).toHaveText([/Add instrument probe \(mock\)/, /Remove instrument signal/, /Set signal\.amplitude → 2\.5/]);
  const invalid = staging.operation('Set signal.amplitude → 2.5');
  await expect(invalid).toContainText('no instrument "signal"');
  await expect(staging.operation('Add instrument probe')).not.toContainText('NOT_FOUND');
  await expect(staging.verdict).toHaveText(/^1 problem/);
  await expect(staging.button('Commit')).toBeDisabled();
  // Nothing is applied while staged.
  await expect(view.row('probe')).toHaveCount(0);
  await expect(view.row('signal')).toContainText('staged');
  expect(await readFile(app.configPath)).toEqual(original);
  await staging.shoot(testInfo, 'invalid-operation', { commit: true, rowActions: 'meter_b' });

  await staging.unstage('Set signal.amplitude');
  await staging.stageEdit('meter_b', 'Sample rate', '4');
  await expect(staging.operations).toHaveText([/Add instrument probe/, /Remove instrument signal/, /Set meter_b\.sample_rate_hz → 4/]);
  await expect(staging.verdict).toHaveText('Valid: ready to commit.');
  await expect(staging.preview).toContainText('[instruments.probe]');
  await expect(staging.preview).toContainText('# Removed: signal');
  await staging.shoot(testInfo, 'valid-with-preview', { commit: true });

  await staging.button('Commit').click();
  await expect(staging.tray.getByRole('status').filter({ hasText: 'Committed 3 changes.' })).toBeVisible();
  await expect(view.row('probe')).toContainText('running');
  await expect(view.row('signal')).toHaveCount(0);
  await expect(view.row('meter_b')).toContainText(/Sample rate\s*4 Hz/);
  const written = await readFile(app.configPath, 'utf8');
  expect(written).toMatch(/^\[instruments\.probe\]/m);
  expect(written).not.toMatch(/^\[instruments\.signal\]/m);
  expect(written).toMatch(/\[instruments\.meter_b\][^[]*^sample_rate_hz = 4(\.0)?\b/m);
  await staging.button('Close').click();
  await expect(staging.tray).toHaveCount(0);

  // A second change set, discarded: nothing changes, to the byte.
  const beforeDiscard = await readFile(app.configPath);
  await staging.start();
  await staging.stageRemove('probe');
  await appPage.getByRole('combobox', { name: 'rotator of spare_scan' }).selectOption('stage');
  await expect(staging.operations).toHaveText([/Remove instrument probe/, /Assign stage as rotator of spare_scan/]);
  await expect(view.module('spare_scan')).toContainText('staged');
  await staging.button('Discard').click();
  await expect(staging.tray.getByRole('status').filter({ hasText: 'nothing was applied' })).toBeVisible();
  await staging.shoot(testInfo, 'discarded');
  await expect(staging.tray).toHaveCount(0, { timeout: 15_000 }); // closes by itself
  expect(await readFile(app.configPath)).toEqual(beforeDiscard);
  await expect(view.row('probe')).toContainText('running');
  await expect(appPage.getByRole('combobox', { name: 'rotator of spare_scan' })).toHaveValue('');
});

test('with "Stage changes" off an edit applies at once; the open change set survives a reload', async ({ appPage, app }) => {
  // Two page loads, a check after every change and the 6 s the outcome stays shown: about 17 s
  // on a quiet machine, and past 30 s on a loaded one.
  test.setTimeout(60_000);
  const view = new InstrumentsPage(appPage);
  const staging = new StagingTrayPage(appPage);
  await staging.start();
  await staging.stageEdit('meter_a', 'Sample rate', '3');

  await staging.tray.getByRole('switch', { name: 'Stage changes' }).uncheck();
  await expect(staging.tray).toContainText('Applying directly');
  await view.editParameter('signal', 'Amplitude', '2.5');
  await expect.poll(() => readFile(app.configPath, 'utf8')).toMatch(/^amplitude = 2\.5\b/m);
  await expect(staging.operations).toHaveCount(1);

  await appPage.reload();
  await expect(staging.tray).toBeVisible();
  await expect(staging.operations).toHaveText([/Set meter_a\.sample_rate_hz → 3/]);
  // The direct edit moved the file on under the change set: its operation goes on top of it.
  await expect(staging.verdict).toHaveText('Valid with 1 warning: ready to commit.');
  await expect(staging.tray.getByRole('list', { name: 'Warnings' })).toContainText('instruments.signal.amplitude');
  // Undoing the direct edit leaves the change set open, and the dialog says how it is checked then.
  await appPage.getByRole('button', { name: 'Undo last change' }).click();
  const undo = appPage.getByRole('dialog', { name: 'Undo last change' });
  await expect(undo).toContainText('Your open change set (1 staged change) stays open.');
  await undo.getByRole('button', { name: 'Cancel' }).click();
  await expect(undo).toHaveCount(0);
  await staging.button('Discard').click();
  await expect(staging.tray).toHaveCount(0, { timeout: 15_000 });
});

test('a commit with confirmation counts down, survives a reload, and "Roll back now" restores the file', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const staging = new StagingTrayPage(appPage);
  const original = await readFile(app.configPath);
  await staging.start();
  await staging.stageRemove('signal');
  await expect(staging.verdict).toHaveText('Valid: ready to commit.');
  await staging.tray.getByRole('combobox', { name: 'Confirmation window' }).selectOption({ label: '5 min' });
  await staging.button('Commit with confirmation').click();

  const timer = staging.tray.getByRole('timer');
  await expect(timer).toHaveText(/Rolled back in [45]:\d\d/);
  await expect(view.row('signal')).toHaveCount(0);
  await staging.shoot(testInfo, 'waiting-for-confirmation');

  await appPage.reload();
  await expect(timer).toHaveText(/Rolled back in [45]:\d\d/);
  await staging.button('Roll back now').click();
  await expect(staging.tray.getByRole('status')).toContainText('Commit rolled back (rolled back on request)');
  await expect(view.row('signal')).toContainText('running');
  expect(await readFile(app.configPath)).toEqual(original);
  await staging.button('Close').click();
  await expect(staging.startButton).toBeVisible();
});
