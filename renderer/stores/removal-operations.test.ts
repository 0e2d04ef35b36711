import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors.js';
import { fakeApi } from '../test-support/fake-api.js';
import { changeSet, moduleView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { useModulesStore } from './modules-store.js';
import { createOperations } from './operations.js';
import { selectReassignComplete, useRemoveDialogStore, type DependentInfo } from './remove-dialog-store.js';
import { useToastsStore } from './toasts-store.js';
import { useTransactionsStore } from './transactions-store.js';

const watch: DependentInfo = { moduleId: 'watch', role: 'power_meter', moduleState: 'idle', running: false };
const scan: DependentInfo = { moduleId: 'scan', role: 'detector', moduleState: 'running', running: true };
const removed = (id: string) => ({ ok: true as const, value: { id, unassigned: [], persisted: true } });
const dialog = () => useRemoveDialogStore.getState();

/** GetInstrumentDependencies answering each list in turn (the last one repeats). */
function dependencies(...answers: DependentInfo[][]) {
  let call = 0;
  return vi.fn(async (req: { id: string }) => {
    const dependents = answers[Math.min(call, answers.length - 1)] ?? [];
    call += 1;
    return { ok: true as const, value: { id: req.id, dependents } };
  });
}

beforeEach(() => resetStores());

describe('opening the dialog', () => {
  it('asks the core who uses the instrument and lists it', async () => {
    const GetInstrumentDependencies = dependencies([watch, scan]);
    const ops = createOperations(fakeApi({ GetInstrumentDependencies }));
    const opened = ops.openRemoveDialog('pm');
    expect(dialog()).toMatchObject({ targetId: 'pm', dependents: null });
    await opened;
    expect(GetInstrumentDependencies).toHaveBeenCalledWith({ id: 'pm' });
    expect(dialog().dependents).toEqual([watch, scan]);
  });

  it('drops an answer about an instrument the dialog no longer names', async () => {
    let answer: (r: Result<unknown>) => void = () => undefined;
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: () => new Promise((r) => (answer = r)) }));
    const opened = ops.openRemoveDialog('pm');
    dialog().dialogClosed();
    answer({ ok: true, value: { id: 'pm', dependents: [watch] } });
    await opened;
    expect(dialog()).toMatchObject({ targetId: null, dependents: null });
  });

  it('says why the list is missing when the core cannot answer', async () => {
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } }) }));
    await ops.openRemoveDialog('pm');
    expect(dialog()).toMatchObject({ dependents: [], loadError: { code: 'NOT_FOUND' } });
  });
});

describe('the choices', () => {
  it('"Remove" sends a plain removal and closes the dialog', async () => {
    const RemoveInstrumentDynamic = vi.fn(async (req: { id: string }) => removed(req.id));
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([]), RemoveInstrumentDynamic }));
    await ops.openRemoveDialog('sig');
    await ops.removeInstrument();
    expect(RemoveInstrumentDynamic).toHaveBeenCalledWith({ id: 'sig' });
    expect(dialog().targetId).toBeNull();
  });

  it('"Remove anyway" sends force: true', async () => {
    const RemoveInstrumentDynamic = vi.fn(async (req: { id: string }) => removed(req.id));
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch]), RemoveInstrumentDynamic }));
    await ops.openRemoveDialog('pm');
    await ops.removeInstrumentAnyway();
    expect(RemoveInstrumentDynamic).toHaveBeenCalledWith({ id: 'pm', force: true });
    expect(dialog().targetId).toBeNull();
  });

  it('"Remove with its modules" confirms exactly the modules listed, each once', async () => {
    const RemoveInstrumentCascade = vi.fn(async (req: { id: string }) => ({ ok: true as const, value: { id: req.id, removedModules: ['scan', 'watch'], persisted: true } }));
    const both = { ...watch, role: 'second' };
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch, scan, both]), RemoveInstrumentCascade }));
    await ops.openRemoveDialog('pm');
    await ops.removeWithModules();
    expect(RemoveInstrumentCascade).toHaveBeenCalledWith({ id: 'pm', confirmModules: ['scan', 'watch'] });
    expect(dialog().targetId).toBeNull();
  });

  it('refreshes the list and says so when the core answers CONFLICT, then confirms the new list', async () => {
    const late: DependentInfo = { moduleId: 'late', role: 'detector', moduleState: 'idle', running: false };
    const RemoveInstrumentCascade = vi.fn(async (req: { id: string; confirmModules: string[] }) =>
      req.confirmModules.includes('late')
        ? { ok: true as const, value: { id: req.id, removedModules: req.confirmModules, persisted: true } }
        : { ok: false as const, error: { code: 'CONFLICT' as const, message: 'the modules using "pm" are now [late, watch]' } },
    );
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch], [watch, late]), RemoveInstrumentCascade }));
    await ops.openRemoveDialog('pm');
    await ops.removeWithModules();
    expect(dialog().targetId).toBe('pm');
    expect(dialog().dependents).toEqual([watch, late]);
    expect(dialog().notice).toMatch(/modules using pm changed since this dialog opened/);
    expect(useToastsStore.getState().toasts).toEqual([]);
    await ops.removeWithModules();
    expect(RemoveInstrumentCascade).toHaveBeenLastCalledWith({ id: 'pm', confirmModules: ['late', 'watch'] });
    expect(dialog().targetId).toBeNull();
  });

  it('refreshes the list when a plain removal meets a module that started using the instrument', async () => {
    const ops = createOperations(
      fakeApi({
        GetInstrumentDependencies: dependencies([], [watch]),
        RemoveInstrumentDynamic: async () => ({ ok: false, error: { code: 'IN_USE', message: 'used by watch (power_meter)' } }),
      }),
    );
    await ops.openRemoveDialog('pm');
    await ops.removeInstrument();
    expect(dialog()).toMatchObject({ targetId: 'pm', dependents: [watch], error: null });
    expect(dialog().notice).not.toBeNull();
  });
});

