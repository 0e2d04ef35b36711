import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StagedOperation } from '../../shared/model/transactions.js';
import { fakeApi } from '../test-support/fake-api.js';
import { changeSet, instrumentView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { selectChangedPaths, useInstrumentEditStore } from './instrument-edit-store.js';
import { useLogStore } from './log-store.js';
import { createOperations } from './operations.js';
import { useTransactionsStore } from './transactions-store.js';

const edit = () => useInstrumentEditStore.getState();
const config = { type: 'mock', sample_rate_hz: 10, amplitude: 1 };
const answer = (persisted = true) => ({ ok: true as const, value: { instrument: instrumentView('sig'), applied: 'live' as const, persisted } });
const logMessages = () => useLogStore.getState().entries.map((e) => `${e.level} ${e.message}`);

beforeEach(() => {
  resetStores();
  edit().editStarted('sig', 'mock', config);
});

describe('saving the edit panel', () => {
  it('sends every changed field in one command, with the values the panel started from', async () => {
    const UpdateInstrumentParameters = vi.fn(async () => answer());
    const ops = createOperations(fakeApi({ UpdateInstrumentParameters }));
    edit().draftChanged('sample_rate_hz', '25.5');
    edit().draftChanged('amplitude', '2');
    edit().draftChanged('offset', '0');
    await ops.saveEdits();
    expect(UpdateInstrumentParameters).toHaveBeenCalledTimes(1);
    expect(UpdateInstrumentParameters).toHaveBeenCalledWith({
      id: 'sig',
      values: { sample_rate_hz: 25.5, amplitude: 2 },
      expected: { sample_rate_hz: 10, amplitude: 1 },
    });
    expect(selectChangedPaths(edit())).toEqual([]);
    expect(edit().outcome).toEqual({ count: 2, staged: false, notInFile: false });
  });

  it('sends nothing when nothing changed, or a field does not check', async () => {
    const UpdateInstrumentParameters = vi.fn();
    const ops = createOperations(fakeApi({ UpdateInstrumentParameters }));
    await ops.saveEdits();
    edit().draftChanged('sample_rate_hz', '5000000');
    edit().draftChanged('amplitude', '2');
    await ops.saveEdits();
    expect(UpdateInstrumentParameters).not.toHaveBeenCalled();
    expect(edit().errors['sample_rate_hz']).toMatch(/out of range/);
  });

  it('will not save over a value that changed underneath until the operator chose', async () => {
    const UpdateInstrumentParameters = vi.fn(async () => answer());
    const ops = createOperations(fakeApi({ UpdateInstrumentParameters }));
    edit().draftChanged('amplitude', '2');
    edit().configChanged({ ...config, amplitude: 3 });
    await ops.saveEdits();
    expect(UpdateInstrumentParameters).not.toHaveBeenCalled();
    expect(edit().saveError?.code).toBe('CONFLICT');
    edit().conflictResolved('amplitude', 'mine');
    await ops.saveEdits();
    expect(UpdateInstrumentParameters).toHaveBeenCalledWith({ id: 'sig', values: { amplitude: 2 }, expected: { amplitude: 3 } });
  });

  it('a CONFLICT from the core (a change the panel had not seen) becomes a conflict on that field', async () => {
    const error = { code: 'CONFLICT' as const, message: 'changed meanwhile', details: { id: 'sig', changed: [{ param: 'amplitude', expected: 1, actual: 4 }] } };
    const ops = createOperations(fakeApi({ UpdateInstrumentParameters: async () => ({ ok: false, error }) }));
    edit().draftChanged('amplitude', '2');
    await ops.saveEdits();
    expect(edit().conflicts).toEqual({ amplitude: { theirs: '4' } });
    expect(edit().saveError).toMatchObject({ code: 'CONFLICT' });
    // Shown in the panel: logged, with no toast over it.
    expect(logMessages()).toEqual(['warn Set 1 parameter of sig failed: CONFLICT: changed meanwhile']);
  });

  it('a refusal about one parameter shows under its field', async () => {
    const error = { code: 'VALIDATION' as const, message: 'invalid value for "amplitude": too big', details: { param: 'amplitude' } };
    const ops = createOperations(fakeApi({ UpdateInstrumentParameters: async () => ({ ok: false, error }) }));
    edit().draftChanged('amplitude', '2');
    await ops.saveEdits();
    expect(edit().errors['amplitude']).toBe('invalid value for "amplitude": too big');
    expect(selectChangedPaths(edit())).toEqual(['amplitude']);
  });

  it('says when the change runs but is not in the file yet', async () => {
    const ops = createOperations(fakeApi({ UpdateInstrumentParameters: async () => answer(false) }));
    edit().draftChanged('amplitude', '2');
    await ops.saveEdits();
    expect(edit().outcome).toEqual({ count: 1, staged: false, notInFile: true });
  });
});

describe('saving while a change set takes changes', () => {
  /** A stage command that appends its operation to change set t1, as its event would. */
  const stageAnswer = () =>
    vi.fn(async (req: { param: string; value: unknown }) => {
      const before = useTransactionsStore.getState().byId['t1'] ?? changeSet('t1');
      const op: StagedOperation = { kind: 'update-parameter', id: 'sig', param: req.param, value: req.value };
      const transaction = { ...before, operations: [...before.operations, op] };
      useTransactionsStore.getState().transactionChanged(transaction);
      return { ok: true as const, value: { transaction, index: before.operations.length } };
    });

  it('stages each changed field into the open change set instead of applying', async () => {
    useTransactionsStore.getState().transactionChanged(changeSet('t1'));
    const StageParameterUpdate = stageAnswer();
    const UpdateInstrumentParameters = vi.fn();
    const ValidateTransaction = vi.fn(async () => ({ ok: true as const, value: { valid: true, errors: [], warnings: [], preview: { before: '', after: '' } } }));
    const ops = createOperations(fakeApi({ StageParameterUpdate, UpdateInstrumentParameters, ValidateTransaction }));
    edit().draftChanged('sample_rate_hz', '4');
    edit().draftChanged('amplitude', '2');
    await ops.saveEdits();
    expect(UpdateInstrumentParameters).not.toHaveBeenCalled();
    expect(StageParameterUpdate.mock.calls.map(([r]) => r)).toEqual([
      { transactionId: 't1', id: 'sig', param: 'sample_rate_hz', value: 4 },
      { transactionId: 't1', id: 'sig', param: 'amplitude', value: 2 },
    ]);
    expect(ValidateTransaction).toHaveBeenCalledTimes(1);
    expect(edit().outcome).toEqual({ count: 2, staged: true, notInFile: false });
    expect(selectChangedPaths(edit())).toEqual([]);
  });
});
