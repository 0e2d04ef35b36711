/**
 * Editing an instrument in its panel, against browser mode on the shipped config: two fields
 * saved by one Save land in the file together in one write; closing with unsaved changes asks,
 * Escape closes; a value the file changed meanwhile is shown and the panel asks which to keep;
 * and the table keeps every Edit and Remove button in view at 800 × 600 and 1280 × 800.
 */
import { readFile } from 'node:fs/promises';
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { ConfigFilePage } from '../pages/config-file.page.js';
import { FileWrites } from '../pages/file-writes.js';
import { InstrumentsPage } from '../pages/instruments.page.js';

/** The pm_reference table of the file, up to the next table. */
const referenceTable = (text: string): string => /\[instruments\.pm_reference\][^[]*/.exec(text)?.[0] ?? '';

test('two fields saved by one Save: both in the file, written once', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const panel = await view.editPanel('pm_reference').open();
  await expect(panel.dialog.getByRole('heading', { name: 'Edit pm_reference' })).toBeVisible();
  await expect(panel.dialog.locator('.edit-head .status')).toHaveText('running');
  // Codes are offered as words.
  await expect(panel.field('Filter').locator('option:checked')).toHaveText('fast');
  await expect(panel.field('Units').locator('option')).toHaveText(['W', 'dBm', 'dB', 'REL']);

  const writes = new FileWrites(app.configPath);
  try {
    await panel.set('Wavelength', '780');
    await panel.set('Filter', 'slow');
    await expect(panel.note).toHaveText('2 unsaved changes.');
    await appPage.screenshot({ path: testInfo.outputPath('edit-panel-two-changes.png') });
    await panel.save();
    await expect(panel.note).toHaveText('Saved 2 changes.');
    await expect.poll(async () => referenceTable(await readFile(app.configPath, 'utf8'))).toMatch(/wavelength = 780\.0\b[\s\S]*filter = 1\b/);
    // The panel said "Saved" after the core answered, and the answer comes after the write.
    expect(writes.count()).toBe(1);
  } finally {
    writes.stop();
  }
  await panel.close();
  await expect(view.row('pm_reference')).toContainText(/Wavelength\s*780 nm/);
  await expect(view.row('pm_reference')).toContainText(/Filter\s*slow/);
});

test('closing with unsaved changes asks first; Escape closes', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const panel = await view.editPanel('signal_gen').open();
  await panel.set('Amplitude', '2.5');

  await appPage.keyboard.press('Escape');
  await expect(panel.discardQuestion).toBeVisible();
  await expect(panel.discardQuestion).toContainText('1 change to signal_gen is not saved.');
  await appPage.screenshot({ path: testInfo.outputPath('discard-question.png') });
  // Escape in the question keeps editing, with the typed value still there.
  await appPage.keyboard.press('Escape');
  await expect(panel.discardQuestion).toHaveCount(0);
  await expect(panel.dialog).toBeVisible();
  await expect(panel.field('Amplitude')).toHaveValue('2.5');

  await panel.button('Close').click();
  await panel.discardQuestion.getByRole('button', { name: 'Discard' }).click();
  await expect(panel.dialog).toHaveCount(0);
  await expect(view.row('signal_gen')).toContainText(/Amplitude\s*1(?![\d.])/);
  await expect(panel.editButton).toBeFocused();

  // Nothing unsaved: Escape closes at once.
  await panel.open();
  await appPage.keyboard.press('Escape');
  await expect(panel.dialog).toHaveCount(0);
  await expect(panel.discardQuestion).toHaveCount(0);
});

test('a value the file changed meanwhile is shown, and the panel asks which to keep', async ({ appPage, app }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const file = new ConfigFilePage(appPage, app.configPath);
  const panel = await view.editPanel('pm_reference').open();
  await panel.set('Wavelength', '780');

  // A hand edit of the file: the wavelength being edited, and the filter nobody touched.
  const text = await file.read();
  const table = referenceTable(text);
  await file.write(text.replace(table, table.replace('wavelength = 800.0', 'wavelength = 900.0').replace('filter = 3', 'filter = 2')));

  const conflict = panel.conflict('Wavelength');
  await expect(conflict).toContainText('Now 900 nm in the file; you entered 780 nm.');
  await expect(panel.field('Filter').locator('option:checked')).toHaveText('medium');
  await expect(panel.dialog).toContainText('updated from the file');
  await expect(panel.note).toHaveText('1 value changed in the file while you were editing: choose which to keep.');
  await expect(panel.button('Save')).toHaveAttribute('aria-disabled', 'true');
  await appPage.screenshot({ path: testInfo.outputPath('changed-in-file.png') });

  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(conflict).toHaveCount(0);
  await panel.save();
  // The choice is saved; the hand edit of the other field stays.
  await expect.poll(async () => referenceTable(await file.read())).toMatch(/wavelength = 780\.0\b[\s\S]*filter = 2\b/);

  // The other way round: the file's value taken, nothing left to save.
  await panel.set('Wavelength', '700');
  const again = await file.read();
  await file.write(again.replace(referenceTable(again), referenceTable(again).replace('wavelength = 780.0', 'wavelength = 810.0')));
  await panel.conflict('Wavelength').getByRole('button', { name: "Use the file's value" }).click();
  await expect(panel.field('Wavelength')).toHaveValue('810');
  await expect(panel.note).toHaveText(/^(No unsaved changes|Saved 1 change)\./);
  await panel.close();
});

