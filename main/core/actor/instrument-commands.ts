/**
 * AddInstrumentDynamic, RemoveInstrumentDynamic, UpdateInstrumentParameter, ListInstruments.
 * Each validates against the model first, then changes the running instrument, and only then
 * the model; a failure on the way restores what it had changed.
 */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { roleIssues, type InstrumentConfig } from '../../../shared/model/config.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import { instrumentTypes, type InstrumentType } from '../../../shared/model/instrument-types.js';
import type { CoreContext } from './core-context.js';
import { runChange } from '../changes/change-pipeline.js';
import { checkInstrumentConfig, checkParamValue, requireParamSpec, requirePortFree, tomlTableFor, tomlValueFor, withParam } from './instrument-config.js';
import type { ConfigChange } from '../persistence/config-writer.js';
import type { TomlInputValue } from '../persistence/toml-serialize.js';
import type { PersistOutcome } from './persist-outcome.js';

export async function listInstruments(ctx: CoreContext): Promise<CommandResponse<'ListInstruments'>> {
  return { instruments: [...ctx.instruments.keys()].map((id) => ctx.instrumentView(id)) };
}

/** An instrument added: one operation through the change pipeline; one that cannot connect is not added. */
export async function addInstrument(
  ctx: CoreContext,
  req: CommandRequest<'AddInstrumentDynamic'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'AddInstrumentDynamic'>> {
  const outcome = await runChange(ctx, persist, {
    ops: [{ kind: 'add-instrument', id: req.id, config: req.config, ...(req.processors ? { processors: req.processors } : {}) }],
    ...(req.persist === undefined ? {} : { persist: req.persist }),
  });
  ctx.addLog('info', `added instrument ${req.id} (${ctx.requireInstrument(req.id).config.type})`);
  return { instrument: ctx.instrumentView(req.id), persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}

export async function removeInstrument(
  ctx: CoreContext,
  req: CommandRequest<'RemoveInstrumentDynamic'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'RemoveInstrumentDynamic'>> {
  ctx.requireConfig();
  if (req.reassign?.length) return reassignAndRemove(ctx, req, persist);
  const runtime = ctx.requireInstrument(req.id);
  const dependents = ctx.graph.dependentsOf(req.id);
  if (dependents.length > 0 && !req.force) {
    const list = dependents.map((d) => `${d.moduleId} (${d.role})`).join(', ');
    throw new AppError('IN_USE', `instrument "${req.id}" is used by ${list}; remove with force, or reassign those roles first`, {
      id: req.id,
      dependents,
    });
  }
  const hadProcessors = Object.hasOwn(ctx.requireConfig().processors, req.id);
  await runtime.stop().catch((err: unknown) => {
    ctx.addLog('warn', `instrument ${req.id} did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
  });
  ctx.instruments.delete(req.id);
  ctx.bus.dropReadings(req.id);
  for (const d of ctx.graph.removeInstrument(req.id)) {
    const mod = ctx.requireModule(d.moduleId);
    mod.roleLost(d.role, req.id);
    ctx.setModuleConfig(d.moduleId, mod.config);
    ctx.emitModule(d.moduleId);
    ctx.addLog('warn', `module ${d.moduleId} lost its ${d.role} (${req.id} removed by force)`);
  }
  ctx.updateConfig((c) => {
    const { [req.id]: _gone, ...instruments } = c.instruments;
    const { [req.id]: _chain, ...processors } = c.processors;
    return { ...c, instruments, processors };
  });
  ctx.bus.emit({ type: 'instruments:instrument-removed', id: req.id });
  ctx.addLog('info', `removed instrument ${req.id}`);
  const written = await persist(req.persist, [
    ...dependents.map((d): ConfigChange => ({ kind: 'remove', path: ['modules', d.moduleId, 'roles', d.role] })),
    ...(hadProcessors ? [{ kind: 'remove', path: ['processors', req.id] } as const] : []),
    { kind: 'remove', path: ['instruments', req.id], placeholder: `Removed: ${req.id} at {time}` },
  ]);
  return { id: req.id, unassigned: dependents, ...written };
}

/**
 * "Reassign and remove": every role that uses the instrument moves to the instrument named for
 * it, and the instrument goes, as one change set; a role left out is IN_USE.
 */
async function reassignAndRemove(
  ctx: CoreContext,
  req: CommandRequest<'RemoveInstrumentDynamic'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'RemoveInstrumentDynamic'>> {
  ctx.requireInstrument(req.id);
  const reassign = req.reassign ?? [];
  const dependents = ctx.graph.dependentsOf(req.id);
  const covered = (d: { moduleId: string; role: string }): boolean => reassign.some((r) => r.moduleId === d.moduleId && r.role === d.role);
  const left = dependents.filter((d) => !covered(d));
  if (left.length > 0) {
    throw new AppError('IN_USE', `instrument "${req.id}" is also used by ${left.map((d) => `${d.moduleId} (${d.role})`).join(', ')}; reassign those roles too`, { id: req.id, dependents: left });
  }
  const stray = reassign.filter((r) => !dependents.some((d) => d.moduleId === r.moduleId && d.role === r.role));
  if (stray.length > 0) {
    throw new AppError('VALIDATION', `${stray.map((r) => `${r.moduleId} (${r.role})`).join(', ')} do not use "${req.id}"`, { stray });
  }
  const outcome = await runChange(ctx, persist, {
    ops: [...reassign.map((r) => ({ kind: 'assign-role' as const, ...r })), { kind: 'remove-instrument', id: req.id }],
    restartModules: true,
    ...(req.persist === undefined ? {} : { persist: req.persist }),
  });
  for (const r of reassign) ctx.addLog('info', `module ${r.moduleId}: role ${r.role} → ${r.instrumentId} (was ${req.id})`);
  ctx.addLog('info', `removed instrument ${req.id}`);
  return { id: req.id, unassigned: [], persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}

export async function updateParameter(
  ctx: CoreContext,
  req: CommandRequest<'UpdateInstrumentParameter'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'UpdateInstrumentParameter'>> {
  const config = ctx.requireConfig();
  const runtime = ctx.requireInstrument(req.id);
  const before = runtime.config;
  const spec = requireParamSpec(before.type as InstrumentType, req.param);
  const value = checkParamValue(req.param, spec, req.value);
  const next = withParam(before, req.param, value);
  const instruments = { ...config.instruments, [req.id]: next };
  requirePortFree(config.instruments, req.id, next);
  const broken = Object.values(config.modules).flatMap((m) => roleIssues(m, instruments).filter((i) => m.roles[i.role] === req.id));
  if (broken.length > 0) {
    throw new AppError('IN_USE', `cannot change ${req.param} of "${req.id}": ${broken.map((b) => b.message).join('; ')}`, { broken });
  }
  const applied = await applyToRuntime(ctx, req.id, req.param, value, spec.live === true, next);
  ctx.updateConfig((c) => ({ ...c, instruments: { ...c.instruments, [req.id]: next } }));
  ctx.emitInstrument(req.id);
  ctx.addLog('info', `${req.id}.${req.param} → ${JSON.stringify(value)} (${applied})`);
  const written = await persist(req.persist, [
    { kind: 'set', path: ['instruments', req.id, ...req.param.split('.')], value: tomlValueFor(spec, value), marker: false },
  ]);
  return { instrument: ctx.instrumentView(req.id), applied, ...written };
}

/**
 * Live parameters go to the running driver; others restart the instrument with the new config.
 * On a failed restart the old config is started again, so a bad value never leaves the
 * instrument down.
 */
async function applyToRuntime(
  ctx: CoreContext,
  id: string,
  param: string,
  value: ParamValue,
  live: boolean,
  next: InstrumentConfig,
): Promise<'live' | 'restart' | 'stored'> {
  const runtime = ctx.requireInstrument(id);
  if (live && runtime.status === 'running') {
    await runtime.applyLive(param, value, next);
    return 'live';
  }
  const before = runtime.config;
  const wasRunning = runtime.status === 'running';
  await runtime.stop().catch(() => undefined);
  runtime.config = next;
  try {
    await runtime.start();
    return 'restart';
  } catch (err) {
    // An instrument that was not running anyway keeps the new value (say, a corrected port)
    // and stays in error with the new reason; a running one goes back to what worked.
    if (!wasRunning) {
      runtime.keepTrying();
      return 'stored';
    }
    runtime.config = before;
    await runtime.start().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(err instanceof AppError ? err.code : 'DEVICE_ERROR', `${param} was not changed: ${reason}`, { id, param });
  }
}
