/**
 * Config versions in the GUI, against browser mode: a parameter changed in the table leaves a
 * version of the file before it; the Versions view compares it with the current file (the diff
 * shows the old and the new line, the summary the old → new value), labels it, and restores it
 * through a dialog that says first what will change — the table follows, and the notice's Undo
 * takes it back. "Undo last change" does the same from the header.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, repoRoot, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';
import { VERSIONS_VIEWPORTS, VersionsPage } from '../pages/versions.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/bench-mock.toml'), viewport: VERSIONS_VIEWPORTS[0] });

const sampleRateLine = (hz: number) => new RegExp(`\\[instruments\\.meter_a\\][^[]*^sample_rate_hz = ${hz}(\\.0)?\\b`, 'm');

test('compare the version before a change with the current file, label it, restore it, and undo the restore', async ({ appPage, app }, testInfo) => {
  test.setTimeout(90_000);
  const table = new InstrumentsPage(appPage);
  const versions = new VersionsPage(appPage);

  await table.editParameter('meter_a', 'Sample rate', '4');
  await expect(table.row('meter_a')).toContainText(/Sample rate\s*4 Hz/);
  await expect.poll(() => readFile(app.configPath, 'utf8')).toMatch(sampleRateLine(4));

  await versions.open();
  const before = versions.row('set instruments.meter_a.sample_rate_hz');
  await expect(before).toContainText('GUI');
  await expect(before).toContainText(/Today \d\d:\d\d:\d\d/);
  await versions.tick(before);
  await expect(versions.comparison).toContainText('Right (newer): the current file');
  await expect(versions.diff).toContainText('sample_rate_hz = 5.0');
  await expect(versions.diff).toContainText('sample_rate_hz = 4.0');
  await expect(versions.diff.locator('.d2h-file-side-diff')).toHaveCount(2);
  await expect(versions.whatChanged).toContainText('Instruments changed');
  await expect(versions.whatChanged).toContainText(/meter_a\s*sample_rate_hz 5 → 4/);
  await versions.shoot(testInfo, 'compare-side-by-side', [versions.diff]);

  await versions.comparison.getByRole('button', { name: 'Line by line' }).click();
  await expect(versions.diff.locator('.d2h-file-side-diff')).toHaveCount(0);
  await expect(versions.diff).toContainText('sample_rate_hz = 5.0');

  // A label the core would refuse is caught before it is sent; a good one renames the version.
  await before.getByRole('button', { name: /^Label the version of/ }).click();
  const labelForm = before.getByRole('form', { name: 'Version label' });
  await labelForm.getByRole('textbox').fill('before retune');
  await labelForm.getByRole('button', { name: 'Save label' }).click();
  await expect(labelForm.getByRole('alert')).toHaveText('Only letters, digits, _ and - (no spaces).');
  await versions.shoot(testInfo, 'label-refused', [labelForm.getByRole('button', { name: 'Save label' })]);
  await labelForm.getByRole('textbox').fill('before_retune');
  await labelForm.getByRole('button', { name: 'Save label' }).click();
  await expect(labelForm).toHaveCount(0);
  const labelled = versions.row('before_retune');
  await expect(labelled).toContainText('set instruments.meter_a.sample_rate_hz');
  // The comparison follows the version to its new id.
  await expect(versions.comparison).toContainText('Left (older): before_retune');
  await expect(versions.diff).toContainText('sample_rate_hz = 4.0');

  await labelled.getByRole('button', { name: /^Restore the version of/ }).click();
  const dialog = versions.restoreDialog;
  await expect(dialog).toHaveAccessibleName(/^Restore the version "before_retune" of Today/);
  const effects = dialog.getByRole('list', { name: 'What restoring changes' });
  await expect(effects).toContainText('Instruments to be retuned');
  await expect(effects).toContainText(/meter_a\s*sample_rate_hz 4 → 5/);
  // Nothing has happened yet.
  await expect.poll(() => readFile(app.configPath, 'utf8')).toMatch(sampleRateLine(4));
  await versions.shoot(testInfo, 'restore-dialog', [dialog.getByRole('button', { name: 'Restore', exact: true })]);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(versions.notice).toContainText('Restored "before_retune"');
  await expect(versions.notice).toContainText('meter_a.sample_rate_hz 4 → 5');
  await expect(versions.row('rollback: meter_a.sample_rate_hz 4 → 5')).toContainText('rollback');
  await versions.close();

  await expect(table.row('meter_a')).toContainText(/Sample rate\s*5 Hz/);
  await expect.poll(() => readFile(app.configPath, 'utf8')).toMatch(sampleRateLine(5));
  await versions.shoot(testInfo, 'restored-notice', [versions.notice.getByRole('button', { name: 'Undo' })]);

  await versions.notice.getByRole('button', { name: 'Undo' }).click();
  await expect(versions.notice).toContainText('Undone');
  await expect(table.row('meter_a')).toContainText(/Sample rate\s*4 Hz/);
  await expect.poll(() => readFile(app.configPath, 'utf8')).toMatch(sampleRateLine(4));
});

test('"Undo last change" shows what it will change, then goes back in one click; a snapshot keeps a labelled version; Undo undoes the undo', async ({ appPage, app }, testInfo) => {
  const table = new InstrumentsPage(appPage);
  const versions = new VersionsPage(appPage);
  const original = await readFile(app.configPath);

  await table.editParameter('meter_a', 'Sample rate', '3');
  await expect(table.row('meter_a')).toContainText(/Sample rate\s*3 Hz/);

  await appPage.getByRole('button', { name: 'Undo last change' }).click();
  const dialog = versions.restoreDialog;
  await expect(dialog).toHaveAccessibleName('Undo last change');
  await expect(dialog).toContainText('before the latest change (set instruments.meter_a.sample_rate_hz; GUI');
  await expect(dialog.getByRole('list', { name: 'What restoring changes' })).toContainText(/meter_a\s*sample_rate_hz 3 → 5/);
  await versions.shoot(testInfo, 'undo-last-dialog', [dialog.getByRole('button', { name: 'Restore', exact: true })]);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();

  await expect(dialog).toHaveCount(0);
  await expect(versions.notice).toContainText('Undid the last change: meter_a.sample_rate_hz 3 → 5.');
  await expect(table.row('meter_a')).toContainText(/Sample rate\s*5 Hz/);
  await expect.poll(() => readFile(app.configPath)).toEqual(original);

  await versions.open();
  const form = versions.view.getByRole('form', { name: 'Take snapshot' });
  await form.getByLabel('Label').fill('bench_ok');
  await form.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(form.getByRole('status')).toHaveText(/^(Snapshot kept as "bench_ok"\.|The newest version already holds this file; it is labelled "bench_ok"\.)$/);
  await expect(versions.row('bench_ok')).toHaveCount(1);
  await versions.shoot(testInfo, 'versions-with-snapshot');

  // A snapshot changes nothing in the file: the notice's Undo still goes back in one click.
  await versions.notice.getByRole('button', { name: 'Undo' }).click();
  await expect(versions.notice).toContainText('Undone');
  await versions.close();
  await expect(table.row('meter_a')).toContainText(/Sample rate\s*3 Hz/);
});
