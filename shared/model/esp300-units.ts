/**
 * ESP300 axis units: the `SN` codes of the user manual's SN page (0 encoder count … 11 µrad; the
 * predecessor's example file numbered them wrongly), with the word the GUI shows for each code
 * and the symbol readings carry. The controller treats the unit as a label only: velocity and
 * acceleration are in that unit per second (squared), so an axis in degrees moves in deg/s.
 */
import type { ParamSpec, ParamValue } from './parameters.js';

/** Symbols of the codes 0-11, as readings and rates carry them. */
export const esp300UnitLabels = ['counts', 'steps', 'mm', 'µm', 'in', 'mil', 'µin', 'deg', 'grad', 'rad', 'mrad', 'µrad'] as const;

/** Words of the codes 0-11, as the GUI offers them. */
const esp300UnitWords = [
  'encoder counts',
  'motor steps',
  'millimetre',
  'micrometre',
  'inches',
  'milli-inches',
  'micro-inches',
  'degree',
  'gradian',
  'radian',
  'milliradian',
  'microradian',
] as const;

const unitCodes = esp300UnitWords.map((_, code) => code);

/** One `axisN` table: the unit first, since the rates are read in it. */
export const esp300Axis: ParamSpec = {
  kind: 'table',
  label: 'Axis',
  fields: {
    units: {
      kind: 'integer',
      label: 'Units',
      min: 0,
      max: 11,
      choices: unitCodes,
      labels: Object.fromEntries(esp300UnitWords.map((word, code) => [String(code), word])),
      default: 2,
      live: true,
      description: 'The unit the axis counts in (the controller\'s SN code); velocity and acceleration are in it too',
    },
    velocity: { kind: 'float', label: 'Velocity', unit: 'units/s', min: 0, max: 1000, default: 5, live: true },
    acceleration: { kind: 'float', label: 'Acceleration', unit: 'units/s²', min: 0, max: 10000, default: 10, live: true },
  },
};

/** The position unit of one ESP300 axis (`axisN.units`, default 2 = mm). */
export function esp300AxisUnit(params: Readonly<Record<string, ParamValue>>, axis: number): string {
  const table = params[`axis${axis}`];
  const code = table && typeof table === 'object' && !Array.isArray(table) ? (table as Record<string, ParamValue>)['units'] : undefined;
  return esp300UnitLabels[typeof code === 'number' ? code : 2] ?? 'units';
}

const axisRate = /^axis([1-9])\.(velocity|acceleration)$/;

/** "mm/s" or "deg/s²" for `axisN.velocity` / `axisN.acceleration`; undefined for other paths. */
export function esp300RateUnit(params: Readonly<Record<string, ParamValue>>, path: string): string | undefined {
  const m = axisRate.exec(path);
  if (!m) return undefined;
  return `${esp300AxisUnit(params, Number(m[1]))}/s${m[2] === 'acceleration' ? '²' : ''}`;
}
