/**
 * Module runs on the simulated bench, against browser mode: a polarisation scan from Start to
 * completion (progress, a plot of power against angle, a CSV whose angles are the rotator's),
 * a scan stopped midway by forcing its rotator out (reason shown, partial file kept), Start
 * unavailable with its reason while a role is unfilled. The plot must pass the strict CSP.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, repoRoot, test } from '../fixtures.js';
import { InstrumentsPage } from '../pages/instruments.page.js';
import { ModulesPage } from '../pages/modules.page.js';

test.use({ configSource: join(repoRoot, 'e2e/data/pol-scan-bench.toml') });

interface RecordedCsv {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, number>>[];
  readonly ended: string | undefined;
}

/** Reads a recording: `# ` lines are its header and trailer, then a header row and data rows. */
async function readRecording(path: string): Promise<RecordedCsv> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
  const data = lines.filter((l) => !l.startsWith('#'));
  const columns = (data[0] ?? '').split(',');
  const rows = data.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, Number(cells[i])]));
  });
  return { columns, rows, ended: lines.find((l) => l.startsWith('# ended:')) };
}

/** Collects CSP violations and console errors from now on, so a blocked style or script fails the test. */
async function watchForBlockedContent(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) consoleErrors.push(m.text());
  });
  // Runs in the page; typed by hand because the specs compile without the DOM library.
  await page.evaluate(() => {
    const page = globalThis as unknown as {
      cspViolations: string[];
      document: { addEventListener(type: string, listener: (e: { violatedDirective: string; blockedURI: string }) => void): void };
    };
    page.cspViolations = [];
    page.document.addEventListener('securitypolicyviolation', (e) => page.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...consoleErrors, ...(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations))];
}

test('a scan runs from Start to completion: progress, plot of power against angle, CSV of the angles', async ({ appPage, app }, testInfo) => {
  const modules = new ModulesPage(appPage);
  const blocked = await watchForBlockedContent(appPage);
  await expect(modules.startButton('quick_scan')).toBeEnabled();
  await modules.start('quick_scan');
  await expect(modules.progress('quick_scan')).toHaveAttribute('aria-valuemax', '5');
  await expect(modules.state('quick_scan')).toHaveText('completed', { timeout: 20_000 });
  await expect(modules.progress('quick_scan')).toHaveAttribute('aria-valuenow', '5');
  await expect(modules.run('quick_scan')).toContainText('point 5 of 5');
  await expect(modules.run('quick_scan')).toContainText('completed');

  const plot = modules.results('quick_scan');
  await expect(plot.locator('canvas')).toHaveCount(1);
  await expect(plot).toHaveAttribute('data-points', '5');
  await expect(plot.locator('figcaption')).toHaveText('Power against angle: 5 points');
  await expect(plot).toContainText('Angle (deg)');

  const file = await modules.recordingFile('quick_scan');
  const csv = await readRecording(join(app.dir, 'data_output', file));
  expect(csv.columns).toEqual(['timestamp', 'point', 'angle_set', 'angle', 'power']);
  expect(csv.rows.map((r) => r['angle_set'])).toEqual([0, 5, 10, 15, 20]);
  // The recorded angle is where the simulated mount reported it arrived: within the tolerance.
  for (const row of csv.rows) expect(Math.abs((row['angle'] ?? NaN) - (row['angle_set'] ?? NaN))).toBeLessThanOrEqual(0.5);
  expect(csv.rows.every((r) => (r['power'] ?? 0) > 0)).toBe(true);
  expect(csv.ended).toContain('completed');

  // The recordings list follows the run's end.
  const row = modules.recordingRow(file);
  await expect(row).toContainText('quick_scan');
  await expect(row).toContainText('completed');
  await expect(row.locator('td').nth(2)).toHaveText('5');
  await expect(appPage.getByTestId('recordings-folder')).toContainText('data_output');

  expect(await blocked()).toEqual([]);
  await plot.scrollIntoViewIfNeeded();
  await appPage.screenshot({ path: testInfo.outputPath('scan-completed.png'), fullPage: true });
});

test('forcing the rotator out stops a running scan with the reason and keeps the partial file', async ({ appPage, app }, testInfo) => {
  const modules = new ModulesPage(appPage);
  const instruments = new InstrumentsPage(appPage);
  await modules.start('long_scan');
  await expect(modules.progress('long_scan')).toHaveAttribute('aria-valuemax', '361');
  await expect.poll(async () => Number(await modules.progress('long_scan').getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  const file = await modules.recordingFile('long_scan');

  const dialog = await instruments.openRemove('hwp_rotator');
  await dialog.getByRole('button', { name: 'Remove anyway' }).click();
  await expect(instruments.row('hwp_rotator')).toHaveCount(0);
  await expect(modules.run('long_scan')).toContainText('stopped');
  await expect(modules.run('long_scan')).toContainText('role "rotator" lost instrument "hwp_rotator"');
  await expect(modules.startButton('long_scan')).toBeDisabled();

  const csv = await readRecording(join(app.dir, 'data_output', file));
  expect(csv.rows.length).toBeGreaterThanOrEqual(3);
  expect(csv.rows.length).toBeLessThan(361);
  expect(csv.rows.map((r) => r['angle_set'])).toEqual(csv.rows.map((_, k) => k));
  await expect(modules.recordingRow(file)).toContainText('stopped');
  await expect(modules.recordingRow(file).locator('td').nth(2)).toHaveText(String(csv.rows.length));
  await modules.card('long_scan').scrollIntoViewIfNeeded();
  await appPage.screenshot({ path: testInfo.outputPath('scan-stopped.png'), fullPage: true });
});

test('Start is unavailable, with its reason, while a required role is unfilled', async ({ appPage }, testInfo) => {
  const modules = new ModulesPage(appPage);
  const start = modules.startButton('unfilled_scan');
  await expect(start).toBeDisabled();
  await expect(start).toHaveAttribute('title', /rotator/);
  const reason = modules.card('unfilled_scan').locator('.start-reason');
  await expect(reason).toBeVisible();
  await expect(reason).toHaveText((await start.getAttribute('title')) ?? '');
  // A click does nothing: no run starts (the module keeps the state it had, and shows no run).
  const before = await modules.state('unfilled_scan').textContent();
  await start.click({ force: true });
  await expect(modules.state('unfilled_scan')).toHaveText(before ?? '');
  await expect(modules.run('unfilled_scan')).toHaveCount(0);
  await modules.card('unfilled_scan').scrollIntoViewIfNeeded();
  await appPage.screenshot({ path: testInfo.outputPath('start-unavailable.png'), fullPage: true });
});
