/**
 * The operations the GUI offers, as calls through the bridge: add, edit, remove, assign, start,
 * stop.
 * Each marks itself in flight, turns a failed Result into a toast and a log line, and reports
 * changes that did not reach the config file. State changes themselves arrive as events
 * (through `bridge/subscriptions.ts`), never from these responses.
 */
import type { AppErrorData, Result } from '../../shared/errors.js';
import type { DaqApi } from '../../shared/ipc/contract.js';
import { findParamSpec } from '../../shared/model/parameters.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import { useAppStatusStore } from './app-status-store.js';
import { useInstrumentEditStore } from './instrument-edit-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import { useLogStore } from './log-store.js';
import { operationKey, useOperationsStore } from './operations-store.js';
import { buildInstrumentConfig, checkDraft, instrumentIdError, paramFields, specsOf } from './param-drafts.js';
import { useRemoveDialogStore } from './remove-dialog-store.js';
import { useToastsStore } from './toasts-store.js';

/** What the containers can ask for; each resolves once the core has answered. */
export interface Operations {
  addInstrument(): Promise<void>;
  saveParameter(path: string): Promise<void>;
  /** Removes the instrument the dialog names; `force` removes it even while modules use it. */
  removeInstrument(force: boolean): Promise<void>;
  /** Fills a module's role with an instrument, or empties it when `instrumentId` is null. */
  assignRole(moduleId: string, role: string, instrumentId: string | null): Promise<void>;
  startModule(id: string): Promise<void>;
  stopModule(id: string): Promise<void>;
}

interface PersistOutcome {
  readonly persisted: boolean;
  readonly persistError?: AppErrorData | undefined;
}

/** Binds the operations to one API; `now` is injectable so tests get fixed log times. */
export function createOperations(api: DaqApi, now: () => Date = () => new Date()): Operations {
  const log = (level: 'error' | 'warn', message: string, source: string): void =>
    useLogStore.getState().entriesAdded([{ level, message, source, time: now().toISOString() }]);

  /** A toast and an error line; `expected` refusals (shown where they happened) only log a warning. */
  const reportFailure = (action: string, error: AppErrorData, expected = false): void => {
    if (!expected) useToastsStore.getState().errorReported(action, error);
    log(expected ? 'warn' : 'error', `${action} failed: ${error.code}: ${error.message}`, 'app');
  };

  const notePersist = (outcome: PersistOutcome): void => {
    if (outcome.persisted) useAppStatusStore.getState().changeSaved();
    else if (outcome.persistError) {
      useAppStatusStore.getState().changeNotSaved(outcome.persistError.message);
      log('warn', `not saved to file: ${outcome.persistError.message}`, 'persistence');
    }
  };

  /** Runs one call unless the same operation is already in flight (then answers null). */
  async function track<T>(key: string, call: () => Promise<Result<T>>): Promise<Result<T> | null> {
    const ops = useOperationsStore.getState();
    if (ops.pending[key]) return null;
    ops.operationStarted(key);
    try {
      return await call();
    } finally {
      useOperationsStore.getState().operationFinished(key);
    }
  }

  async function addInstrument(): Promise<void> {
    const form = useAddInstrumentStore.getState();
    const idError = instrumentIdError(form.id, useInstrumentsStore.getState().ids);
    const built = buildInstrumentConfig(form.type, form.drafts);
    if (idError !== undefined || !built.ok) {
      form.validationFailed(idError, built.ok ? {} : built.errors);
      return;
    }
    const action = `Add instrument ${form.id}`;
    const result = await track(operationKey.add(), () => api.AddInstrumentDynamic({ id: form.id, config: built.config }));
    if (!result) return;
    if (result.ok) {
      notePersist(result.value);
      useAddInstrumentStore.getState().instrumentAdded();
    } else {
      reportFailure(action, result.error);
      useAddInstrumentStore.getState().submitRefused(result.error);
    }
  }

  async function saveParameter(path: string): Promise<void> {
    const edit = useInstrumentEditStore.getState();
    const { id, type } = edit;
    if (!id || !type) return;
    const spec = findParamSpec(specsOf(type), path);
    if (!spec) return;
    const raw = edit.drafts[path] ?? '';
    const check = checkDraft(spec, raw, 'edit');
    if (!check.ok || check.value === undefined) {
      edit.saveRefused(path, check.ok ? 'enter a value' : check.error);
      return;
    }
    const value = check.value;
    const label = paramFields(specsOf(type)).find((f) => f.path === path)?.label ?? path;
    const result = await track(operationKey.update(id, path), () => api.UpdateInstrumentParameter({ id, param: path, value }));
    if (!result) return;
    const stillEditing = useInstrumentEditStore.getState().id === id;
    if (result.ok) {
      notePersist(result.value);
      if (stillEditing) useInstrumentEditStore.getState().parameterSaved(path, raw);
    } else {
      reportFailure(`Set ${label} of ${id}`, result.error);
      if (stillEditing) useInstrumentEditStore.getState().saveRefused(path, `${result.error.code}: ${result.error.message}`);
    }
  }

  async function removeInstrument(force: boolean): Promise<void> {
    const id = useRemoveDialogStore.getState().targetId;
    if (!id) return;
    const result = await track(operationKey.remove(id), () =>
      api.RemoveInstrumentDynamic(force ? { id, force: true } : { id }),
    );
    if (!result) return;
    const dialog = useRemoveDialogStore.getState();
    if (result.ok) {
      notePersist(result.value);
      if (dialog.targetId === id) dialog.dialogClosed();
      return;
    }
    // IN_USE is the expected answer to a plain remove of a used instrument: the dialog shows it
    // and offers "Remove anyway", so a toast would only repeat it.
    reportFailure(`Remove instrument ${id}`, result.error, result.error.code === 'IN_USE');
    if (dialog.targetId === id) dialog.removeRefused(result.error);
  }

  async function moduleCall(id: string, verb: 'Start' | 'Stop'): Promise<void> {
    const call = verb === 'Start' ? () => api.StartModule({ id }) : () => api.StopModule({ id });
    const result = await track(operationKey.module(id), call);
    if (result && !result.ok) reportFailure(`${verb} ${id}`, result.error);
  }

  async function assignRole(moduleId: string, role: string, instrumentId: string | null): Promise<void> {
    const result = await track(operationKey.module(moduleId), () =>
      instrumentId === null
        ? api.UnassignInstrumentFromModule({ moduleId, role })
        : api.AssignInstrumentToModule({ moduleId, role, instrumentId }),
    );
    const action = instrumentId === null ? `Unassign ${role} of ${moduleId}` : `Assign ${instrumentId} as ${role} of ${moduleId}`;
    if (result && !result.ok) reportFailure(action, result.error);
  }

  return {
    addInstrument,
    assignRole,
    saveParameter,
    removeInstrument,
    startModule: (id) => moduleCall(id, 'Start'),
    stopModule: (id) => moduleCall(id, 'Stop'),
  };
}
