/**
 * Instrument actions as data: what an instrument can be told to do besides taking a parameter
 * (move, home, stop, open the shutter, zero), and the arguments each action takes, written as
 * parameter specs. The core checks a request against this table before any byte reaches a
 * device, and the GUI builds its buttons from it, so an axis range is written once.
 */
import type { InstrumentType } from './instrument-types.js';
import { mockProfile } from './mock-profiles.js';
import { paramsObjectSchema, type ParamSpec, type ParamSpecs, type ParamValue } from './parameters.js';

export interface InstrumentActionSpec {
  readonly label: string;
  readonly description: string;
  readonly args: ParamSpecs;
  /**
   * The action moves the instrument. A running module that positions the instrument (its
   * rotator or stage) owns its motion: a move by anyone else is refused until it stops. Stop
   * is never refused.
   */
  readonly moves: boolean;
}

/** The arguments of one action request, as sent. */
export type ActionArgs = Readonly<Record<string, number | boolean | string>>;

/** What the device said about an action. */
export interface ActionOutcome {
  /**
   * True when the device reported the action finished (an ELL14 answers a move only on
   * arrival, the MaiTai's shutter is read back). False when it took the command and carries
   * on without a word (ESP300 moves are silent): follow the position readings.
   */
  readonly completed: boolean;
  /** Where a move ended, when the device says so. */
  readonly position?: number;
}

const esp300Axis: ParamSpec = { kind: 'integer', label: 'Axis', min: 1, max: 3 };
const busAddress: ParamSpec = { kind: 'integer', label: 'Bus address', min: 0, max: 15, description: 'Hex digit 0-F written as 0-15' };
const required = (spec: ParamSpec): ParamSpec => ({ ...spec, required: true });

const esp300Actions = {
  move_to: {
    label: 'Move to',
    description: 'Moves one axis to an absolute position in its own units (nPA)',
    moves: true,
    args: { axis: required(esp300Axis), position: { kind: 'float', label: 'Position', unit: 'axis units', min: -1e6, max: 1e6, required: true } },
  },
  home: { label: 'Home', description: 'Origin search on one axis (nOR)', moves: true, args: { axis: required(esp300Axis) } },
  stop: { label: 'Stop', description: 'Stops one axis, or every axis in use when none is given (nST)', moves: false, args: { axis: esp300Axis } },
} as const satisfies Record<string, InstrumentActionSpec>;

const elliptecActions = {
  move_to: {
    label: 'Move to',
    description: 'Turns one mount to an absolute angle; answers on arrival (<a>ma)',
    moves: true,
    args: { address: required(busAddress), angle: { kind: 'float', label: 'Angle', unit: 'deg', min: -360, max: 360, required: true } },
  },
  home: { label: 'Home', description: 'Sends one mount to its home position; answers on arrival (<a>ho0)', moves: true, args: { address: required(busAddress) } },
  stop: { label: 'Stop', description: 'Stops one mount, or every mount on the bus when none is given (<a>st)', moves: false, args: { address: busAddress } },
} as const satisfies Record<string, InstrumentActionSpec>;

/** Actions by instrument type; a `mock` takes those of its profile (see {@link actionsOf}). */
export const instrumentActions = {
  esp300: esp300Actions,
  elliptec: elliptecActions,
  maitai: {
    open_shutter: { label: 'Open shutter', description: 'Opens the output shutter and reads it back (SHUTTER:1)', moves: false, args: {} },
    close_shutter: { label: 'Close shutter', description: 'Closes the output shutter and reads it back (SHUTTER:0)', moves: false, args: {} },
  },
  newport_1830c: {
    zero: { label: 'Zero', description: 'Takes the light on the detector now as zero (CS)', moves: false, args: {} },
  },
} as const satisfies Partial<Record<InstrumentType, Record<string, InstrumentActionSpec>>>;

/** A mock standing in for a stage moves at once to where it is sent. */
const mockStageActions = {
  move_to: {
    label: 'Move to',
    description: 'Moves the simulated stage to a position at once',
    moves: true,
    args: { position: { kind: 'float', label: 'Position', unit: 'mm', min: -1e6, max: 1e6, required: true } },
  },
} as const satisfies Record<string, InstrumentActionSpec>;

/** The actions one configured instrument offers (a mock's follow its `profile`). */
export function actionsOf(type: string, params: Readonly<Record<string, ParamValue>>): Readonly<Record<string, InstrumentActionSpec>> {
  if (type === 'mock') return mockProfile(params) === 'stage' ? mockStageActions : {};
  return Object.hasOwn(instrumentActions, type) ? instrumentActions[type as keyof typeof instrumentActions] : {};
}

/** One problem with an action request, at `args.<name>` or at `action`. */
export interface ActionIssue {
  readonly path: string;
  readonly message: string;
}

export type ActionCheck =
  | { readonly ok: true; readonly spec: InstrumentActionSpec; readonly args: ActionArgs }
  | { readonly ok: false; readonly message: string; readonly issues: readonly ActionIssue[] };

function integerList(value: ParamValue | undefined, fallback: readonly number[]): readonly number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : fallback;
}

/** Checks that an axis or bus address is one this instrument is configured with. */
function instanceIssues(type: string, params: Readonly<Record<string, ParamValue>>, args: ActionArgs): ActionIssue[] {
  if (type === 'esp300' && typeof args['axis'] === 'number') {
    const axes = typeof params['num_axes'] === 'number' ? params['num_axes'] : 3;
    if (args['axis'] > axes) return [{ path: 'args.axis', message: `this controller uses axes 1-${axes} (num_axes)` }];
  }
  if (type === 'elliptec' && typeof args['address'] === 'number') {
    const addresses = integerList(params['device_addresses'], [0]);
    if (!addresses.includes(args['address'])) return [{ path: 'args.address', message: `no mount at this address on the bus (device_addresses: ${addresses.join(', ')})` }];
  }
  return [];
}

/**
 * Checks an action request against the instrument's table: the action exists, every argument
 * has its kind and range, required ones are there, unknown ones are refused, and an axis or
 * address is one the instrument has.
 */
export function checkAction(type: string, params: Readonly<Record<string, ParamValue>>, action: string, args: ActionArgs): ActionCheck {
  const offered = actionsOf(type, params);
  if (!Object.hasOwn(offered, action)) {
    const names = Object.keys(offered);
    const known = names.length ? `actions: ${names.join(', ')}` : 'it has no actions';
    return { ok: false, message: `${type} has no action "${action}" (${known})`, issues: [{ path: 'action', message: 'unknown action' }] };
  }
  const spec = offered[action] as InstrumentActionSpec;
  const parsed = paramsObjectSchema(spec.args).safeParse(args);
  const issues: ActionIssue[] = parsed.success
    ? instanceIssues(type, params, parsed.data as ActionArgs)
    : parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((key) => ({ path: `args.${key}`, message: 'unknown argument' }))
          : [{ path: ['args', ...i.path.map(String)].join('.'), message: i.message }],
      );
  if (issues.length > 0) return { ok: false, message: `${action}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues };
  return { ok: true, spec, args: parsed.data as ActionArgs };
}
