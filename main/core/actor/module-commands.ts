/** ListModules, AssignInstrumentToModule, StartModule, StopModule. */
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { runChange } from '../changes/change-pipeline.js';
import type { CoreContext } from './core-context.js';
import type { PersistOutcome } from './persist-outcome.js';

export async function listModules(ctx: CoreContext): Promise<CommandResponse<'ListModules'>> {
  return { modules: [...ctx.modules.values()].map((m) => m.view()) };
}

/** A role filled: one operation through the change pipeline (checked, applied, written, announced). */
export async function assignInstrument(
  ctx: CoreContext,
  req: CommandRequest<'AssignInstrumentToModule'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'AssignInstrumentToModule'>> {
  const outcome = await runChange(ctx, persist, {
    ops: [{ kind: 'assign-role', moduleId: req.moduleId, role: req.role, instrumentId: req.instrumentId }],
    ...(req.persist === undefined ? {} : { persist: req.persist }),
  });
  ctx.addLog('info', `module ${req.moduleId}: role ${req.role} → ${req.instrumentId}`);
  return { module: ctx.requireModule(req.moduleId).view(), persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}

export async function startModule(ctx: CoreContext, req: CommandRequest<'StartModule'>): Promise<CommandResponse<'StartModule'>> {
  // With an invalid config file there are no modules; say why (UNAVAILABLE) rather than NOT_FOUND.
  ctx.requireConfig();
  const mod = ctx.requireModule(req.id);
  mod.start((id) => ctx.instruments.get(id)?.status === 'running');
  ctx.emitModule(mod.id);
  ctx.addLog('info', `module ${mod.id} started`);
  return { module: mod.view() };
}

export async function stopModule(ctx: CoreContext, req: CommandRequest<'StopModule'>): Promise<CommandResponse<'StopModule'>> {
  ctx.requireConfig(); // as in startModule
  const mod = ctx.requireModule(req.id);
  mod.stop();
  ctx.emitModule(mod.id);
  ctx.addLog('info', `module ${mod.id} stopped`);
  return { module: mod.view() };
}