describe('"Reassign and remove"', () => {
  it('is not complete until every role has a replacement', async () => {
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch, scan]) }));
    await ops.openRemoveDialog('pm');
    expect(selectReassignComplete(dialog())).toBe(false);
    dialog().replacementChosen('watch', 'power_meter', 'pm2');
    expect(selectReassignComplete(dialog())).toBe(false);
    dialog().replacementChosen('scan', 'detector', 'pm3');
    expect(selectReassignComplete(dialog())).toBe(true);
    dialog().replacementChosen('scan', 'detector', '');
    expect(selectReassignComplete(dialog())).toBe(false);
  });

  it('sends nothing while a role has no choice', async () => {
    const AssignInstrumentToModule = vi.fn();
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch]), AssignInstrumentToModule }));
    await ops.openRemoveDialog('pm');
    await ops.reassignAndRemove();
    expect(AssignInstrumentToModule).not.toHaveBeenCalled();
  });

  it('sends one removal that names every role with its new instrument; running modules are left to the core', async () => {
    useModulesStore.getState().snapshotLoaded([moduleView('watch'), moduleView('scan', { type: 'polarization_scan', state: 'running' })]);
    const RemoveInstrumentDynamic = vi.fn(async (req: { id: string }) => removed(req.id));
    const StopModule = vi.fn();
    const StartModule = vi.fn();
    const AssignInstrumentToModule = vi.fn();
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch, scan]), RemoveInstrumentDynamic, StopModule, StartModule, AssignInstrumentToModule }));
    await ops.openRemoveDialog('pm');
    dialog().replacementChosen('watch', 'power_meter', 'pm2');
    dialog().replacementChosen('scan', 'detector', 'pm3');
    await ops.reassignAndRemove();
    expect(RemoveInstrumentDynamic).toHaveBeenCalledTimes(1);
    expect(RemoveInstrumentDynamic).toHaveBeenCalledWith({
      id: 'pm',
      reassign: [
        { moduleId: 'watch', role: 'power_meter', instrumentId: 'pm2' },
        { moduleId: 'scan', role: 'detector', instrumentId: 'pm3' },
      ],
    });
    for (const separateStep of [StopModule, StartModule, AssignInstrumentToModule]) expect(separateStep).not.toHaveBeenCalled();
    expect(dialog().targetId).toBeNull();
    expect(useToastsStore.getState().toasts).toMatchObject([{ kind: 'success', action: 'Removed instrument pm' }]);
  });

  it('a refused removal changed nothing: the dialog stays with the reason, the list asked again and the choices kept', async () => {
    const GetInstrumentDependencies = dependencies([watch, scan]);
    const ops = createOperations(
      fakeApi({
        GetInstrumentDependencies,
        RemoveInstrumentDynamic: async () => ({ ok: false, error: { code: 'VALIDATION', message: 'module "scan" cannot use "cam" as detector' } }),
      }),
    );
    await ops.openRemoveDialog('pm');
    dialog().replacementChosen('watch', 'power_meter', 'pm2');
    dialog().replacementChosen('scan', 'detector', 'cam');
    await ops.reassignAndRemove();
    expect(GetInstrumentDependencies).toHaveBeenCalledTimes(2);
    expect(dialog()).toMatchObject({ targetId: 'pm', dependents: [watch, scan], error: { code: 'VALIDATION' } });
    expect(dialog().replacements).toEqual({ 'watch/power_meter': 'pm2', 'scan/detector': 'cam' });
    // Said in the dialog, which stays open: no toast over it.
    expect(useToastsStore.getState().toasts).toEqual([]);
  });

  it('when a module started using the instrument meanwhile (IN_USE), shows the new list and asks to choose again', async () => {
    const late: DependentInfo = { moduleId: 'late', role: 'detector', moduleState: 'idle', running: false };
    const ops = createOperations(
      fakeApi({
        GetInstrumentDependencies: dependencies([watch], [watch, late]),
        RemoveInstrumentDynamic: async () => ({ ok: false, error: { code: 'IN_USE', message: 'instrument "pm" is also used by late (detector)' } }),
      }),
    );
    await ops.openRemoveDialog('pm');
    dialog().replacementChosen('watch', 'power_meter', 'pm2');
    await ops.reassignAndRemove();
    expect(dialog()).toMatchObject({ targetId: 'pm', dependents: [watch, late], error: null });
    expect(dialog().notice).toMatch(/modules using pm changed/);
    expect(selectReassignComplete(dialog())).toBe(false);
    expect(useToastsStore.getState().toasts).toEqual([]);
  });
});

