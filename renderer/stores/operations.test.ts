import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { DaqApi } from '../../shared/ipc/contract.js';
import { instrumentView, moduleView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import { useLogStore } from './log-store.js';
import { createOperations } from './operations.js';
import { operationKey, useOperationsStore } from './operations-store.js';
import { useRemoveDialogStore } from './remove-dialog-store.js';
import { useToastsStore } from './toasts-store.js';

function api(overrides: Record<string, (req: never) => Promise<Result<unknown>>>): DaqApi {
  return { onEvents: () => () => undefined, ...overrides } as unknown as DaqApi;
}

const now = () => new Date('2026-01-01T12:00:00.000Z');
const toasts = () => useToastsStore.getState().toasts;
const logMessages = () => useLogStore.getState().entries.map((e) => `${e.level} ${e.message}`);

beforeEach(() => resetStores());

describe('toasts from failed results', () => {
  it('raises a toast with the code and message, and logs the failure', async () => {
    const ops = createOperations(
      api({ StartModule: async () => ({ ok: false, error: { code: 'INVALID_STATE', message: 'role "detector" unfilled' } }) }),
      now,
    );
    await ops.startModule('pol_scan');
    expect(toasts()).toMatchObject([{ id: 1, kind: 'error', action: 'Start pol_scan', code: 'INVALID_STATE', message: 'role "detector" unfilled' }]);
    expect(logMessages()).toEqual(['error Start pol_scan failed: INVALID_STATE: role "detector" unfilled']);
    useToastsStore.getState().toastDismissed(1);
    expect(toasts()).toEqual([]);
  });

  it('gives a change that worked a short notice, not an error', async () => {
    const ops = createOperations(api({ StopModule: async () => ({ ok: true, value: { module: moduleView('m') } }) }));
    await ops.stopModule('m');
    expect(toasts()).toMatchObject([{ kind: 'success', action: 'Stopped module m' }]);
  });

  it('keeps only the newest toasts', async () => {
    const ops = createOperations(api({ StartModule: async () => ({ ok: false, error: { code: 'TIMEOUT', message: 't' } }) }));
    for (let i = 0; i < 8; i += 1) await ops.startModule(`m${i}`);
    expect(toasts().map((t) => t.action)).toEqual(['Start m5', 'Start m6', 'Start m7']);
  });

  it('sends one command for a double click while the first is in flight', async () => {
    let release: (r: Result<unknown>) => void = () => undefined;
    const StartModule = vi.fn(() => new Promise<Result<unknown>>((r) => (release = r)));
    const ops = createOperations(api({ StartModule }));
    const first = ops.startModule('m');
    expect(useOperationsStore.getState().pending[operationKey.module('m')]).toBe(true);
    await ops.startModule('m');
    release({ ok: true, value: { module: moduleView('m') } });
    await first;
    expect(StartModule).toHaveBeenCalledTimes(1);
    expect(useOperationsStore.getState().pending).toEqual({});
  });
});

describe('assigning roles', () => {
  it('assigns an instrument, unassigns with null, and reports a refusal', async () => {
    const AssignInstrumentToModule = vi.fn(async () => ({ ok: false as const, error: { code: 'INVALID_STATE' as const, message: 'stop it first' } }));
    const UnassignInstrumentFromModule = vi.fn(async () => ({ ok: true as const, value: { module: moduleView('m') } }));
    const ops = createOperations(api({ AssignInstrumentToModule, UnassignInstrumentFromModule }));
    await ops.assignRole('m', 'power_meter', 'pm');
    await ops.assignRole('m', 'power_meter', null);
    expect(AssignInstrumentToModule).toHaveBeenCalledWith({ moduleId: 'm', role: 'power_meter', instrumentId: 'pm' });
    expect(UnassignInstrumentFromModule).toHaveBeenCalledWith({ moduleId: 'm', role: 'power_meter' });
    expect(toasts()).toMatchObject([
      { kind: 'error', action: 'Assign pm as power_meter of m', code: 'INVALID_STATE' },
      { kind: 'success', action: 'Unassigned power_meter of m' },
    ]);
  });
});

describe('adding an instrument', () => {
  it('validates id and fields before sending anything', async () => {
    useInstrumentsStore.getState().snapshotLoaded([instrumentView('taken')]);
    const AddInstrumentDynamic = vi.fn();
    const ops = createOperations(api({ AddInstrumentDynamic }));
    const form = useAddInstrumentStore.getState();
    form.formOpened();
    form.typePicked('newport_1830c');
    form.idChanged('taken');
    await ops.addInstrument();
    expect(AddInstrumentDynamic).not.toHaveBeenCalled();
    expect(useAddInstrumentStore.getState().idError).toMatch(/already exists/);
    expect(useAddInstrumentStore.getState().errors['port']).toBe('required');
  });

  it('sends typed values, leaves out empty optional fields and closes the form', async () => {
    const AddInstrumentDynamic = vi.fn(async () => ({ ok: true as const, value: { instrument: instrumentView('pm2'), persisted: true } }));
    const ops = createOperations(api({ AddInstrumentDynamic }));
    const form = useAddInstrumentStore.getState();
    form.formOpened();
    form.typePicked('mock');
    form.idChanged('pm2');
    form.draftChanged('sample_rate_hz', '4');
    form.draftChanged('profile', 'power_meter');
    await ops.addInstrument();
    expect(AddInstrumentDynamic).toHaveBeenCalledWith({
      id: 'pm2',
      config: { type: 'mock', profile: 'power_meter', sample_rate_hz: 4, num_samples: 64, amplitude: 1, offset: 0 },
    });
    expect(useAddInstrumentStore.getState().open).toBe(false);
  });

  it('keeps the form open with the refusal when the core says no', async () => {
    const ops = createOperations(api({ AddInstrumentDynamic: async () => ({ ok: false, error: { code: 'DUPLICATE', message: 'exists' } }) }));
    const form = useAddInstrumentStore.getState();
    form.formOpened();
    form.idChanged('x');
    await ops.addInstrument();
    expect(useAddInstrumentStore.getState()).toMatchObject({ open: true, submitError: { code: 'DUPLICATE' } });
    // The form says it next to its fields; a toast over the form would say it twice.
    expect(toasts()).toEqual([]);
    expect(logMessages()).toEqual(['warn Add instrument x failed: DUPLICATE: exists']);
  });
});

describe('removing an instrument', () => {
  it('keeps the dialog open with a refusal it cannot resolve, said there and not again in a toast', async () => {
    const ops = createOperations(
      api({
        RemoveInstrumentDynamic: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'lost' } }),
        GetInstrumentDependencies: async () => ({ ok: true, value: { id: 'pm', dependents: [] } }),
      }),
    );
    await ops.openRemoveDialog('pm');
    await ops.removeInstrument();
    expect(toasts()).toEqual([]);
    expect(useRemoveDialogStore.getState()).toMatchObject({ targetId: 'pm', error: { code: 'UNAVAILABLE' } });
  });
});
