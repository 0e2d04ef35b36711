/** ListModules, AssignInstrumentToModule, StartModule, StopModule, ListRuns, GetModuleResults. */
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { runChange } from '../changes/change-pipeline.js';
import { listRunFiles, makeStorageFolder, readRunFile } from '../modules/index.js';
import type { CoreContext } from './core-context.js';
import { storageSettings } from './module-host.js';
import type { PersistOutcome } from './persist-outcome.js';

/** The most points GetModuleResults reads back from a recording on disk. */
const MAX_POINTS_FROM_FILE = 100_000;

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
  // A folder that cannot be written is refused now, not found out by a run that fails at once.
  const storage = storageSettings(ctx);
  if (storage && mod.cannotStart() === undefined) {
    try {
      await makeStorageFolder(storage.folder);
      await access(storage.folder, constants.W_OK);
    } catch (err) {
      throw new AppError('UNAVAILABLE', `module "${mod.id}" cannot start: cannot record in ${storage.folder}: ${err instanceof Error ? err.message : String(err)}`, { folder: storage.folder });
    }
  }
  mod.start((id) => ctx.instruments.get(id)?.status === 'running');
  // The answer names the run's file; opening it takes a moment and changes no state of the core.
  await mod.run?.ready;
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

/** The recordings in the storage folder, newest first. */
export async function listRuns(ctx: CoreContext): Promise<CommandResponse<'ListRuns'>> {
  ctx.requireConfig();
  const storage = storageSettings(ctx);
  if (!storage) throw new AppError('UNAVAILABLE', 'the config file has errors');
  return { folder: storage.folder, runs: await listRunFiles(storage.folder) };
}

/** The latest run's points: the one in memory, or else the module's newest recording. */
export async function getModuleResults(ctx: CoreContext, req: CommandRequest<'GetModuleResults'>): Promise<CommandResponse<'GetModuleResults'>> {
  ctx.requireConfig();
  const mod = ctx.requireModule(req.moduleId);
  if (mod.run) return { moduleId: mod.id, run: mod.run.summary(), columns: [...mod.run.columns], points: [...mod.run.keptPoints()] };
  const storage = storageSettings(ctx);
  const newest = storage ? (await listRunFiles(storage.folder)).find((f) => f.moduleId === mod.id) : undefined;
  const parsed = storage && newest ? await readRunFile(join(storage.folder, newest.file), MAX_POINTS_FROM_FILE) : undefined;
  if (!newest || !parsed) return { moduleId: mod.id, run: null, columns: [], points: [] };
  return {
    moduleId: mod.id,
    run: {
      runId: newest.file,
      moduleId: mod.id,
      startedAt: parsed.startedAt,
      ...(parsed.endedAt ? { endedAt: parsed.endedAt } : {}),
      // A recording with no end line was cut short: the app stopped while it ran.
      state: parsed.outcome === 'incomplete' ? 'stopped' : parsed.outcome,
      ...(parsed.reason ? { reason: parsed.reason } : parsed.outcome === 'incomplete' ? { reason: 'the recording has no end (the app stopped while it ran)' } : {}),
      done: parsed.rows,
      file: newest.file,
    },
    columns: [...parsed.columns],
    points: [...parsed.points],
  };
}
