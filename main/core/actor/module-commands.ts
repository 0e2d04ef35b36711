/** ListModules, AssignInstrumentToModule, StartModule, StopModule. */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { capabilitiesOf, capabilityLabels, isInstrumentType } from '../../../shared/model/instrument-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { CoreContext } from './core-context.js';
import type { PersistOutcome } from './persist-outcome.js';

export async function listModules(ctx: CoreContext): Promise<CommandResponse<'ListModules'>> {
  return { modules: [...ctx.modules.values()].map((m) => m.view()) };
}

export async function assignInstrument(
  ctx: CoreContext,
  req: CommandRequest<'AssignInstrumentToModule'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'AssignInstrumentToModule'>> {
  ctx.requireConfig();
  const mod = ctx.requireModule(req.moduleId);
  const roleSpec = Object.hasOwn(mod.roleSpecs, req.role) ? mod.roleSpecs[req.role] : undefined;
  if (!roleSpec) {
    throw new AppError('VALIDATION', `module "${mod.id}" (${mod.config.type}) has no role "${req.role}" (roles: ${Object.keys(mod.roleSpecs).join(', ')})`);
  }
  const instrument = ctx.requireInstrument(req.instrumentId);
  const type = instrument.config.type;
  const caps = isInstrumentType(type) ? capabilitiesOf(type, instrument.config as Record<string, ParamValue>) : [];
  if (!caps.includes(roleSpec.capability)) {
    throw new AppError(
      'VALIDATION',
      `instrument "${req.instrumentId}" (${type}) cannot fill role "${req.role}": it needs ${capabilityLabels[roleSpec.capability]}`,
      { capability: roleSpec.capability, offered: caps },
    );
  }
  if (mod.state === 'running') throw new AppError('INVALID_STATE', `stop module "${mod.id}" before reassigning its roles`);
  const previous = Object.hasOwn(mod.config.roles, req.role) ? mod.config.roles[req.role] : undefined;
  mod.config = { ...mod.config, roles: { ...mod.config.roles, [req.role]: req.instrumentId } };
  ctx.graph.assign(mod.id, req.role, req.instrumentId);
  ctx.setModuleConfig(mod.id, mod.config);
  mod.refreshIdleState();
  ctx.emitModule(mod.id);
  for (const id of new Set([previous, req.instrumentId])) if (id && ctx.instruments.has(id)) ctx.emitInstrument(id);
  ctx.addLog('info', `module ${mod.id}: role ${req.role} → ${req.instrumentId}`);
  const written = await persist(req.persist, [{ kind: 'set', path: ['modules', mod.id, 'roles', req.role], value: req.instrumentId, marker: false }]);
  return { module: mod.view(), ...written };
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
