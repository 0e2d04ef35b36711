/** The plan of each module type's run. */
import { AppError } from '../../../shared/errors.js';
import type { ModuleConfig } from '../../../shared/model/config.js';
import type { PlanSetup, RunPlan } from './run-plan.js';
import { planImaging } from './runners/imaging.js';
import { planPolarizationScan } from './runners/polarization-scan.js';
import { planPowerMonitor } from './runners/power-monitor.js';

/** Builds the plan of a module's next run; VALIDATION when its setup cannot run. */
export function planRun(setup: PlanSetup, current: () => ModuleConfig): RunPlan {
  switch (setup.config.type) {
    case 'polarization_scan':
      return planPolarizationScan(setup);
    case 'camera':
      return planImaging(setup);
    case 'power_meter':
      return planPowerMonitor(setup, current);
    default:
      throw new AppError('VALIDATION', `module type "${setup.config.type}" has no run`);
  }
}