describe('while a change set takes changes', () => {
  /** A stage command that records what it staged and answers the change set. */
  function stager(calls: string[], name: string) {
    return vi.fn(async (req: Record<string, unknown>) => {
      const { transactionId: _t, ...rest } = req;
      calls.push(`${name} ${JSON.stringify(rest)}`);
      return { ok: true as const, value: { transaction: changeSet('t1', { operations: [{ kind: 'remove-instrument', id: String(calls.length) }] }), index: 0 } };
    });
  }

  beforeEach(() => useTransactionsStore.getState().transactionChanged(changeSet('t1')));

  it('stages the removal (with force for "anyway") instead of removing, and checks the change set', async () => {
    const calls: string[] = [];
    const RemoveInstrumentDynamic = vi.fn();
    const ValidateTransaction = vi.fn(async () => ({ ok: true as const, value: { valid: true, errors: [], warnings: [] } }));
    const api = fakeApi({ GetInstrumentDependencies: dependencies([watch]), StageInstrumentRemove: stager(calls, 'remove'), ValidateTransaction, RemoveInstrumentDynamic });
    const ops = createOperations(api);
    await ops.openRemoveDialog('pm');
    await ops.removeInstrumentAnyway();
    expect(calls).toEqual(['remove {"id":"pm","force":true}']);
    expect(RemoveInstrumentDynamic).not.toHaveBeenCalled();
    expect(ValidateTransaction).toHaveBeenCalledWith({ transactionId: 't1' });
    expect(dialog().targetId).toBeNull();
  });

  it('stages each reassignment, then the removal; running modules are left to the commit', async () => {
    useModulesStore.getState().snapshotLoaded([moduleView('watch'), moduleView('scan', { type: 'polarization_scan', state: 'running' })]);
    const calls: string[] = [];
    const StopModule = vi.fn();
    const api = fakeApi({
      GetInstrumentDependencies: dependencies([watch, scan]),
      StageModuleAssign: stager(calls, 'assign'),
      StageInstrumentRemove: stager(calls, 'remove'),
      ValidateTransaction: async () => ({ ok: true, value: { valid: true, errors: [], warnings: [] } }),
      StopModule,
    });
    const ops = createOperations(api);
    await ops.openRemoveDialog('pm');
    dialog().replacementChosen('watch', 'power_meter', 'pm2');
    dialog().replacementChosen('scan', 'detector', 'pm3');
    await ops.reassignAndRemove();
    expect(calls).toEqual([
      'assign {"moduleId":"watch","role":"power_meter","instrumentId":"pm2"}',
      'assign {"moduleId":"scan","role":"detector","instrumentId":"pm3"}',
      'remove {"id":"pm"}',
    ]);
    expect(StopModule).not.toHaveBeenCalled();
  });

  it('does not offer to remove the modules along: nothing is sent', async () => {
    const RemoveInstrumentCascade = vi.fn();
    const ops = createOperations(fakeApi({ GetInstrumentDependencies: dependencies([watch]), RemoveInstrumentCascade }));
    await ops.openRemoveDialog('pm');
    await ops.removeWithModules();
    expect(RemoveInstrumentCascade).not.toHaveBeenCalled();
  });
});
