/**
 * The runs of the core's modules: checks whether one could start, begins it with its plan and
 * recording, and hears when it ends by itself. Shutting down waits for every recording to be
 * closed with its end line.
 */
import { AppError } from '../../../shared/errors.js';
import type { ModuleHost } from './module-host.js';
import { ModuleRun } from './module-run.js';
import type { RunControl, RunOwner, StartProblem } from './run-control.js';
import type { RunPlan } from './run-plan.js';
import { planRun } from './run-plans.js';

function problemOf(err: unknown): StartProblem {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

export class ModuleRuns implements RunControl {
  private readonly live = new Set<ModuleRun>();

  constructor(private readonly host: ModuleHost) {}

  startProblem(owner: RunOwner): StartProblem | undefined {
    const storage = this.host.storage();
    if (!storage) return { code: 'UNAVAILABLE', message: 'the config file has errors' };
    const down = Object.values(owner.config.roles).filter((id) => this.host.instrument(id)?.status !== 'running');
    if (down.length > 0) {
      const shown = down.map((id) => `"${id}" (${this.host.instrument(id)?.status ?? 'missing'})`).join(', ');
      return { code: 'INVALID_STATE', message: `instrument ${shown} not running`, details: { notRunning: down } };
    }
    if (storage.format !== 'csv') {
      return {
        code: 'UNAVAILABLE',
        message: `storage format "${storage.format}" ([storage] default_format) is not supported in this build; only "csv" is`,
        details: { format: storage.format },
      };
    }
    try {
      this.plan(owner);
    } catch (err) {
      return problemOf(err);
    }
    return undefined;
  }

  begin(owner: RunOwner): ModuleRun {
    const { host } = this;
    const storage = host.storage();
    // Start checks all this first; a module put back running by an undone change may meet a
    // setup that no longer runs, and its run then fails at once with why.
    let plan: RunPlan = { columns: [], maxPoints: 0 };
    let failure = storage ? undefined : 'the config file has errors';
    try {
      plan = this.plan(owner);
    } catch (err) {
      failure ??= problemOf(err).message;
    }
    const run = new ModuleRun({
      moduleId: owner.id,
      host,
      plan,
      folder: storage?.folder ?? '',
      ...(failure !== undefined ? { failure } : {}),
      header: {
        moduleId: owner.id,
        moduleType: owner.config.type,
        configFile: storage?.configFile ?? '',
        ...(storage?.revision ? { revision: storage.revision } : {}),
        pendingChanges: storage?.pendingChanges ?? 0,
        roles: Object.entries(owner.config.roles).map(([role, instrumentId]) => ({ role, instrumentId, type: host.instrument(instrumentId)?.config.type ?? 'unknown' })),
        params: owner.config,
      },
      onEnded: (ended, byItself) => {
        if (!byItself) return this.logEnd(owner.id, ended);
        host.schedule(() => {
          owner.runEnded(ended);
          this.logEnd(owner.id, ended);
          host.publish(owner.id);
        });
      },
    });
    this.live.add(run);
    void run.finished.finally(() => this.live.delete(run));
    return run;
  }

  private logEnd(moduleId: string, run: ModuleRun): void {
    const { state, done, reason } = run;
    const file = run.summary().file;
    const where = file ? `, recorded in ${file}` : '';
    this.host.log(state === 'failed' ? 'error' : 'info', `module ${moduleId}: run ${state} after ${done} point(s)${where}${reason ? `: ${reason}` : ''}`, moduleId);
  }

  /** Settles once every run has closed its recording. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.live].map((run) => run.finished));
  }

  private plan(owner: RunOwner): RunPlan {
    return planRun({ moduleId: owner.id, config: owner.config, host: this.host }, () => owner.config);
  }
}
