import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { StagedOperation, TransactionView, ValidationReport } from '../../shared/model/transactions.js';
import { fakeApi } from '../test-support/fake-api.js';
import { changeSet, instrumentView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import { useInstrumentEditStore } from './instrument-edit-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import { createOperations } from './operations.js';
import { operationKey, useOperationsStore } from './operations-store.js';
import { currentReport, operationsKey, useStagingStore } from './staging-store.js';
import { useToastsStore } from './toasts-store.js';
import { useTransactionsStore } from './transactions-store.js';

const valid: ValidationReport = { valid: true, errors: [], warnings: [], preview: { before: 'a = 1\n', after: 'a = 2\n' } };
const tray = () => useStagingStore.getState();
const toasts = () => useToastsStore.getState().toasts;

/** An open change set "t1" in the store, as the router would have put it there. */
function openSet(operations: StagedOperation[] = []): TransactionView {
  const view = changeSet('t1', { operations });
  useTransactionsStore.getState().transactionChanged(view);
  return view;
}

/** A stage command answering the change set with `op` appended (and putting it in the store, as its event would). */
function stageAnswer(op: StagedOperation) {
  return vi.fn(async () => {
    const before = useTransactionsStore.getState().byId['t1'] ?? changeSet('t1');
    const transaction = { ...before, operations: [...before.operations, op] };
    useTransactionsStore.getState().transactionChanged(transaction);
    return { ok: true as const, value: { transaction, index: before.operations.length } };
  });
}

const validate = (report: ValidationReport = valid) => vi.fn(async (_req: { transactionId: string }) => ({ ok: true as const, value: report }));

beforeEach(() => resetStores());

describe('starting a change set', () => {
  it('begins a transaction, follows it and turns staging on', async () => {
    tray().stageChangesToggled(false);
    const BeginTransaction = vi.fn(async () => ({ ok: true as const, value: { transactionId: 't1', transaction: changeSet('t1') } }));
    await createOperations(fakeApi({ BeginTransaction })).startChangeSet();
    expect(BeginTransaction).toHaveBeenCalledWith({});
    expect(tray()).toMatchObject({ followedId: 't1', stageChanges: true });
  });

  it('raises a toast when the core refuses (no tray is open to show it)', async () => {
    const BeginTransaction = async () => ({ ok: false as const, error: { code: 'UNAVAILABLE' as const, message: 'transactions are turned off' } });
    await createOperations(fakeApi({ BeginTransaction })).startChangeSet();
    expect(toasts()).toMatchObject([{ action: 'Start a change set', code: 'UNAVAILABLE' }]);
  });
});

describe('staging instead of applying', () => {
  const probe: StagedOperation = { kind: 'add-instrument', id: 'probe', config: { type: 'mock', sample_rate_hz: 10 } };

  function fillAddForm(): void {
    useAddInstrumentStore.getState().formOpened();
    useAddInstrumentStore.getState().idChanged('probe');
  }

  it('stages an added instrument, closes the form and checks the change set once', async () => {
    openSet();
    fillAddForm();
    const StageInstrumentAdd = stageAnswer(probe);
    const ValidateTransaction = validate();
    const AddInstrumentDynamic = vi.fn();
    const ops = createOperations(fakeApi({ StageInstrumentAdd, ValidateTransaction, AddInstrumentDynamic }));
    await ops.addInstrument();
    // The check that follows the change in the store finds it already asked for.
    await ops.checkChangeSet();
    expect(AddInstrumentDynamic).not.toHaveBeenCalled();
    expect(StageInstrumentAdd).toHaveBeenCalledWith(expect.objectContaining({ transactionId: 't1', id: 'probe' }));
    expect(useAddInstrumentStore.getState().open).toBe(false);
    expect(ValidateTransaction).toHaveBeenCalledTimes(1);
    const view = useTransactionsStore.getState().byId['t1'] as TransactionView;
    expect(currentReport(view, tray())).toEqual(valid);
  });

  it('applies directly when "Stage changes" is off', async () => {
    openSet();
    tray().stageChangesToggled(false);
    fillAddForm();
    const AddInstrumentDynamic = vi.fn(async () => ({ ok: true as const, value: { instrument: instrumentView('probe'), persisted: true } }));
    await createOperations(fakeApi({ AddInstrumentDynamic })).addInstrument();
    expect(AddInstrumentDynamic).toHaveBeenCalledTimes(1);
  });

  it('stages a parameter edit and a role change', async () => {
    openSet();
    useInstrumentsStore.getState().snapshotLoaded([instrumentView('sig')]);
    const view = instrumentView('sig');
    useInstrumentEditStore.getState().editStarted('sig', 'mock', view.config);
    useInstrumentEditStore.getState().draftChanged('sample_rate_hz', '4');
    const StageParameterUpdate = stageAnswer({ kind: 'update-parameter', id: 'sig', param: 'sample_rate_hz', value: 4 });
    const StageModuleUnassign = stageAnswer({ kind: 'unassign-role', moduleId: 'watch', role: 'power_meter' });
    const ops = createOperations(fakeApi({ StageParameterUpdate, StageModuleUnassign, ValidateTransaction: validate() }));
    await ops.saveEdits();
    await ops.assignRole('watch', 'power_meter', null);
    expect(StageParameterUpdate).toHaveBeenCalledWith({ transactionId: 't1', id: 'sig', param: 'sample_rate_hz', value: 4 });
    expect(StageModuleUnassign).toHaveBeenCalledWith({ transactionId: 't1', moduleId: 'watch', role: 'power_meter' });
    // Staged counts as saved: nothing is left unsaved in the panel.
    expect(useInstrumentEditStore.getState().base['sample_rate_hz']).toBe('4');
  });
});

describe('unstaging and checking', () => {
  it('unstages by index, checks again, and clears an older refusal', async () => {
    openSet([{ kind: 'remove-instrument', id: 'a' }, { kind: 'remove-instrument', id: 'b' }]);
    tray().actionRefused('Commit change set', { code: 'VALIDATION', message: 'no' });
    const UnstageOperation = vi.fn(async () => ({ ok: true as const, value: { transaction: changeSet('t1', { operations: [{ kind: 'remove-instrument', id: 'a' }] }) } }));
    const ValidateTransaction = validate();
    await createOperations(fakeApi({ UnstageOperation, ValidateTransaction })).unstageOperation(1);
    expect(UnstageOperation).toHaveBeenCalledWith({ transactionId: 't1', index: 1 });
    expect(ValidateTransaction).toHaveBeenCalledWith({ transactionId: 't1' });
    expect(tray().refusal).toBeNull();
  });

  it('does not ask again when a check fails, and shows why in the tray', async () => {
    const view = openSet([{ kind: 'remove-instrument', id: 'a' }]);
    const ValidateTransaction = vi.fn(async () => ({ ok: false as const, error: { code: 'TX_EXPIRED' as const, message: 'expired' } }));
    const ops = createOperations(fakeApi({ ValidateTransaction }));
    await ops.checkChangeSet();
    await ops.checkChangeSet();
    expect(ValidateTransaction).toHaveBeenCalledTimes(1);
    expect(tray().refusal).toMatchObject({ action: 'Check change set', error: { code: 'TX_EXPIRED' } });
    expect(tray().requestedKey).toBe(operationsKey(view));
    expect(toasts()).toEqual([]);
    await ops.recheckChangeSet();
    expect(ValidateTransaction).toHaveBeenCalledTimes(2);
  });
});

describe('committing and ending', () => {
  const ops1: StagedOperation[] = [{ kind: 'remove-instrument', id: 'a' }];
  const committed = (transaction: TransactionView) => ({ ok: true as const, value: { transaction, persisted: true, rebased: false } });

  it('commits, shows "Committing…" while in flight, and keeps what the core said about the file', async () => {
    openSet(ops1);
    let release: (r: Result<unknown>) => void = () => undefined;
    const CommitTransaction = vi.fn(() => new Promise<Result<unknown>>((r) => (release = r)));
    const pending = createOperations(fakeApi({ CommitTransaction })).commitChangeSet(false);
    expect(useOperationsStore.getState().pending[operationKey.commit('t1')]).toBe(true);
    release(committed(changeSet('t1', { state: 'committed' })));
    await pending;
    expect(CommitTransaction).toHaveBeenCalledWith({ transactionId: 't1' });
    expect(tray().commitNote).toEqual({ transactionId: 't1', persisted: true, persistError: undefined, rebased: false });
    expect(tray().followedId).toBe('t1');
  });

  it('commits with the confirmation window picked', async () => {
    openSet(ops1);
    tray().confirmTimeoutPicked(30);
    const CommitTransaction = vi.fn(async () => committed(changeSet('t1', { state: 'confirming' })));
    await createOperations(fakeApi({ CommitTransaction })).commitChangeSet(true);
    expect(CommitTransaction).toHaveBeenCalledWith({ transactionId: 't1', confirmTimeoutS: 30 });
  });

  it('shows a refused commit in the tray, without a toast, and checks again', async () => {
    openSet(ops1);
    const CommitTransaction = async () => ({ ok: false as const, error: { code: 'CONFLICT' as const, message: 'instruments.a changed' } });
    const ValidateTransaction = validate({ valid: false, errors: [{ code: 'CONFLICT', message: 'changed', operation: 0, path: 'instruments.a' }], warnings: [] });
    await createOperations(fakeApi({ CommitTransaction, ValidateTransaction })).commitChangeSet(false);
    expect(toasts()).toEqual([]);
    expect(tray().refusal).toMatchObject({ action: 'Commit change set', error: { code: 'CONFLICT' } });
    expect(ValidateTransaction).toHaveBeenCalledTimes(1);
  });

  it('discards an open change set, and confirms or rolls back one waiting for confirmation', async () => {
    openSet(ops1);
    const RollbackTransaction = vi.fn(async () => ({ ok: true as const, value: { transaction: changeSet('t1', { state: 'discarded' }) } }));
    const ConfirmCommit = vi.fn(async () => ({ ok: true as const, value: { transaction: changeSet('t1', { state: 'committed' }) } }));
    const ops = createOperations(fakeApi({ RollbackTransaction, ConfirmCommit }));
    await ops.confirmCommit(); // not waiting for confirmation: nothing to confirm
    expect(ConfirmCommit).not.toHaveBeenCalled();
    await ops.discardChangeSet();
    expect(RollbackTransaction).toHaveBeenLastCalledWith({ transactionId: 't1' });

    useTransactionsStore.getState().transactionChanged(changeSet('t1', { state: 'confirming', confirmDeadline: '2026-01-01T10:06:00.000Z' }));
    await ops.confirmCommit();
    expect(ConfirmCommit).toHaveBeenCalledWith({ transactionId: 't1' });
    await ops.rollBackCommit();
    expect(RollbackTransaction).toHaveBeenCalledTimes(2);
  });
});
