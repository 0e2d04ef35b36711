/**
 * The one path a change to the configuration takes: the operations are checked against the
 * model (config-ops.ts) and the resulting config as a whole, the running system is moved to it
 * by the apply engine (which can take it back), the file is written once, and the renderer is
 * told in one batch. A command is a change set of one; a transaction commit is a change set of
 * many, all or nothing.
 */
import { AppError, type AppErrorData } from '../../../shared/errors.js';
import { crossReferenceIssues, daqConfigSchema, type DaqConfig } from '../../../shared/model/config.js';
import { applyConfig, type UndoHandle } from '../actor/apply-config.js';
import type { CoreContext } from '../actor/core-context.js';
import type { PersistOutcome } from '../actor/persist-outcome.js';
import { computeDiff, type ConfigDiff } from './config-diff.js';
import type { ConfigChange } from '../persistence/config-writer.js';
import { applyOp, initialState, type ConfigOp, type RuntimeFacts } from './config-ops.js';
import { announceAll } from './announce.js';

export interface ChangeSet {
  readonly ops: readonly ConfigOp[];
  /** The command's `persist` flag (false: memory only). */
  readonly persist?: boolean;
  /** A failed file write takes the applied change back (transaction commits). */
  readonly allOrNothing?: boolean;
  /** Where the change comes from and what it is, for the version kept before it. */
  readonly source?: string;
  readonly summary?: string;
  /**
   * Roles of running modules may change: those modules are stopped, reassigned and started
   * again with their new instruments (the removal dialog's "Reassign and remove").
   */
  readonly restartModules?: boolean;
  /** A forced removal: the caller says which modules lost which role, the engine says nothing. */
  readonly rolesLost?: boolean;
}

export interface ChangeOutcome {
  readonly config: DaqConfig;
  readonly diff: ConfigDiff;
  readonly changes: readonly ConfigChange[];
  readonly persisted: boolean;
  readonly persistError?: AppErrorData;
  /** Content hashes of the file as this change left it and of the text it edited, when it was written. */
  readonly writtenHash?: string;
  readonly baseHash?: string;
  /** Takes the whole change back in memory (the file is the caller's to restore). */
  readonly undo: UndoHandle;
}

export function runtimeFacts(ctx: CoreContext): RuntimeFacts {
  return { moduleRunning: (id) => ctx.modules.get(id)?.state === 'running' };
}

/** The config the operations lead to, checked op by op; throws the first operation's error. */
export function planChange(ctx: CoreContext, ops: readonly ConfigOp[], restartModules = false): { config: DaqConfig; changes: readonly ConfigChange[] } {
  let state = initialState(ctx.requireConfig());
  const facts = restartModules ? { moduleRunning: () => false } : runtimeFacts(ctx);
  for (const op of ops) state = applyOp(state, op, facts);
  requireValidConfig(state.config);
  return { config: state.config, changes: state.changes };
}

/** The whole target config against the document schema and its cross-references. */
export function targetIssues(config: DaqConfig): { path: string; message: string }[] {
  const parsed = daqConfigSchema.safeParse(config);
  const schema = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return [...schema, ...crossReferenceIssues(config).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))];
}

function requireValidConfig(config: DaqConfig): void {
  const issues = targetIssues(config);
  if (issues.length === 0) return;
  throw new AppError('VALIDATION', `the change would leave an invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/**
 * Plans, applies, writes and announces one change set. On an all-or-nothing write that fails,
 * the applied change is taken back and the error thrown; the file was not touched.
 */
export async function runChange(ctx: CoreContext, persist: PersistOutcome, set: ChangeSet): Promise<ChangeOutcome> {
  const before = ctx.requireConfig();
  const { config, changes } = planChange(ctx, set.ops, set.restartModules === true);
  const diff = computeDiff(before, config);
  const undo = await applyConfig(ctx, config, diff, { strictStart: true, restartModules: set.restartModules === true, quietRoleChanges: set.rolesLost === true });
  const written = await persist(set.persist, changes, {
    allOrNothing: set.allOrNothing === true,
    ...(set.source ? { source: set.source } : {}),
    ...(set.summary ? { summary: set.summary } : {}),
  });
  if (set.allOrNothing && written.persistError) {
    const failures = await undo();
    announceAll(ctx, { ...diff, removedInstruments: [], removedModules: [] });
    const undoNote = failures.length ? `; ${failures.length} undo step(s) failed (see the log)` : '';
    throw new AppError(written.persistError.code, `nothing was changed: ${written.persistError.message}${undoNote}`, { undoFailures: failures });
  }
  announceAll(ctx, diff);
  return { config, diff, changes, persisted: written.persisted, ...(written.persistError ? { persistError: written.persistError } : {}), ...(written.writtenHash ? { writtenHash: written.writtenHash } : {}), ...(written.baseHash ? { baseHash: written.baseHash } : {}), undo };
}
