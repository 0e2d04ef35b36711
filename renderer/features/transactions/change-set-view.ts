/**
 * Pure helpers that turn a change set and its validation report into what the staging tray
 * and the marks beside the instruments and module roles show.
 */
import type { StagedOperation, TransactionView, ValidationItem, ValidationReport } from '../../../shared/model/transactions.js';
import { memoizeLast } from '../../stores/memoize-last.js';
import type { CommitNote } from '../../stores/staging-store.js';

/** A staged value as it would be written: numbers and booleans plain, strings quoted, tables as JSON. */
export function stagedValueText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** One staged operation in words, e.g. "Add instrument probe (mock)", "Set sig.sample_rate_hz → 4". */
export function describeOperation(op: StagedOperation): string {
  switch (op.kind) {
    case 'add-instrument':
      return `Add instrument ${op.id} (${op.config.type})`;
    case 'remove-instrument':
      return op.force ? `Remove instrument ${op.id}, leaving its roles empty` : `Remove instrument ${op.id}`;
    case 'update-parameter':
      return `Set ${op.id}.${op.param} → ${stagedValueText(op.value)}`;
    case 'assign-role':
      return `Assign ${op.instrumentId} as ${op.role} of ${op.moduleId}`;
    case 'unassign-role':
      return `Unassign ${op.role} of ${op.moduleId}`;
  }
}

/** A problem as the tray prints it. */
export interface ProblemText {
  readonly code: string;
  readonly message: string;
}

/** One row of the tray's list: the operation in words and the errors that belong to it. */
export interface OperationRow {
  readonly index: number;
  readonly text: string;
  readonly errors: readonly ProblemText[];
}

function problem(item: ValidationItem): ProblemText {
  return { code: item.code, message: item.message };
}

/** The tray's rows, each with the errors the report ties to that operation. */
export function operationRows(operations: readonly StagedOperation[], report: ValidationReport | null): OperationRow[] {
  return operations.map((op, index) => ({
    index,
    text: describeOperation(op),
    errors: (report?.errors ?? []).filter((e) => e.operation === index).map(problem),
  }));
}

/** What the report says beside the rows: errors of the change set as a whole, and every warning. */
export function reportNotes(report: ValidationReport | null): { errors: ProblemText[]; warnings: ProblemText[] } {
  if (!report) return { errors: [], warnings: [] };
  return {
    errors: report.errors.filter((e) => e.operation === null).map(problem),
    // A warning about one operation says which, since it is not printed on that row.
    warnings: report.warnings.map((w) => ({ code: w.code, message: w.operation === null ? w.message : `#${w.operation + 1}: ${w.message}` })),
  };
}

/** The one-line verdict of the tray: nothing staged, checking, ready, or how many problems. */
export interface CheckSummary {
  readonly tone: 'idle' | 'pending' | 'ok' | 'error';
  readonly text: string;
}

/** The verdict for a change set of `count` operations with `report` (null: not checked yet). */
export function checkSummary(count: number, report: ValidationReport | null, checking: boolean): CheckSummary {
  if (count === 0) return { tone: 'idle', text: 'Nothing staged yet: add, edit, remove or assign, and each change lands here.' };
  if (checking || !report) return { tone: 'pending', text: 'Checking the change set…' };
  if (report.valid) {
    const warnings = report.warnings.length;
    return { tone: 'ok', text: warnings === 0 ? 'Valid: ready to commit.' : `Valid with ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}: ready to commit.` };
  }
  const n = report.errors.length;
  return { tone: 'error', text: `${n} ${n === 1 ? 'problem' : 'problems'}: unstage or replace the operations marked, then commit.` };
}

/** What the open change set would do to each instrument and module role, for marks beside them. */
export interface StagedMarks {
  /** Per instrument id: the staged operations on it, in words. */
  readonly instruments: Readonly<Record<string, readonly string[]>>;
  /** Per "<module>/<role>": the instrument it would hold after the commit (null: unassigned). */
  readonly roles: Readonly<Record<string, string | null>>;
}

const noMarks: StagedMarks = { instruments: {}, roles: {} };

/** The marks of a list of operations (the same list gives the same object). */
export const stagedMarks = memoizeLast((operations: readonly StagedOperation[] | null): StagedMarks => {
  if (!operations || operations.length === 0) return noMarks;
  const instruments: Record<string, string[]> = {};
  const roles: Record<string, string | null> = {};
  for (const op of operations) {
    if (op.kind === 'assign-role' || op.kind === 'unassign-role') {
      roles[`${op.moduleId}/${op.role}`] = op.kind === 'assign-role' ? op.instrumentId : null;
    } else {
      (instruments[op.id] ??= []).push(describeOperation(op));
    }
  }
  return { instruments, roles };
});

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
}

function changes(n: number): string {
  return `${n} ${n === 1 ? 'change' : 'changes'}`;
}

/** How a change set ended, in one sentence (with what its commit said about the file, if known). */
export function outcomeText(view: TransactionView, note: CommitNote | null): { tone: 'ok' | 'warn'; text: string } {
  const outcome = stateText(view, note);
  if (!view.recordNotSaved) return outcome;
  // The config file holds the outcome; only the app's record of it is waiting for the disk.
  const record = `The app could not keep its record of this yet (${view.recordNotSaved}); it keeps trying.`;
  return { tone: 'warn', text: outcome.text ? `${outcome.text} ${record}` : record };
}

function stateText(view: TransactionView, note: CommitNote | null): { tone: 'ok' | 'warn'; text: string } {
  const n = view.operations.length;
  switch (view.state) {
    case 'committed': {
      const mine = note?.transactionId === view.transactionId ? note : null;
      const file = !mine ? '' : mine.persisted ? ' Saved to the config file.' : mine.persistError ? ` Not saved to the config file yet: ${mine.persistError.message}.` : '';
      const rebased = mine?.rebased ? ' The file had changed meanwhile; the changes went on top.' : '';
      // The core's note says what was unusual: a window that ended without a rollback, a
      // commit finished after a crash, the file not written with persistence off.
      const said = view.note ? ` ${sentence(view.note)}` : '';
      return { tone: (mine && !mine.persisted) || view.note ? 'warn' : 'ok', text: `Committed ${changes(n)}.${file}${rebased}${said}` };
    }
    case 'discarded':
      return { tone: 'ok', text: `Change set discarded: nothing was applied.` };
    case 'rolled-back':
      return { tone: 'warn', text: `Commit rolled back (${view.note ?? 'on request'}): the configuration before it is back.` };
    case 'expired':
      return { tone: 'warn', text: `Change set expired: ${view.note ?? 'nothing was applied'}.` };
    default:
      return { tone: 'ok', text: '' };
  }
}
