/**
 * Imaging: takes `frames` frames from the camera, one per fresh reading of its first channel
 * (the mock camera's `mean_intensity`; a camera's other channels are read with it). With a
 * stage in its role, the stage goes to `stage_start + k * stage_step` before frame k and the
 * frame is taken once it is there.
 */
import { AppError } from '../../../../shared/errors.js';
import { moveAndArrive, positionerOf, type Positioner } from '../positioning.js';
import { numberParam, roleInstrument, type PlanSetup, type RunPlan } from '../run-plan.js';
import { READING_TIMEOUT_MS } from './polarization-scan.js';
import { requireRoleInstrument, unitOf } from './role-instruments.js';

/** The most frames a run keeps in memory for plotting. */
const MAX_FRAMES_KEPT = 100_000;

export function planImaging(setup: PlanSetup): RunPlan {
  const { config, host, moduleId } = setup;
  const camera = requireRoleInstrument(setup, 'camera');
  const stage = roleInstrument(setup, 'stage') ? requireRoleInstrument(setup, 'stage') : undefined;
  const positioner: Positioner | undefined = stage ? positionerOf(stage, config['stage_axis'] as number | undefined, 'stage_axis') : undefined;
  const [trigger, ...others] = camera.channels;
  if (!trigger) throw new AppError('VALIDATION', `camera "${camera.id}" streams no channel to take frames from`, { id: camera.id });
  const frames = numberParam(config, 'frames') ?? 1;
  const start = numberParam(config, 'stage_start') ?? 0;
  const step = numberParam(config, 'stage_step') ?? 0.1;
  const tolerance = numberParam(config, 'stage_tolerance') ?? 0.001;
  const stageUnit = stage && positioner ? unitOf(host, stage, positioner.channel.slice(stage.id.length + 1)) : '';
  return {
    columns: [
      ...(positioner ? [{ name: 'stage_set', unit: stageUnit }, { name: 'stage', unit: stageUnit }] : []),
      ...camera.channels.map((c) => ({ name: c.name, unit: unitOf(host, camera, c.name) })),
    ],
    total: frames,
    maxPoints: MAX_FRAMES_KEPT,
    async run(ctx) {
      for (let k = 0; k < frames; k += 1) {
        const values: Record<string, number> = {};
        if (positioner) {
          const target = Math.round((start + k * step) * 1e9) / 1e9;
          values['stage_set'] = target;
          values['stage'] = await moveAndArrive(host, moduleId, positioner, target, tolerance, ctx.signal);
        }
        const frame = await host.next(`${camera.id}:${trigger.name}`, { timeoutMs: READING_TIMEOUT_MS, signal: ctx.signal, what: 'a frame' });
        values[trigger.name] = frame.value;
        for (const c of others) {
          const latest = host.latest(`${camera.id}:${c.name}`);
          if (latest) values[c.name] = latest.value;
        }
        await ctx.record(values, { time: frame.timestamp });
        ctx.setStats({ frame: k + 1, frames, ...values });
      }
    },
  };
}
