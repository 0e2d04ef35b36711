/**
 * The power monitor: counts readings of its meter below `low_threshold` and above
 * `high_threshold` (thresholds read on every reading, so an edit applies at once), keeps the
 * last `window_duration_s` of power for plotting, and records every reading. It runs until
 * stopped; an instrument error only pauses it (degraded) until the meter is back.
 */
import { numberParam, type PlanSetup, type RunPlan } from '../run-plan.js';
import type { ModuleConfig } from '../../../../shared/model/config.js';
import { requireRoleInstrument, unitOf } from './role-instruments.js';

/** The most points the window keeps, whatever its duration (50 Hz for 100 s). */
const MAX_WINDOW_POINTS = 5000;

export function planPowerMonitor(setup: PlanSetup, current: () => ModuleConfig): RunPlan {
  const meter = requireRoleInstrument(setup, 'power_meter');
  const channel = `${meter.id}:power`;
  const stats: Record<string, number> = {};
  return {
    columns: [{ name: 'power', unit: unitOf(setup.host, meter, 'power') }],
    maxPoints: MAX_WINDOW_POINTS,
    retainMs: (numberParam(setup.config, 'window_duration_s') ?? 60) * 1000,
    observe(reading, ctx) {
      if (reading.channel !== channel) return false;
      const config = current();
      const low = numberParam(config, 'low_threshold') ?? 0;
      const high = numberParam(config, 'high_threshold') ?? Infinity;
      stats['samples'] = (stats['samples'] ?? 0) + 1;
      stats['last_w'] = reading.value;
      if (reading.value < low) stats['below'] = (stats['below'] ?? 0) + 1;
      if (reading.value > high) stats['above'] = (stats['above'] ?? 0) + 1;
      ctx.setStats(stats);
      void ctx.record({ power: reading.value }, { time: reading.timestamp, units: { power: reading.unit } });
      return true;
    },
  };
}
