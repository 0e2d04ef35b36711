/**
 * Moving the running system from one validated config to another by applying their diff:
 * the new config becomes current first (so every spawn reads it — the spec's sample spawned
 * from the old settings), then modules stop before the instruments they use go, instruments
 * change (see `apply-instruments.ts` for their order), and modules come up after the
 * instruments they use. Every step records its undo; if one fails, the steps done so far are
 * undone in reverse and the old config, runtimes and module states are back. Hot reload uses
 * this now; rollback and transaction commits go through the same engine.
 */
import { AppError } from '../../../shared/errors.js';
import type { DaqConfig, ModuleConfig } from '../../../shared/model/config.js';
import { DependencyGraph } from '../dependencies/index.js';
import type { ConfigDiff } from '../changes/config-diff.js';
import { applyInstruments, type ApplyRun } from './apply-instruments.js';
import type { CoreContext } from './core-context.js';

/**
 * Stops removed modules, and running modules whose roles change (a role may move to an
 * instrument that is not up yet, and the module was started with the old ones in mind). A
 * module whose parameters alone change keeps running. Returns the warnings to log once the
 * apply has succeeded (an undone apply puts the modules back running, so they would mislead).
 */
function takeDownModules(run: ApplyRun, diff: ConfigDiff, restart: string[]): string[] {
  const { ctx, undo } = run;
  const notes: string[] = [];
  for (const id of diff.removedModules) {
    const mod = ctx.requireModule(id);
    const saved = mod.snapshot();
    if (mod.active) mod.stop();
    ctx.modules.delete(id);
    undo.push(async () => {
      mod.restore(saved);
      ctx.modules.set(id, mod);
    });
  }
  for (const change of diff.modifiedModules) {
    const mod = ctx.requireModule(change.id);
    if (change.roles.length === 0 || !mod.active) continue;
    const saved = mod.snapshot();
    mod.stop(roleChangeReason(change, diff));
    undo.push(async () => mod.restore(saved));
    if (run.restartModules) {
      restart.push(change.id);
      continue;
    }
    const roles = change.roles.map((r) => `${r.role} ${r.before ?? '(unset)'} → ${r.after ?? '(unset)'}`).join(', ');
    notes.push(`module ${change.id} was stopped because its roles changed (${roles}); start it again when ready`);
  }
  return notes;
}

/** Why a role change stopped a module's run, as its recording keeps it. */
function roleChangeReason(change: ConfigDiff['modifiedModules'][number], diff: ConfigDiff): string {
  return change.roles
    .map((r) =>
      r.after === null && r.before !== null && diff.removedInstruments.includes(r.before)
        ? `role "${r.role}" lost instrument "${r.before}"`
        : `role "${r.role}" changed from ${r.before ?? '(unset)'} to ${r.after ?? '(unset)'}`,
    )
    .join('; ');
}

/** Starts again the modules a role change stopped, once their new instruments are up. */
function restartModules(run: ApplyRun, ids: readonly string[]): void {
  const { ctx } = run;
  for (const id of ids) {
    const mod = ctx.requireModule(id);
    mod.start((instrumentId) => ctx.instruments.get(instrumentId)?.status === 'running');
    run.undo.push(async () => mod.stop());
  }
}

/** Gives modified modules their new config in place, adds new modules, rebuilds the graph. */
function bringUpModules(run: ApplyRun, diff: ConfigDiff): void {
  const { ctx, next, undo } = run;
  for (const change of diff.modifiedModules) {
    const mod = ctx.requireModule(change.id);
    const saved = mod.snapshot();
    // A module reads its parameters on every reading, so a running one takes new values in
    // place and keeps its state and stats (recreating it stopped it without a word).
    mod.config = next.modules[change.id] as ModuleConfig;
    if (change.roles.length > 0) mod.refreshIdleState();
    undo.push(async () => mod.restore(saved));
  }
  for (const id of diff.addedModules) {
    const mod = ctx.newModule(id, next.modules[id] as ModuleConfig);
    mod.refreshIdleState();
    ctx.modules.set(id, mod);
    undo.push(async () => {
      ctx.modules.delete(id);
      run.undone.modules.push(id);
    });
  }
  const graph = ctx.graph;
  ctx.graph = DependencyGraph.fromModules(next.modules);
  undo.push(async () => {
    ctx.graph = graph;
  });
}

