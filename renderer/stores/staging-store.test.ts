import { beforeEach, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../shared/model/transactions.js';
import { changeSet } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import {
  currentReport,
  isChecking,
  needsCheck,
  operationsKey,
  selectStagingTarget,
  selectTrayChangeSet,
  useStagingStore,
} from './staging-store.js';
import { selectOpenChangeSet, timeLeft, useTransactionsStore } from './transactions-store.js';

const tx = () => useTransactionsStore.getState();
const tray = () => useStagingStore.getState();
const report: ValidationReport = { valid: true, errors: [], warnings: [], preview: { before: 'a', after: 'b' } };

beforeEach(() => resetStores());

describe('which change set the tray shows', () => {
  it('shows nothing, then the open one, then follows it to its end until dismissed', () => {
    expect(selectTrayChangeSet(tx(), tray())).toBeNull();
    tx().transactionChanged(changeSet('t1'));
    expect(selectTrayChangeSet(tx(), tray())?.transactionId).toBe('t1');
    tray().changeSetFollowed('t1');
    tx().transactionChanged(changeSet('t1', { state: 'committed' }));
    expect(selectTrayChangeSet(tx(), tray())?.state).toBe('committed');
    tray().trayDismissed();
    expect(selectTrayChangeSet(tx(), tray())).toBeNull();
  });

  it('shows a commit waiting for confirmation (after a reload) when nothing is open', () => {
    tx().snapshotLoaded([changeSet('old', { state: 'discarded' }), changeSet('c', { state: 'confirming' })]);
    expect(selectTrayChangeSet(tx(), tray())?.transactionId).toBe('c');
    expect(selectStagingTarget(tx(), tray())).toBeNull();
  });

  it('stages into the open change set only while "Stage changes" is on', () => {
    tx().transactionChanged(changeSet('t1'));
    expect(selectStagingTarget(tx(), tray())).toBe('t1');
    tray().stageChangesToggled(false);
    expect(selectStagingTarget(tx(), tray())).toBeNull();
  });

  it('picks the newest open change set', () => {
    tx().transactionChanged(changeSet('a', { createdAt: '2026-01-01T10:00:00.000Z' }));
    tx().transactionChanged(changeSet('b', { createdAt: '2026-01-01T11:00:00.000Z' }));
    expect(selectOpenChangeSet(tx())?.transactionId).toBe('b');
  });
});

describe('the check of the current operations', () => {
  it('needs one check per set of operations, and uses it only while the operations are the same', () => {
    const view = changeSet('t1', { operations: [{ kind: 'remove-instrument', id: 'a' }] });
    expect(needsCheck(changeSet('t1'), tray())).toBe(false); // nothing staged: nothing to check
    expect(needsCheck(view, tray())).toBe(true);
    tray().checkRequested(operationsKey(view));
    expect(needsCheck(view, tray())).toBe(false);
    expect(isChecking(view, tray())).toBe(true);
    tray().checkReceived({ transactionId: 't1', key: operationsKey(view), report });
    expect(isChecking(view, tray())).toBe(false);
    expect(currentReport(view, tray())).toBe(report);
    const changed = { ...view, operations: [...view.operations, { kind: 'remove-instrument' as const, id: 'b' }] };
    expect(currentReport(changed, tray())).toBeNull();
    expect(needsCheck(changed, tray())).toBe(true);
  });

  it('falls back to the report the core kept (no preview) when this tray has none', () => {
    const kept = { valid: false, errors: [], warnings: [] };
    expect(currentReport(changeSet('t1', { validation: kept }), tray())).toBe(kept);
  });
});

describe('timeLeft', () => {
  const deadline = '2026-01-01T10:01:05.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts whole seconds up, so 0:00 means the deadline has passed', () => {
    expect(timeLeft(deadline, at('2026-01-01T10:00:00.000Z'))).toEqual({ seconds: 65, text: '1:05', overdue: false });
    expect(timeLeft(deadline, at('2026-01-01T10:01:04.200Z'))).toEqual({ seconds: 1, text: '0:01', overdue: false });
    expect(timeLeft(deadline, at('2026-01-01T10:02:00.000Z'))).toEqual({ seconds: 0, text: '0:00', overdue: true });
    expect(timeLeft('not a date', 0).overdue).toBe(true);
  });
});
