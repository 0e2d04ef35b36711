import { beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import { deviceActionsView } from '../features/instruments/device-actions-view.js';
import { fakeApi } from '../test-support/fake-api.js';
import { instrumentView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { actionArgs } from './device-action-args.js';
import { createDeviceActionOperations } from './device-action-operations.js';
import { useDeviceActionsStore } from './device-actions-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import { createOperationKit } from './operation-kit.js';
import { useToastsStore } from './toasts-store.js';

const now = () => new Date('2026-12-06T12:00:00.000Z');
const rotator = instrumentView('hwp_rotator', { type: 'elliptec', config: { type: 'elliptec', port: 'sim://elliptec', device_addresses: [1, 2] } });
const state = () => useDeviceActionsStore.getState();
const noneInFlight = () => false;

beforeEach(() => {
  resetStores();
  useInstrumentsStore.getState().snapshotLoaded([rotator]);
});

describe('the Device section', () => {
  it('offers the type\'s actions with their arguments, the first bus address filled in', () => {
    const views = deviceActionsView('hwp_rotator', 'elliptec', rotator.config as never, state(), noneInFlight);
    expect(views.map((v) => v.label)).toEqual(['Move to', 'Home', 'Stop']);
    expect(views[0]?.fields.map((f) => [f.label, f.unit, f.draft])).toEqual([
      ['Bus address', undefined, '1'],
      ['Angle', 'deg', ''],
    ]);
    expect(deviceActionsView('m', 'maitai', {}, state(), noneInFlight).map((v) => v.label)).toEqual(['Open shutter', 'Close shutter']);
    expect(deviceActionsView('m', 'newport_1830c', {}, state(), noneInFlight).map((v) => v.label)).toEqual(['Zero']);
    expect(deviceActionsView('m', 'mock', { profile: 'signal' }, state(), noneInFlight)).toEqual([]);
  });

  it('shows a missing required argument only once the action was tried, and a bad one at once', () => {
    const angle = () => deviceActionsView('hwp_rotator', 'elliptec', rotator.config as never, state(), noneInFlight)[0]?.fields[1];
    expect(angle()?.error).toBeUndefined();
    state().actionTried('hwp_rotator', 'move_to');
    expect(angle()?.error).toBe('required');
    state().draftChanged('hwp_rotator', 'move_to', 'angle', '400');
    expect(angle()?.error).toMatch(/360/);
  });

  it('builds the arguments from the drafts', () => {
    state().draftChanged('hwp_rotator', 'move_to', 'angle', '45');
    expect(actionArgs('hwp_rotator', 'elliptec', rotator.config as never, 'move_to', state())).toEqual({ ok: true, args: { address: 1, angle: 45 } });
  });
});

describe('running an action', () => {
  it('sends nothing while an argument is wrong', async () => {
    const sent: unknown[] = [];
    const ops = createDeviceActionOperations(createOperationKit(fakeApi({ InstrumentAction: async (req) => (sent.push(req), { ok: true, value: {} }) }), now));
    await ops.runDeviceAction('hwp_rotator', 'move_to');
    expect(sent).toEqual([]);
  });

  it('sends the arguments and gives a notice when the device took it', async () => {
    const sent: unknown[] = [];
    const answer: Result<unknown> = { ok: true, value: { id: 'hwp_rotator', action: 'move_to', completed: true, position: 45.000837 } };
    const ops = createDeviceActionOperations(createOperationKit(fakeApi({ InstrumentAction: async (req) => (sent.push(req), answer) }), now));
    state().draftChanged('hwp_rotator', 'move_to', 'angle', '45');
    await ops.runDeviceAction('hwp_rotator', 'move_to');
    expect(sent).toEqual([{ id: 'hwp_rotator', action: 'move_to', args: { address: 1, angle: 45 } }]);
    expect(useToastsStore.getState().toasts).toMatchObject([{ kind: 'success', action: 'Move to done on hwp_rotator (at 45.0008)' }]);
  });

  it('shows IN_USE next to the action, not as a toast', async () => {
    const ops = createDeviceActionOperations(
      createOperationKit(fakeApi({ InstrumentAction: async () => ({ ok: false, error: { code: 'IN_USE', message: 'module pol_scan is running and owns its motion' } }) }), now),
    );
    await ops.runDeviceAction('hwp_rotator', 'home');
    const home = deviceActionsView('hwp_rotator', 'elliptec', rotator.config as never, state(), noneInFlight)[1];
    expect(home).toMatchObject({ inUse: true, refusal: 'module pol_scan is running and owns its motion' });
    expect(useToastsStore.getState().toasts).toEqual([]);
    // Typing again clears the answer: it no longer describes what would be sent.
    state().draftChanged('hwp_rotator', 'home', 'address', '2');
    expect(state().refusals).toEqual({});
  });
});