/** An undo step that failed, in words; the other steps ran anyway. */
export interface UndoFailure {
  readonly step: number;
  readonly message: string;
}

/**
 * Takes back every step of an apply, newest first, and tells the renderer about what went
 * again. Every step runs even when one throws: a half-taken-back system is worse than one
 * step that could not be taken back, which is reported.
 */
async function undoAll(run: ApplyRun, previous: DaqConfig | null): Promise<UndoFailure[]> {
  const { ctx } = run;
  const failures: UndoFailure[] = [];
  const steps = [...run.undo].reverse();
  for (const [i, step] of steps.entries()) {
    try {
      await step();
    } catch (err) {
      failures.push({ step: steps.length - i, message: err instanceof Error ? err.message : String(err) });
    }
  }
  ctx.config = previous;
  if (previous) ctx.graph = DependencyGraph.fromModules(previous.modules);
  // A module put back as running follows what its instruments do now (one may not have come
  // back up), and one that degraded during the attempt resumes if they did.
  for (const id of ctx.instruments.keys()) ctx.modulesFollow(id);
  for (const id of run.undone.instruments) ctx.bus.emit({ type: 'instruments:instrument-removed', id });
  for (const id of run.undone.modules) ctx.bus.emit({ type: 'modules:module-removed', id });
  for (const f of failures) ctx.addLog('error', `undo step ${f.step} failed: ${f.message}`);
  return failures;
}

/** The apply's error, saying too which undo steps failed (each is in the log as well). */
function withUndoFailures(err: unknown, failures: readonly UndoFailure[]): unknown {
  if (failures.length === 0) return err;
  const note = `; not everything could be taken back: ${failures.map((f) => f.message).join('; ')}`;
  if (err instanceof AppError) return new AppError(err.code, `${err.message}${note}`, { ...(err.details as object | undefined), undoFailures: failures });
  return new AppError('INTERNAL', `${err instanceof Error ? err.message : String(err)}${note}`, { undoFailures: failures });
}

/** Takes an applied change back (the old config, runtimes and module states); answers what failed. */
export type UndoHandle = () => Promise<UndoFailure[]>;

export interface ApplyOptions {
  /**
   * Commands and commits refuse an added instrument that cannot connect (the change is undone);
   * hot reload keeps it, in error and retrying, like at start-up.
   */
  readonly strictStart?: boolean;
  /** Running modules whose roles change are started again with their new instruments (reassign). */
  readonly restartModules?: boolean;
  /** The caller reports the modules whose roles change (a forced removal says which role lost what). */
  readonly quietRoleChanges?: boolean;
}

/**
 * Applies `diff` (from the current config to `next`) and answers the handle that takes it back
 * (a later step of the caller, such as the file write of an all-or-nothing commit, may fail);
 * on failure undoes it and rethrows.
 */
export async function applyConfig(ctx: CoreContext, next: DaqConfig, diff: ConfigDiff, options: ApplyOptions = {}): Promise<UndoHandle> {
  const previous = ctx.config;
  const run: ApplyRun = { ctx, next, undo: [], undone: { instruments: [], modules: [] }, strictStart: options.strictStart === true, restartModules: options.restartModules === true };
  ctx.config = next;
  let notes: string[];
  const restart: string[] = [];
  try {
    notes = takeDownModules(run, diff, restart);
    await applyInstruments(run, diff);
    bringUpModules(run, diff);
    restartModules(run, restart);
  } catch (err) {
    const failures = await undoAll(run, previous);
    throw withUndoFailures(err, failures);
  }
  if (!options.quietRoleChanges) for (const note of notes) ctx.addLog('warn', note);
  let undone = false;
  return async () => {
    if (undone) return [];
    undone = true;
    return undoAll(run, previous);
  };
}
