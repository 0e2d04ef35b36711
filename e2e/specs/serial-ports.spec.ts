/**
 * The "Serial port" field of the add form, against browser mode: it suggests the listed ports
 * and this type's simulator (marking one in use), refreshes on request, still takes any typed
 * path, and an instrument whose port cannot be opened shows why, readably, with its value
 * greyed out.
 */
import { join } from 'node:path';
import { expect, repoRoot, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/bench-serial.toml') });

test('suggests the simulator of the chosen type, marks it in use, and takes a typed path', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await appPage.getByRole('button', { name: 'Add instrument' }).click();
  const form = appPage.getByRole('form', { name: 'New instrument' });
  await form.getByLabel('Type', { exact: true }).selectOption('maitai');
  const port = form.getByLabel('Serial port', { exact: true });
  const listId = await port.getAttribute('list');
  expect(listId).toBeTruthy();
  const option = (value: string) => appPage.locator(`datalist#${listId} option[value="${value}"]`);
  await expect(option('sim://maitai')).toHaveAttribute('label', /in use by laser/);
  // Only this type's simulator: another type's would be refused.
  await expect(option('sim://newport_1830c')).toHaveCount(0);
  await expect(form.getByText(/ports? found|no serial ports found/)).toBeVisible();
  await form.getByRole('button', { name: 'Refresh ports' }).click();
  await expect(form.getByRole('button', { name: 'Refresh ports' })).not.toHaveAttribute('aria-disabled', 'true');

  await port.fill('sim://maitai');
  await expect(form).toContainText('In use by laser: a port has one owner.');
  await appPage.screenshot({ path: testInfo.outputPath('port-picker.png') });
  await port.fill('sim://maitai/second');
  await expect(form).not.toContainText('In use by laser');
  await form.getByLabel('Id', { exact: true }).fill('laser_2');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(view.row('laser_2')).toContainText('running');
  await expect(view.row('laser_2')).toContainText('sim://maitai/second');
});

test('an instrument whose port cannot be opened shows a readable reason and a greyed value', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  await expect(view.row('meter_lost')).toContainText('error');
  const reason = view.row('meter_lost').locator('.status-reason');
  await expect(reason).toContainText('does not exist');
  // The reason wraps inside its cell (a by-id path included) instead of widening the table.
  expect(await reason.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  expect(await reason.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(120);
  await expect(view.liveValue('meter_lost').locator('.reading')).toHaveClass(/reading-stale/);
  await expect(view.liveValue('laser').locator('.reading').first()).not.toHaveClass(/reading-stale/);
  await appPage.screenshot({ path: testInfo.outputPath('port-error.png') });
});

test('the instruments table fits a 1280 × 800 window without scrolling sideways', async ({ appPage }, testInfo) => {
  await appPage.setViewportSize({ width: 1280, height: 800 });
  const view = new InstrumentsPage(appPage);
  await expect(view.row('meter_lost')).toContainText('error');
  const overflow = await view.table.evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
  expect(overflow).toBeLessThanOrEqual(0);
  for (const name of ['Instrument', 'Actions']) await expect(view.table.getByRole('columnheader', { name })).toBeInViewport();
  await appPage.screenshot({ path: testInfo.outputPath('table-1280.png') });
});

test('a long port wraps at its "/" and ":" separators, never inside a name', async ({ appPage }, testInfo) => {
  const view = new InstrumentsPage(appPage);
  const reason = view.row('meter_lost').locator('.status-reason');
  const port = view.row('meter_lost').locator('.param-summary dd').filter({ hasText: '/dev/serial/by-id/' });
  for (const size of [{ width: 800, height: 600 }, { width: 1280, height: 800 }]) {
    await appPage.setViewportSize(size);
    await expect(reason).toContainText('does not exist');
    // The parameters column shows only where the table is wide enough for it.
    const texts = size.width >= 1280 ? [reason, port] : [reason];
    for (const text of texts) {
      expect(await text.locator('wbr').count()).toBeGreaterThan(2);
      // Each piece of the text between break opportunities (separators, hyphens, spaces) lies
      // on one line: a line never breaks inside a name.
      const broken = await text.evaluate((el) => {
        const doc = el.ownerDocument;
        const out: string[] = [];
        const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const content: string = node.textContent ?? '';
          let offset = 0;
          for (const piece of content.split(/(?<=[-\s/:])/)) {
            const range = doc.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + piece.trimEnd().length);
            offset += piece.length;
            const tops = new Set([...range.getClientRects()].map((r: { top: number }) => Math.round(r.top)));
            if (piece.trim() !== '' && tops.size > 1) out.push(piece);
          }
        }
        return out;
      });
      expect(broken).toEqual([]);
    }
    await appPage.screenshot({ path: testInfo.outputPath(`long-port-${size.width}x${size.height}.png`) });
  }
});
