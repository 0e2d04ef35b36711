/**
 * What the edit panel's "Device" section shows: one group per action the instrument offers
 * (`actionsOf`: Move to / Home / Stop, Open / Close shutter, Zero), each argument as a field
 * with its range and error, and the last answer. Pure: the instrument, the drafts and what is
 * in flight in, views out (the arguments a click sends are built in `device-action-args.ts`).
 */
import { actionsOf, type InstrumentActionSpec } from '../../../shared/model/instrument-actions.js';
import type { ParamSpec, ParamValue } from '../../../shared/model/parameters.js';
import { draftOf } from '../../stores/device-action-args.js';
import { actionKey, type DeviceActionsState } from '../../stores/device-actions-store.js';
import { checkDraft, rangeHint } from '../../stores/param-drafts.js';

export interface ActionFieldView {
  readonly name: string;
  readonly inputId: string;
  readonly label: string;
  readonly unit: string | undefined;
  readonly hint: string;
  readonly draft: string;
  readonly error: string | undefined;
}

export interface DeviceActionView {
  readonly action: string;
  readonly label: string;
  readonly description: string;
  readonly fields: readonly ActionFieldView[];
  /** The device or core refused it: "IN_USE: …" names the module that owns the motion. */
  readonly refusal: string | undefined;
  readonly inUse: boolean;
  readonly outcome: string | undefined;
  readonly busy: boolean;
}

type Config = Readonly<Record<string, ParamValue>>;

function fieldView(id: string, action: string, arg: string, spec: ParamSpec, draft: string, tried: boolean): ActionFieldView {
  const check = checkDraft(spec, draft, 'add');
  // An empty required field is only an error once the action was tried.
  const error = check.ok || (!tried && draft.trim() === '') ? undefined : check.error;
  return { name: arg, inputId: `action-${id}-${action}-${arg}`, label: spec.label, unit: spec.unit, hint: rangeHint(spec), draft, error };
}

/** Every action of the instrument, in the table's order. */
export function deviceActionsView(id: string, type: string, config: Config, state: DeviceActionsState, pending: (action: string) => boolean): readonly DeviceActionView[] {
  return Object.entries(actionsOf(type, config)).map(([action, spec]: [string, InstrumentActionSpec]) => {
    const key = actionKey(id, action);
    const refusal = state.refusals[key];
    return {
      action,
      label: spec.label,
      description: spec.description,
      fields: Object.entries(spec.args).map(([arg, argSpec]) =>
        fieldView(id, action, arg, argSpec, draftOf(state, id, type, config, action, arg), state.tried[key] === true),
      ),
      // IN_USE is said in words by the section ("In use:"); other refusals keep their code.
      refusal: refusal ? (refusal.code === 'IN_USE' ? refusal.message : `${refusal.code}: ${refusal.message}`) : undefined,
      inUse: refusal?.code === 'IN_USE',
      outcome: state.outcomes[key],
      busy: pending(action),
    };
  });
}
