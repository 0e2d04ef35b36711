/**
 * GetInstrumentDependencies, UnassignInstrumentFromModule, RemoveInstrumentCascade: the
 * commands that keep "an instrument in use cannot disappear from under a module" explainable
 * and easy to resolve.
 */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import type { CoreContext } from './core-context.js';
import { runChange } from '../changes/change-pipeline.js';
import type { PersistOutcome } from './persist-outcome.js';

export async function getDependencies(
  ctx: CoreContext,
  req: CommandRequest<'GetInstrumentDependencies'>,
): Promise<CommandResponse<'GetInstrumentDependencies'>> {
  ctx.requireInstrument(req.id);
  const dependents = ctx.graph.dependentsOf(req.id).map((d) => {
    const state = ctx.requireModule(d.moduleId).state;
    return { ...d, moduleState: state, running: state === 'running' };
  });
  return { id: req.id, dependents };
}

/** A role emptied: one operation through the change pipeline. */
export async function unassignInstrument(
  ctx: CoreContext,
  req: CommandRequest<'UnassignInstrumentFromModule'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'UnassignInstrumentFromModule'>> {
  const mod = ctx.requireConfig().modules;
  const was = Object.hasOwn(mod, req.moduleId) && Object.hasOwn(mod[req.moduleId]!.roles, req.role) ? mod[req.moduleId]!.roles[req.role] : undefined;
  const outcome = await runChange(ctx, persist, {
    ops: [{ kind: 'unassign-role', moduleId: req.moduleId, role: req.role }],
    ...(req.persist === undefined ? {} : { persist: req.persist }),
  });
  ctx.addLog('info', `module ${req.moduleId}: role ${req.role} unassigned (was ${was ?? 'unset'})`);
  return { module: ctx.requireModule(req.moduleId).view(), persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/**
 * Removes an instrument together with the modules that depend on it, but only when the caller
 * confirmed exactly that set of modules: a confirmation given for an older state is a CONFLICT.
 * It is one change set through the pipeline: the modules and the instrument go together, and
 * if the instrument cannot be taken down the modules come back as they were.
 */
export async function removeCascade(
  ctx: CoreContext,
  req: CommandRequest<'RemoveInstrumentCascade'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'RemoveInstrumentCascade'>> {
  ctx.requireConfig();
  ctx.requireInstrument(req.id);
  const modules = [...new Set(ctx.graph.dependentsOf(req.id).map((d) => d.moduleId))].sort();
  if (!sameSet(modules, req.confirmModules)) {
    throw new AppError(
      'CONFLICT',
      `the modules using "${req.id}" are now [${modules.join(', ')}], not the confirmed [${[...req.confirmModules].sort().join(', ')}]; confirm again`,
      { dependentModules: modules, confirmed: req.confirmModules },
    );
  }
  const outcome = await runChange(ctx, persist, {
    ops: [...modules.map((moduleId) => ({ kind: 'remove-module' as const, moduleId })), { kind: 'remove-instrument', id: req.id }],
    ...(req.persist === undefined ? {} : { persist: req.persist }),
  });
  for (const moduleId of modules) ctx.addLog('warn', `module ${moduleId} removed with instrument ${req.id}`);
  ctx.addLog('info', `removed instrument ${req.id}`);
  return { id: req.id, removedModules: modules, persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}
