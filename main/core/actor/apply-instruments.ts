/**
 * The instrument part of applying a config diff. The phases run in an order that lets serial
 * ports change hands within one reload (two instruments swapping ports, one moving off a port
 * that a new one takes): first every instrument that goes or restarts is stopped, so its port
 * is free; then added instruments start; then the restarted ones start with their new config;
 * live parameters come last. Every step records its undo; undone in reverse, new runtimes are
 * all stopped before the old ones start again, so the old ports are free for them too.
 */
import { AppError } from '../../../shared/errors.js';
import type { DaqConfig, InstrumentConfig } from '../../../shared/model/config.js';
import { instrumentTypes, isInstrumentType } from '../../../shared/model/instrument-types.js';
import { findParamSpec, type ParamValue } from '../../../shared/model/parameters.js';
import type { ConfigDiff, InstrumentChange } from '../changes/config-diff.js';
import type { InstrumentRuntime } from '../instruments/index.js';
import type { CoreContext } from './core-context.js';
import { withParam } from './instrument-config.js';

/** Takes one applied step back. */
export type Undo = () => Promise<void>;

/** One apply in progress: the context, the target config, the undo list and what undo removed. */
export interface ApplyRun {
  readonly ctx: CoreContext;
  readonly next: DaqConfig;
  readonly undo: Undo[];
  /**
   * Instruments and modules the apply added and its undo removed again. The renderer saw them
   * appear (their status events went out), so it must be told they are gone.
   */
  readonly undone: { readonly instruments: string[]; readonly modules: string[] };
  /** An added instrument that cannot connect fails the apply instead of staying in error. */
  readonly strictStart: boolean;
  /** Running modules whose roles change start again after the apply (see ApplyOptions). */
  readonly restartModules: boolean;
}

interface Restart {
  readonly id: string;
  /** A restart of a running instrument must succeed; one already in error may fail again. */
  readonly wasRunning: boolean;
}

/** Which modified instruments restart with a fresh runtime and which take their changes live. */
interface InstrumentPlan {
  readonly restart: readonly Restart[];
  readonly live: readonly InstrumentChange[];
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A started instrument that could not connect: say why, and retry in the background. */
function reportAndRetry(ctx: CoreContext, runtime: InstrumentRuntime, err: unknown): void {
  ctx.addLog('error', `${runtime.id}: ${reason(err)}`, runtime.id);
  runtime.keepTrying();
}

/** Whether every changed parameter of an instrument can be set on it while it runs. */
function allLive(change: InstrumentChange, config: InstrumentConfig): boolean {
  if (!isInstrumentType(config.type)) return false;
  const specs = instrumentTypes[config.type].params;
  return change.changes.every((c) => c.after !== undefined && findParamSpec(specs, c.param)?.live === true);
}

function instrumentConfig(run: ApplyRun, id: string): InstrumentConfig {
  return run.next.instruments[id] as InstrumentConfig;
}

function plan(run: ApplyRun, diff: ConfigDiff): InstrumentPlan {
  const { ctx } = run;
  const newChain = new Set(diff.processorsChanged);
  const restart: Restart[] = [];
  const live: InstrumentChange[] = [];
  for (const change of diff.modifiedInstruments) {
    const wasRunning = ctx.requireInstrument(change.id).status === 'running';
    if (wasRunning && !newChain.has(change.id) && allLive(change, instrumentConfig(run, change.id))) live.push(change);
    else restart.push({ id: change.id, wasRunning });
  }
  // The processor chain is built with the runtime, so a new chain needs a new runtime even when
  // no parameter changed. Added and removed instruments get theirs (or lose it) anyway.
  for (const id of newChain) {
    const runtime = ctx.instruments.get(id);
    if (runtime && Object.hasOwn(run.next.instruments, id) && !restart.some((r) => r.id === id)) {
      restart.push({ id, wasRunning: runtime.status === 'running' });
    }
  }
  return { restart, live };
}

/**
 * Undo of a stop: the instrument runs again with its old config. One whose device does not
 * come back keeps trying in the background, and the undo step fails, so the caller and the log
 * say the old state is not wholly back.
 */
async function startAgain(runtime: InstrumentRuntime): Promise<void> {
  try {
    await runtime.start();
  } catch (err) {
    runtime.keepTrying();
    throw new Error(`instrument "${runtime.id}" did not start again: ${reason(err)}; it keeps trying`);
  }
}

async function stopGoing(run: ApplyRun, removed: readonly string[], restart: readonly Restart[]): Promise<void> {
  const { ctx, undo } = run;
  for (const id of removed) {
    const runtime = ctx.requireInstrument(id);
    // It goes anyway (its driver was abandoned); the log says it did not go quietly.
    await runtime.stop().catch((err: unknown) => ctx.addLog('warn', `instrument ${id} did not stop cleanly: ${reason(err)}`, id));
    ctx.instruments.delete(id);
    ctx.bus.dropReadings(id);
    ctx.feed.forget(id);
    undo.push(async () => {
      ctx.instruments.set(id, runtime);
      await startAgain(runtime);
    });
  }
  for (const { id } of restart) {
    // The old runtime stays in place (shown stopped) until its successor starts; undo starts
    // it again with its old config and chain.
    const old = ctx.requireInstrument(id);
    await old.stop().catch(() => undefined);
    undo.push(async () => {
      ctx.instruments.set(id, old);
      await startAgain(old);
    });
  }
}

/** Registers an added runtime, with the undo that takes it away again. */
function register(run: ApplyRun, id: string, runtime: InstrumentRuntime): void {
  const { ctx, undo, undone } = run;
  ctx.instruments.set(id, runtime);
  undo.push(async () => {
    await runtime.stop().catch(() => undefined);
    ctx.instruments.delete(id);
    ctx.bus.dropReadings(id);
    ctx.feed.forget(id);
    undone.instruments.push(id);
  });
}

/**
 * Commands and commits: every added instrument must connect, or none is added. They start
 * before they are registered, so a refused add shows nothing to the renderer, and a driver
 * that failed to connect (it released itself) is not stopped a second time.
 */
async function startAddedStrictly(run: ApplyRun, added: readonly string[]): Promise<void> {
  const runtimes = added.map((id) => ({ id, runtime: run.ctx.createRuntime(id, instrumentConfig(run, id)) }));
  const results = await Promise.allSettled(runtimes.map(({ runtime }) => runtime.start()));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [{ id: runtimes[i]!.id, err: r.reason as unknown }] : []));
  const [first] = failures;
  if (first) {
    await Promise.all(runtimes.filter((_, i) => results[i]?.status === 'fulfilled').map(({ runtime }) => runtime.stop().catch(() => undefined)));
    // The device's own code (a timeout, a port that is not there) says more than a generic one.
    const code = first.err instanceof AppError ? first.err.code : 'DEVICE_ERROR';
    throw new AppError(code, failures.map((f) => `instrument "${f.id}" was not added: ${reason(f.err)}`).join('; '), { ids: failures.map((f) => f.id) });
  }
  for (const { id, runtime } of runtimes) register(run, id, runtime);
}

