import { describe, expect, it } from 'vitest';
import type { StagedOperation, ValidationReport } from '../../../shared/model/transactions.js';
import { changeSet } from '../../test-support/fixtures.js';
import { checkSummary, describeOperation, operationRows, outcomeText, reportNotes, stagedMarks } from './change-set-view.js';
import { configFileName, previewDiffHtml } from './preview-diff.js';

const ops: StagedOperation[] = [
  { kind: 'add-instrument', id: 'probe', config: { type: 'mock', sample_rate_hz: 5 } },
  { kind: 'update-parameter', id: 'sig', param: 'sample_rate_hz', value: 4 },
  { kind: 'remove-instrument', id: 'pm', force: true },
  { kind: 'assign-role', moduleId: 'scan', role: 'detector', instrumentId: 'probe' },
  { kind: 'unassign-role', moduleId: 'watch', role: 'power_meter' },
];

const invalid: ValidationReport = {
  valid: false,
  errors: [
    { code: 'NOT_FOUND', message: 'no instrument "sig"', operation: 1, path: 'instruments.sig.sample_rate_hz' },
    { code: 'PERSIST_FAILED', message: 'the file would not load', operation: null, path: '' },
  ],
  warnings: [{ code: 'INVALID_STATE', message: 'module scan is running and will be stopped', operation: 3, path: 'modules.scan' }],
};

describe('the staged operations in words', () => {
  it('reads each kind of operation', () => {
    expect(ops.map(describeOperation)).toEqual([
      'Add instrument probe (mock)',
      'Set sig.sample_rate_hz → 4',
      'Remove instrument pm, leaving its roles empty',
      'Assign probe as detector of scan',
      'Unassign power_meter of watch',
    ]);
    expect(describeOperation({ kind: 'update-parameter', id: 'v', param: 'resource', value: 'GPIB0::1' })).toBe('Set v.resource → "GPIB0::1"');
  });

  it('puts each error on the row of its operation and the rest beside the list', () => {
    const rows = operationRows(ops, invalid);
    expect(rows[1]?.errors).toEqual([{ code: 'NOT_FOUND', message: 'no instrument "sig"' }]);
    expect(rows.filter((r) => r.errors.length > 0)).toHaveLength(1);
    expect(reportNotes(invalid)).toEqual({
      errors: [{ code: 'PERSIST_FAILED', message: 'the file would not load' }],
      warnings: [{ code: 'INVALID_STATE', message: '#4: module scan is running and will be stopped' }],
    });
    expect(operationRows(ops, null).every((r) => r.errors.length === 0)).toBe(true);
  });

  it('sums the check up in one line', () => {
    expect(checkSummary(0, null, false).tone).toBe('idle');
    expect(checkSummary(2, null, false)).toEqual({ tone: 'pending', text: 'Checking the change set…' });
    expect(checkSummary(2, { valid: true, errors: [], warnings: [] }, false).text).toBe('Valid: ready to commit.');
    expect(checkSummary(5, invalid, false)).toMatchObject({ tone: 'error', text: expect.stringMatching(/^2 problems:/) });
  });
});

describe('marks beside the tables', () => {
  it('lists the operations per instrument and the staged occupant per role', () => {
    const marks = stagedMarks(ops);
    expect(marks.instruments).toEqual({
      probe: ['Add instrument probe (mock)'],
      sig: ['Set sig.sample_rate_hz → 4'],
      pm: ['Remove instrument pm, leaving its roles empty'],
    });
    expect(marks.roles).toEqual({ 'scan/detector': 'probe', 'watch/power_meter': null });
    expect(stagedMarks(ops)).toBe(marks);
  });
});

describe('how a change set ended', () => {
  it('says what a commit did to the file, and why a commit was rolled back', () => {
    const done = changeSet('t1', { state: 'committed', operations: ops.slice(0, 3) });
    expect(outcomeText(done, { transactionId: 't1', persisted: true, persistError: undefined, rebased: false })).toEqual({
      tone: 'ok',
      text: 'Committed 3 changes. Saved to the config file.',
    });
    expect(outcomeText(done, { transactionId: 't1', persisted: false, persistError: { code: 'PERSIST_FAILED', message: 'read-only' }, rebased: false }).tone).toBe('warn');
    expect(outcomeText(changeSet('t1', { state: 'discarded' }), null).text).toBe('Change set discarded: nothing was applied.');
    expect(outcomeText(changeSet('t1', { state: 'rolled-back', note: 'not confirmed in time, rolled back' }), null)).toMatchObject({
      tone: 'warn',
      text: expect.stringContaining('not confirmed in time'),
    });
  });

  it('adds what the core noted about a commit: a window that ended without a rollback, the file not written', () => {
    const ended = changeSet('t1', { state: 'committed', operations: ops.slice(0, 1), note: 'its confirmation window ended, but the config file has changed since the commit, so it was not rolled back' });
    expect(outcomeText(ended, null)).toEqual({ tone: 'warn', text: 'Committed 1 change. Its confirmation window ended, but the config file has changed since the commit, so it was not rolled back.' });
    const inMemory = changeSet('t1', { state: 'committed', operations: ops.slice(0, 1), note: 'applied to the running configuration only: the config file was not written (enable_persistence = false)' });
    expect(outcomeText(inMemory, { transactionId: 't1', persisted: false, persistError: undefined, rebased: false })).toEqual({
      tone: 'warn',
      text: 'Committed 1 change. Applied to the running configuration only: the config file was not written (enable_persistence = false).',
    });
  });

  it('says when the outcome is in the file but the app has not kept its record yet', () => {
    const reason = 'the record of transaction t1 was not saved: the disk is full';
    const rolledBack = outcomeText(changeSet('t1', { state: 'rolled-back', note: 'rolled back on request', recordNotSaved: reason }), null);
    expect(rolledBack.tone).toBe('warn');
    expect(rolledBack.text).toMatch(/^Commit rolled back \(rolled back on request\).* The app could not keep its record of this yet \(.*the disk is full\); it keeps trying\.$/);
    const done = changeSet('t1', { state: 'committed', operations: ops.slice(0, 1), recordNotSaved: reason });
    expect(outcomeText(done, { transactionId: 't1', persisted: true, persistError: undefined, rebased: false })).toMatchObject({ tone: 'warn', text: expect.stringMatching(/^Committed 1 change\. Saved to the config file\. The app could not keep/) });
    expect(outcomeText(changeSet('t1', { state: 'confirming', recordNotSaved: reason }), null).text).toMatch(/^The app could not keep its record/);
  });
});

describe('the file preview', () => {
  it('renders the diff with the file text escaped, and nothing when the file would not change', () => {
    const html = previewDiffHtml('bench.toml', 'a = 1\nb = "<b>"\n', 'a = 2\nb = "<b>"\n');
    expect(html).toContain('d2h-wrapper');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<b>');
    // The strict CSP forbids inline styles and scripts: the markup must carry none.
    expect(html).not.toMatch(/style=|<script|on\w+=/i);
    expect(previewDiffHtml('bench.toml', 'same', 'same')).toBeNull();
    expect(configFileName('/lab/benches/b.toml')).toBe('b.toml');
    expect(configFileName('C:\\lab\\b.toml')).toBe('b.toml');
  });
});
