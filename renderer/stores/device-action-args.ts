/**
 * The arguments an instrument action would be sent with, from the edit panel's drafts (a
 * one-axis device's axis or the first bus address filled in), and the notice for its answer.
 */
import { actionsOf, type ActionArgs } from '../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../shared/model/parameters.js';
import { argKey, type DeviceActionsState } from './device-actions-store.js';
import { checkDraft } from './param-drafts.js';

type Config = Readonly<Record<string, ParamValue>>;

/** The first axis or bus address the instrument has, so a one-axis device needs no typing. */
export function defaultArgDraft(type: string, config: Config, arg: string): string {
  if (arg === 'axis' && type === 'esp300') return '1';
  if (arg === 'address' && type === 'elliptec') {
    const addresses = config['device_addresses'];
    const first = Array.isArray(addresses) ? addresses.find((a) => typeof a === 'number') : undefined;
    return first === undefined ? '0' : String(first);
  }
  return '';
}

export function draftOf(state: DeviceActionsState, id: string, type: string, config: Config, action: string, arg: string): string {
  return state.drafts[argKey(id, action, arg)] ?? defaultArgDraft(type, config, arg);
}

/** The arguments the drafts make, or the error of each argument that does not parse. */
export function actionArgs(
  id: string,
  type: string,
  config: Config,
  action: string,
  state: DeviceActionsState,
): { readonly ok: true; readonly args: ActionArgs } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> } {
  const spec = actionsOf(type, config)[action];
  if (!spec) return { ok: false, errors: { action: 'unknown action' } };
  const args: Record<string, number | boolean | string> = {};
  const errors: Record<string, string> = {};
  for (const [arg, argSpec] of Object.entries(spec.args)) {
    const check = checkDraft(argSpec, draftOf(state, id, type, config, action, arg), 'add');
    if (!check.ok) errors[arg] = check.error;
    else if (check.value !== undefined) args[arg] = check.value as number | boolean | string;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}

/** The notice for an action the device took: finished, or sent and carrying on by itself. */
export function actionOutcomeText(label: string, id: string, completed: boolean, position: number | undefined): string {
  if (!completed) return `${label} sent to ${id}; follow its readings`;
  return position === undefined ? `${label} done on ${id}` : `${label} done on ${id} (at ${Number(position.toPrecision(6))})`;
}
