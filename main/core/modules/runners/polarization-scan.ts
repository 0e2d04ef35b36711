/**
 * The polarisation scan: turns the rotator from `start_deg` to `stop_deg` in steps of
 * `step_deg`; at each angle it waits until the rotator is there, takes the first detector power
 * reading that arrives after that (never one measured during the move), and the laser's
 * wavelength when a laser fills its role. One recorded point per angle.
 */
import { AppError } from '../../../../shared/errors.js';
import { moveAndArrive, positionerOf } from '../positioning.js';
import { numberParam, roleInstrument, type PlanSetup, type RunPlan } from '../run-plan.js';
import { requireRoleInstrument, unitOf } from './role-instruments.js';

/** How long a fresh detector or laser reading may take to arrive. */
export const READING_TIMEOUT_MS = 10_000;
/** The most points a scan keeps in memory for plotting (720° in 0.01° steps). */
const MAX_SCAN_POINTS = 72_001;

/** The angles from `start` to `stop` (either way) in steps of `step`, `stop` included when on a step. */
export function scanAngles(start: number, stop: number, step: number): number[] {
  if (!(step > 0)) throw new AppError('VALIDATION', `step_deg must be above 0, got ${step}`);
  const direction = stop < start ? -1 : 1;
  // A hair of slack so 0..180 by 2 keeps 180 despite floating-point division.
  const count = Math.floor(Math.abs(stop - start) / step + 1e-9) + 1;
  return Array.from({ length: count }, (_, k) => Math.round((start + direction * k * step) * 1e9) / 1e9);
}

export function planPolarizationScan(setup: PlanSetup): RunPlan {
  const { config, host, moduleId } = setup;
  const rotator = requireRoleInstrument(setup, 'rotator');
  const detector = requireRoleInstrument(setup, 'detector');
  const laserId = roleInstrument(setup, 'laser');
  const laser = laserId ? requireRoleInstrument(setup, 'laser') : undefined;
  const positioner = positionerOf(rotator, config['rotator_axis'] as number | undefined, 'rotator_axis');
  const angles = scanAngles(numberParam(config, 'start_deg') ?? 0, numberParam(config, 'stop_deg') ?? 180, numberParam(config, 'step_deg') ?? 2);
  const tolerance = numberParam(config, 'tolerance_deg') ?? 0.1;
  const powerChannel = `${detector.id}:power`;
  const wavelengthChannel = laser ? `${laser.id}:wavelength` : undefined;
  return {
    columns: [
      { name: 'angle_set', unit: 'deg' },
      { name: 'angle', unit: 'deg' },
      { name: 'power', unit: unitOf(host, detector, 'power') },
      ...(laser ? [{ name: 'wavelength', unit: unitOf(host, laser, 'wavelength') }] : []),
    ],
    total: angles.length,
    maxPoints: MAX_SCAN_POINTS,
    async run(ctx) {
      const wait = { timeoutMs: READING_TIMEOUT_MS, signal: ctx.signal };
      for (const [k, target] of angles.entries()) {
        const angle = await moveAndArrive(host, moduleId, positioner, target, tolerance, ctx.signal);
        const power = await host.next(powerChannel, { ...wait, what: 'a power reading after the rotator arrived' });
        const values: Record<string, number> = { angle_set: target, angle, power: power.value };
        const units: Record<string, string> = { power: power.unit };
        if (wavelengthChannel) {
          const wavelength = host.latest(wavelengthChannel) ?? (await host.next(wavelengthChannel, { ...wait, what: 'a wavelength reading' }));
          values['wavelength'] = wavelength.value;
          units['wavelength'] = wavelength.unit;
        }
        await ctx.record(values, { units });
        ctx.setStats({ point: k + 1, points: angles.length, angle_deg: angle, power: power.value });
      }
    },
  };
}
