/**
 * "Save" of the edit panel: every changed field of the instrument in one
 * UpdateInstrumentParameters (one change, one file write), with the values the panel started from
 * as `expected`, so a value that changed underneath is refused by the core rather than
 * overwritten. While a change set takes changes, each changed field is staged instead, as a
 * single edit always was; the commit then writes them together.
 */
import type { AppErrorData, Result } from '../../shared/errors.js';
import type { TransactionView } from '../../shared/model/transactions.js';
import { findParamSpec, type ParamValue } from '../../shared/model/parameters.js';
import { useInstrumentEditStore, selectChangedPaths } from './instrument-edit-store.js';
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { checkDraft, specsOf } from './param-drafts.js';
import type { Staging } from './transaction-operations.js';

export interface InstrumentEditOperations {
  saveEdits(): Promise<void>;
}

/** One changed field whose conflict is not resolved stops the save: the operator decides first. */
const UNRESOLVED: AppErrorData = {
  code: 'CONFLICT',
  message: 'A value changed in the file while you were editing: choose which value to keep for each marked field, then save.',
};

/** The `changed` list of a CONFLICT answer, when it has one. */
function changedOf(error: AppErrorData): { param: string; actual: unknown }[] {
  const changed = (error.details as { changed?: unknown } | undefined)?.changed;
  return Array.isArray(changed) ? (changed as { param: string; actual: unknown }[]) : [];
}

/** The parameter a refusal is about (`details.param`), to show the message under its field. */
function fieldOf(error: AppErrorData): string | undefined {
  const param = (error.details as { param?: unknown } | undefined)?.param;
  return typeof param === 'string' ? param : undefined;
}

/** Binds the panel's save to one kit and the staging decision. */
export function createInstrumentEditOperations({ api, track, reportFailure, reportSuccess }: OperationKit, staging: Staging): InstrumentEditOperations {
  const edit = () => useInstrumentEditStore.getState();

  /** Stages one field after the other; answers the change set after the last, or the first refusal with its field. */
  async function stageAll(transactionId: string, id: string, values: Readonly<Record<string, ParamValue>>, staged: string[]): Promise<Result<{ transaction: TransactionView }>> {
    let last: Result<{ transaction: TransactionView }> = { ok: false, error: { code: 'VALIDATION', message: 'nothing to stage' } };
    for (const [param, value] of Object.entries(values)) {
      last = await api.StageParameterUpdate({ transactionId, id, param, value });
      if (!last.ok) return { ok: false, error: { ...last.error, details: { param, ...(last.error.details as object | undefined) } } };
      staged.push(param);
    }
    return last;
  }

  async function saveEdits(): Promise<void> {
    const state = edit();
    const { id, type } = state;
    if (!id || !type) return;
    if (Object.keys(state.conflicts).length > 0) return state.saveRefused(UNRESOLVED);
    const paths = selectChangedPaths(state);
    if (paths.length === 0) return;
    const values: Record<string, ParamValue> = {};
    const errors: Record<string, string> = {};
    for (const path of paths) {
      const spec = findParamSpec(specsOf(type), path);
      const check = spec ? checkDraft(spec, state.drafts[path] ?? '', 'edit') : ({ ok: false, error: 'unknown parameter' } as const);
      if (!check.ok || check.value === undefined) errors[path] = check.ok ? 'enter a value' : check.error;
      else values[path] = check.value;
    }
    if (Object.keys(errors).length > 0) return state.validationFailed(errors);

    const sent = Object.fromEntries(paths.map((p) => [p, state.drafts[p] ?? '']));
    const transactionId = staging.target();
    const stillOpen = () => edit().id === id;
    const count = paths.length;
    const what = `${count} ${count === 1 ? 'parameter' : 'parameters'} of ${id}`;

    if (transactionId !== null) {
      const staged: string[] = [];
      const result = await track(operationKey.saveEdits(id), () => stageAll(transactionId, id, values, staged));
      if (!result) return;
      // Staged counts as saved here: the values are in the change set, which the tray shows.
      const stagedValues = Object.fromEntries(staged.map((p) => [p, values[p] as ParamValue]));
      if (stillOpen() && staged.length > 0) edit().saved(stagedValues, { count: staged.length, staged: true, notInFile: false });
      if (result.ok) await staging.staged(result.value.transaction);
      else {
        reportFailure(`Stage: set ${what}`, result.error, true);
        const field = fieldOf(result.error);
        if (stillOpen()) edit().saveRefused(result.error, field ? { [field]: result.error.message } : undefined);
      }
      return;
    }

    const expected = Object.fromEntries(paths.map((p) => [p, state.baseValues[p] ?? null]));
    edit().saveStarted(sent);
    const result = await track(operationKey.saveEdits(id), () => api.UpdateInstrumentParameters({ id, values, expected }));
    if (!result) return;
    if (result.ok) {
      if (stillOpen()) edit().saved(values, { count, staged: false, notInFile: !result.value.persisted });
      reportSuccess(`Saved ${what}`, result.value.persisted);
      return;
    }
    reportFailure(`Set ${what}`, result.error, true);
    if (!stillOpen()) return;
    const changed = changedOf(result.error);
    if (result.error.code === 'CONFLICT' && changed.length > 0) {
      // The core had taken in a change the panel had not seen yet: show it as a conflict.
      const instrument = { ...edit().baseValues };
      for (const c of changed) instrument[c.param] = c.actual as ParamValue;
      edit().saveRefused(result.error);
      edit().configChanged(nestedConfig(instrument));
      return;
    }
    const field = fieldOf(result.error);
    edit().saveRefused(result.error, field ? { [field]: result.error.message } : undefined);
  }

  return { saveEdits };
}

/** Dotted paths and values as a nested config, the shape the panel rebases onto. */
function nestedConfig(values: Readonly<Record<string, ParamValue | null>>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    if (value === null) continue;
    const [head, sub] = path.split('.') as [string, string | undefined];
    if (sub === undefined) config[head] = value;
    else config[head] = { ...((config[head] as Record<string, unknown> | undefined) ?? {}), [sub]: value };
  }
  return config;
}
