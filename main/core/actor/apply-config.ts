/**
 * Moving the running system from one validated config to another by applying their diff:
 * the new config becomes current first (so every spawn reads it — the spec's sample spawned
 * from the old settings), then modules stop before the instruments they use go, instruments
 * start before the modules that use them, and a parameter a running instrument cannot take
 * live restarts it. Every step records its undo; if one fails, the steps done so far are
 * undone in reverse and the old config stays. Hot reload uses this now; rollback and
 * transaction commits go through the same engine.
 */
import { AppError } from '../../../shared/errors.js';
import type { DaqConfig, InstrumentConfig } from '../../../shared/model/config.js';
import { findParamSpec, type ParamValue } from '../../../shared/model/parameters.js';
import { instrumentTypes, isInstrumentType } from '../../../shared/model/instrument-types.js';
import { DependencyGraph } from '../dependencies/index.js';
import type { ConfigDiff, InstrumentChange } from '../hot-reload/config-diff.js';
import { ModuleRuntime } from '../modules/index.js';
import type { CoreContext } from './core-context.js';
import { withParam } from './instrument-config.js';

type Undo = () => Promise<void>;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether every changed parameter of an instrument can be set on it while it runs. */
function allLive(change: InstrumentChange, config: InstrumentConfig): boolean {
  if (!isInstrumentType(config.type)) return false;
  const specs = instrumentTypes[config.type].params;
  return change.changes.every((c) => c.after !== undefined && findParamSpec(specs, c.param)?.live === true);
}

async function replaceRuntime(ctx: CoreContext, id: string, config: InstrumentConfig): Promise<void> {
  await ctx.instruments.get(id)?.stop().catch(() => undefined);
  const runtime = ctx.createRuntime(id, config);
  ctx.instruments.set(id, runtime);
  await runtime.start();
}

async function applyInstrumentChange(ctx: CoreContext, change: InstrumentChange, next: InstrumentConfig, undo: Undo[]): Promise<void> {
  const runtime = ctx.requireInstrument(change.id);
  const before = runtime.config;
  if (runtime.status === 'running' && allLive(change, next)) {
    // Live values one by one, each undone by sending the old value back.
    let config = before;
    for (const c of change.changes) {
      const previous = config;
      config = withParam(config, c.param, c.after as ParamValue);
      await runtime.applyLive(c.param, c.after as ParamValue, config);
      undo.push(async () => {
        await runtime.applyLive(c.param, c.before as ParamValue, previous).catch(() => undefined);
      });
    }
    runtime.config = next;
    undo.push(async () => {
      runtime.config = before;
    });
    return;
  }
  const wasRunning = runtime.status === 'running';
  undo.push(() => replaceRuntime(ctx, change.id, before).catch(() => undefined));
  // An instrument that was not running (say, its port was wrong) gets a fresh try with the new
  // values; if that fails too it stays in error with the reason instead of blocking the reload.
  await replaceRuntime(ctx, change.id, next).catch((err: unknown) => {
    if (wasRunning) throw err;
  });
}

/** Stops and drops modules that go or whose roles change; rebuilt after the instruments. */
function takeDownModules(ctx: CoreContext, diff: ConfigDiff, undo: Undo[]): void {
  const affected = new Set([...diff.removedModules, ...diff.modifiedModules.map((m) => m.id)]);
  const saved = new Map([...ctx.modules].filter(([id]) => affected.has(id)));
  const graph = ctx.graph;
  for (const [id, mod] of saved) {
    if (mod.state === 'running') mod.stop();
    ctx.modules.delete(id);
  }
  undo.push(async () => {
    for (const [id, mod] of saved) ctx.modules.set(id, mod);
    ctx.graph = graph;
  });
}

function bringUpModules(ctx: CoreContext, next: DaqConfig, diff: ConfigDiff): void {
  for (const id of [...diff.addedModules, ...diff.modifiedModules.map((m) => m.id)]) {
    const mod = new ModuleRuntime(id, next.modules[id] as never);
    mod.refreshIdleState();
    ctx.modules.set(id, mod);
  }
  ctx.graph = DependencyGraph.fromModules(next.modules);
}

/** Applies `diff` (from the current config to `next`); on failure undoes it and rethrows. */
export async function applyConfig(ctx: CoreContext, next: DaqConfig, diff: ConfigDiff): Promise<void> {
  const previous = ctx.config;
  const undo: Undo[] = [];
  ctx.config = next;
  try {
    takeDownModules(ctx, diff, undo);
    for (const id of diff.removedInstruments) {
      const runtime = ctx.requireInstrument(id);
      await runtime.stop().catch(() => undefined);
      ctx.instruments.delete(id);
      ctx.bus.dropReadings(id);
      undo.push(async () => {
        ctx.instruments.set(id, runtime);
        await runtime.start().catch(() => undefined);
      });
    }
    for (const id of diff.addedInstruments) {
      const runtime = ctx.createRuntime(id, next.instruments[id] as InstrumentConfig);
      ctx.instruments.set(id, runtime);
      undo.push(async () => {
        await runtime.stop().catch(() => undefined);
        ctx.instruments.delete(id);
      });
      await runtime.start().catch((err: unknown) => {
        throw new AppError('DEVICE_ERROR', `instrument "${id}" did not start: ${reason(err)}`, { id });
      });
    }
    const changed = new Map(diff.modifiedInstruments.map((c) => [c.id, c]));
    for (const id of diff.processorsChanged) if (!changed.has(id) && ctx.instruments.has(id)) changed.set(id, { id, changes: [] });
    for (const change of changed.values()) {
      await applyInstrumentChange(ctx, change, next.instruments[change.id] as InstrumentConfig, undo).catch((err: unknown) => {
        throw new AppError('DEVICE_ERROR', `instrument "${change.id}" did not take the change: ${reason(err)}`, { id: change.id });
      });
    }
    bringUpModules(ctx, next, diff);
  } catch (err) {
    for (const step of undo.reverse()) await step();
    ctx.config = previous;
    if (previous) ctx.graph = DependencyGraph.fromModules(previous.modules);
    throw err;
  }
}
