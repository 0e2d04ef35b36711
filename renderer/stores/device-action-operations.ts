/**
 * Runs one instrument action from the edit panel: the arguments are checked in the form first
 * (nothing is sent while one is wrong), a success is a short notice, and a refusal (IN_USE: a
 * running module owns the rotator) is shown next to the action's button, not as a toast.
 */
import { actionsOf } from '../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../shared/model/parameters.js';
import { actionArgs, actionOutcomeText } from './device-action-args.js';
import { useDeviceActionsStore } from './device-actions-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import type { OperationKit } from './operation-kit.js';

export interface DeviceActionOperations {
  runDeviceAction(id: string, action: string): Promise<void>;
}

/** The key an action in flight is tracked under. */
export function deviceActionKey(id: string, action: string): string {
  return `action:${id}:${action}`;
}

export function createDeviceActionOperations(kit: OperationKit): DeviceActionOperations {
  async function runDeviceAction(id: string, action: string): Promise<void> {
    const view = useInstrumentsStore.getState().byId[id];
    if (!view) return;
    const config = view.config as Readonly<Record<string, ParamValue>>;
    const store = useDeviceActionsStore.getState();
    store.actionTried(id, action);
    const built = actionArgs(id, view.type, config, action, store);
    if (!built.ok) return;
    const label = actionsOf(view.type, config)[action]?.label ?? action;
    const result = await kit.track(deviceActionKey(id, action), () => kit.api.InstrumentAction({ id, action, args: built.args }));
    if (!result) return;
    if (result.ok) {
      const text = actionOutcomeText(label, id, result.value.completed, result.value.position);
      useDeviceActionsStore.getState().actionDone(id, action, text);
      kit.reportSuccess(text);
    } else {
      kit.reportFailure(`${label} ${id}`, result.error, true);
      useDeviceActionsStore.getState().actionRefused(id, action, result.error);
    }
  }
  return { runDeviceAction };
}