async function startAdded(run: ApplyRun, added: readonly string[]): Promise<void> {
  if (run.strictStart) return startAddedStrictly(run, added);
  const { ctx } = run;
  const runtimes = added.map((id) => {
    const runtime = ctx.createRuntime(id, instrumentConfig(run, id));
    register(run, id, runtime);
    return runtime;
  });
  // As at start-up: an instrument that cannot connect stays, in `error` with the reason, holds
  // up nothing and keeps trying. Refusing the reload instead made an invalid start unrecoverable
  // whenever one instrument of the file could not connect.
  await Promise.all(runtimes.map((runtime) => runtime.start().catch((err: unknown) => reportAndRetry(ctx, runtime, err))));
}

async function startRestarted(run: ApplyRun, restart: readonly Restart[]): Promise<void> {
  const { ctx, undo } = run;
  for (const { id, wasRunning } of restart) {
    const runtime = ctx.createRuntime(id, instrumentConfig(run, id));
    ctx.instruments.set(id, runtime);
    undo.push(async () => {
      await runtime.stop().catch(() => undefined);
    });
    await runtime.start().catch((err: unknown) => {
      // A running instrument that cannot take the change undoes the reload; one that was not
      // running (say, its port was wrong) keeps the new values and stays in error with the reason.
      if (wasRunning) throw new AppError(err instanceof AppError ? err.code : 'DEVICE_ERROR', `instrument "${id}" did not take the change: ${reason(err)}`, { id });
      reportAndRetry(ctx, runtime, err);
    });
  }
}

async function applyLive(run: ApplyRun, change: InstrumentChange): Promise<void> {
  const runtime = run.ctx.requireInstrument(change.id);
  const before = runtime.config;
  // Pushed first so it runs last: the old config is back even if sending an old value fails.
  run.undo.push(async () => {
    runtime.config = before;
  });
  let config = before;
  for (const c of change.changes) {
    const previous = config;
    config = withParam(config, c.param, c.after as ParamValue);
    await runtime.applyLive(c.param, c.after as ParamValue, config).catch((err: unknown) => {
      throw new AppError(err instanceof AppError ? err.code : 'DEVICE_ERROR', `instrument "${change.id}" did not take the change: ${reason(err)}`, { id: change.id });
    });
    run.undo.push(async () => {
      await runtime.applyLive(c.param, c.before as ParamValue, previous).catch(() => undefined);
    });
  }
  runtime.config = instrumentConfig(run, change.id);
}

/**
 * Applies the instrument part of `diff`: stop removed and restarting instruments, start added
 * ones, start the restarted ones with their new config and chain, then set live parameters.
 * Throws on the first change a running instrument refuses; the caller runs the undo list.
 */
export async function applyInstruments(run: ApplyRun, diff: ConfigDiff): Promise<void> {
  const { restart, live } = plan(run, diff);
  await stopGoing(run, diff.removedInstruments, restart);
  await startAdded(run, diff.addedInstruments);
  await startRestarted(run, restart);
  for (const change of live) await applyLive(run, change);
}