const VIEWPORTS = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const;

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * The box of every row's action button, each brought into view vertically first (a short window
 * scrolls down the page; sideways the table must not need to), with the window's and the table
 * scroll container's boxes at that moment. One round trip for all buttons. Boxes are compared
 * to the pixel: layout puts edges on fractions of one.
 */
async function actionBoxes(container: Locator): Promise<{ name: string; box: Box; frame: Box; window: Box }[]> {
  return container.evaluate((scroller) => {
    const toBox = (r: { left: number; right: number; top: number; bottom: number }) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    const view = scroller.ownerDocument.defaultView;
    return [...scroller.querySelectorAll('tr[data-instrument-id] .cell-actions button')].map((button) => {
      // Centred vertically: at a window's bottom edge the status bar would cover it.
      button.scrollIntoView({ block: 'center', inline: 'nearest' });
      return {
        name: button.getAttribute('aria-label') ?? button.textContent ?? '',
        box: toBox(button.getBoundingClientRect()),
        frame: toBox(scroller.getBoundingClientRect()),
        window: { left: 0, top: 0, right: view?.innerWidth ?? 0, bottom: view?.innerHeight ?? 0 },
      };
    });
  });
}

for (const size of VIEWPORTS) {
  test(`the table at ${size.width} × ${size.height}: every action button fully visible, no sideways scrolling`, async ({ appPage }, testInfo) => {
    // Two viewports of checks and screenshots on a bench that starts seven instruments.
    test.setTimeout(60_000);
    await appPage.setViewportSize(size);
    const view = new InstrumentsPage(appPage);
    const container = view.table.locator('xpath=..');
    await expect(view.row('xyz_stage')).toContainText('running');
    const ids = await view.table.locator('tr[data-instrument-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-instrument-id') ?? ''));
    expect(ids).toHaveLength(7);
    const boxes = await actionBoxes(container);
    expect(boxes.map((b) => b.name)).toEqual(ids.flatMap((id) => [`Edit ${id}`, `Remove ${id}`]));
    for (const { name, box, frame, window } of boxes) {
      expect(Math.round(box.left), `${name}: left edge`).toBeGreaterThanOrEqual(Math.round(Math.max(window.left, frame.left)));
      expect(Math.round(box.right), `${name}: right edge`).toBeLessThanOrEqual(Math.round(Math.min(window.right, frame.right)));
      expect(Math.round(box.top), `${name}: top edge`).toBeGreaterThanOrEqual(window.top);
      expect(Math.round(box.bottom), `${name}: bottom edge`).toBeLessThanOrEqual(window.bottom);
    }
    // Spot-check one box the way Playwright measures it, at the far end of the table.
    const last = appPage.getByRole('button', { name: `Remove ${ids.at(-1) ?? ''}`, exact: true });
    await expect(last).toBeInViewport({ ratio: 1 });
    expect(await container.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await container.evaluate((el) => el.scrollLeft)).toBe(0);
    await view.table.evaluate((el) => el.ownerDocument.defaultView?.scrollTo(0, 0));
    const tableShot = testInfo.outputPath(`table-${size.width}x${size.height}.png`);
    await appPage.screenshot({ path: tableShot });
    await testInfo.attach(`table ${size.width}×${size.height}`, { path: tableShot, contentType: 'image/png' });

    // The edit panel fits too: its id, status and buttons in view without scrolling.
    const panel = await view.editPanel('xyz_stage').open();
    for (const part of [panel.dialog.getByRole('heading', { name: 'Edit xyz_stage' }), panel.dialog.locator('.edit-head .status'), panel.button('Save'), panel.button('Revert'), panel.button('Close')]) {
      await expect(part).toBeInViewport({ ratio: 1 });
    }
    await expect(panel.field('Units (axis1)')).toBeVisible();
    await expect(panel.dialog.getByText('mm/s', { exact: true }).first()).toBeVisible();
    const panelShot = testInfo.outputPath(`edit-panel-${size.width}x${size.height}.png`);
    await appPage.screenshot({ path: panelShot });
    await testInfo.attach(`edit panel ${size.width}×${size.height}`, { path: panelShot, contentType: 'image/png' });
    await panel.close();
  });
}
