/**
 * How the config writer words what it did not write: a change set aside or failed, an
 * all-or-nothing batch refused, a write that failed (with a reason a technician can act on).
 */
import { AppError, toAppErrorData, type AppErrorData } from '../../../shared/errors.js';
import { TomlDecodeError, TomlEditError, TomlSyntaxError } from '../toml-edit/index.js';
import { persistError } from './atomic-file.js';
import { describeChange, type Conflict, type PendingChange } from './pending-rebase.js';

/** An all-or-nothing batch with a change that does not land is not written at all. */
export function requireWholeBatch(batch: ReadonlySet<PendingChange>, edited: { conflicts: Conflict[]; failed: Conflict[] }): void {
  const refused = [...edited.conflicts, ...edited.failed].filter((c) => batch.has(c.pending));
  if (refused.length === 0) return;
  const code = edited.conflicts.some((c) => batch.has(c.pending)) ? 'CONFLICT' : 'PERSIST_FAILED';
  throw new AppError(code, `nothing was written: ${refused.map(explain).join('; ')}`);
}

/** A change that was not written, and why, in words. */
export function explain(conflict: Conflict): string {
  return `${describeChange(conflict.pending.change)} was not written: ${conflict.reason}`;
}

/** PERSIST_FAILED with a reason a technician can act on. */
export function describeWriteError(path: string, err: unknown): AppErrorData {
  if (err instanceof AppError) return toAppErrorData(err);
  if (err instanceof TomlSyntaxError || err instanceof TomlDecodeError) {
    return { code: 'PERSIST_FAILED', message: `cannot write ${path}: the file is not valid TOML now (${err.message}); fix it, then sync` };
  }
  if (err instanceof TomlEditError) {
    return { code: 'PERSIST_FAILED', message: `cannot write ${path}: ${err.message}` };
  }
  return toAppErrorData(persistError(path, err));
}
