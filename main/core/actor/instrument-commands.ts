/**
 * AddInstrumentDynamic, RemoveInstrumentDynamic, UpdateInstrumentParameter, ListInstruments.
 * Each validates against the model first, then changes the running instrument, and only then
 * the model; a failure on the way restores what it had changed.
 */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { findParamSpec } from '../../../shared/model/parameters.js';
import { instrumentTypes, type InstrumentType } from '../../../shared/model/instrument-types.js';
import type { CoreContext } from './core-context.js';
import { runChange } from '../changes/change-pipeline.js';
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

/**
 * An instrument removed: one operation through the change pipeline. In use, it goes only with
 * `force`; the modules that used it then show which role lost which instrument.
 */
export async function removeInstrument(
  ctx: CoreContext,
  req: CommandRequest<'RemoveInstrumentDynamic'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'RemoveInstrumentDynamic'>> {
  ctx.requireConfig();
  if (req.reassign?.length) return reassignAndRemove(ctx, req, persist);
  ctx.requireInstrument(req.id);
  const dependents = ctx.graph.dependentsOf(req.id);
  const outcome = await runChange(ctx, persist, {
    ops: [{ kind: 'remove-instrument', id: req.id, ...(req.force === undefined ? {} : { force: req.force }) }],
    rolesLost: true,
    ...(req.persist === undefined ? {} : { persist: req.persist }),
  });
  for (const d of dependents) {
    const mod = ctx.requireModule(d.moduleId);
    mod.roleLost(d.role, req.id);
    ctx.emitModule(d.moduleId);
    ctx.addLog('warn', `module ${d.moduleId} lost its ${d.role} (${req.id} removed by force)`);
  }
  ctx.addLog('info', `removed instrument ${req.id}`);
  return { id: req.id, unassigned: dependents, persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
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

/**
 * A parameter changed: one operation through the change pipeline. A live parameter of a running
 * instrument goes to its driver; others restart it with the new config, and a failed restart of
 * a running instrument takes the change back. The answer says which (`stored`: the instrument
 * was not running and keeps the new value while it tries to connect).
 */
export async function updateParameter(
  ctx: CoreContext,
  req: CommandRequest<'UpdateInstrumentParameter'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'UpdateInstrumentParameter'>> {
  ctx.requireConfig();
  const runtime = ctx.requireInstrument(req.id);
  const live = runtime.status === 'running' && findParamSpec(instrumentTypes[runtime.config.type as InstrumentType]?.params ?? {}, req.param)?.live === true;
  let outcome;
  try {
    outcome = await runChange(ctx, persist, {
      ops: [{ kind: 'update-parameter', id: req.id, param: req.param, value: req.value }],
      ...(req.persist === undefined ? {} : { persist: req.persist }),
    });
  } catch (err) {
    // The engine names the instrument; the command's answer is about its one parameter: the
    // driver's own refusal for a live change, "<param> was not changed" for a failed restart.
    const prefix = `instrument "${req.id}" did not take the change: `;
    if (!(err instanceof AppError) || !err.message.startsWith(prefix)) throw err;
    const why = err.message.slice(prefix.length);
    throw new AppError(err.code, live ? why : `${req.param} was not changed: ${why}`, err.details);
  }
  const now = ctx.requireInstrument(req.id);
  const applied = live ? 'live' : now.status === 'running' ? 'restart' : 'stored';
  const value = req.param.split('.').reduce<unknown>((table, key) => (table as Record<string, unknown> | undefined)?.[key], now.config);
  ctx.addLog('info', `${req.id}.${req.param} → ${JSON.stringify(value)} (${applied})`);
  return { instrument: ctx.instrumentView(req.id), applied, persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}
