/**
 * GetInstrumentDependencies, UnassignInstrumentFromModule, RemoveInstrumentCascade: the
 * commands that keep "an instrument in use cannot disappear from under a module" explainable
 * and easy to resolve.
 */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import type { CoreContext } from './core-context.js';
import { removeInstrument } from './instrument-commands.js';
import type { ConfigChange } from '../persistence/config-writer.js';
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

export async function unassignInstrument(
  ctx: CoreContext,
  req: CommandRequest<'UnassignInstrumentFromModule'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'UnassignInstrumentFromModule'>> {
  ctx.requireConfig();
  const mod = ctx.requireModule(req.moduleId);
  // Own properties only: a role named "constructor" must not resolve to Object's.
  if (!Object.hasOwn(mod.roleSpecs, req.role)) {
    throw new AppError('VALIDATION', `module "${mod.id}" (${mod.config.type}) has no role "${req.role}"`);
  }
  const instrumentId = Object.hasOwn(mod.config.roles, req.role) ? mod.config.roles[req.role] : undefined;
  if (!instrumentId) throw new AppError('NOT_FOUND', `role "${req.role}" of module "${mod.id}" is not assigned`);
  if (mod.state === 'running') throw new AppError('INVALID_STATE', `stop module "${mod.id}" before changing its roles`);
  const { [req.role]: _gone, ...roles } = mod.config.roles;
  mod.config = { ...mod.config, roles };
  ctx.graph.unassign(mod.id, req.role);
  ctx.setModuleConfig(mod.id, mod.config);
  mod.refreshIdleState();
  ctx.emitModule(mod.id);
  if (ctx.instruments.has(instrumentId)) ctx.emitInstrument(instrumentId);
  ctx.addLog('info', `module ${mod.id}: role ${req.role} unassigned (was ${instrumentId})`);
  const written = await persist(req.persist, [{ kind: 'remove', path: ['modules', mod.id, 'roles', req.role] }]);
  return { module: mod.view(), ...written };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/**
 * Removes an instrument together with the modules that depend on it, but only when the caller
 * confirmed exactly that set of modules: a confirmation given for an older state is a CONFLICT.
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
  // Instruments the removed modules also used: their "used by" changes too.
  const touched = new Set<string>();
  for (const moduleId of modules) {
    const mod = ctx.requireModule(moduleId);
    for (const instrumentId of Object.values(mod.config.roles)) touched.add(instrumentId);
    if (mod.state === 'running') mod.stop();
    ctx.modules.delete(moduleId);
    ctx.graph.removeModule(moduleId);
    ctx.updateConfig((c) => {
      const { [moduleId]: _gone, ...rest } = c.modules;
      return { ...c, modules: rest };
    });
    ctx.bus.emit({ type: 'modules:module-removed', id: moduleId });
    ctx.addLog('warn', `module ${moduleId} removed with instrument ${req.id}`);
  }
  for (const id of touched) if (id !== req.id && ctx.instruments.has(id)) ctx.emitInstrument(id);
  // One write for the whole cascade: the module tables, then the instrument.
  const moduleChanges = modules.map((m): ConfigChange => ({ kind: 'remove', path: ['modules', m], placeholder: `Removed: module ${m} at {time}` }));
  const withModules: PersistOutcome = (requested, changes) => persist(requested, [...moduleChanges, ...changes]);
  const removed = await removeInstrument(ctx, { id: req.id, ...(req.persist === undefined ? {} : { persist: req.persist }) }, withModules);
  return { id: req.id, removedModules: modules, persisted: removed.persisted, ...(removed.persistError ? { persistError: removed.persistError } : {}) };
}
