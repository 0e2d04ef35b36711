/**
 * The operations the GUI offers, as calls through the bridge: add, edit, remove, assign, start,
 * stop, save to and reload from the config file, list serial ports.
 * Each marks itself in flight and turns a failed Result into a toast and a log line. State
 * changes themselves arrive as events (through `bridge/subscriptions.ts`), never from these
 * responses; that includes whether a change reached the config file (the persistence status).
 */
import type { DaqApi } from '../../shared/ipc/contract.js';
import { findParamSpec } from '../../shared/model/parameters.js';
import { createAddFormOperations, type AddFormOperations } from './add-form-operations.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import { createConfigFileOperations, type ConfigFileOperations } from './config-file-operations.js';
import { useInstrumentEditStore } from './instrument-edit-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import { createOperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { buildInstrumentConfig, checkDraft, instrumentIdError, paramFields, specsOf } from './param-drafts.js';
import { createRemovalOperations, type RemovalOperations } from './removal-operations.js';

/** What the containers can ask for; each resolves once the core has answered. */
export interface Operations extends AddFormOperations, ConfigFileOperations, RemovalOperations {
  addInstrument(): Promise<void>;
  saveParameter(path: string): Promise<void>;
  /** Fills a module's role with an instrument, or empties it when `instrumentId` is null. */
  assignRole(moduleId: string, role: string, instrumentId: string | null): Promise<void>;
  startModule(id: string): Promise<void>;
  stopModule(id: string): Promise<void>;
}

/** Binds the operations to one API; `now` is injectable so tests get fixed log times. */
export function createOperations(api: DaqApi, now: () => Date = () => new Date()): Operations {
  const kit = createOperationKit(api, now);
  const { track, reportFailure } = kit;

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
      if (stillEditing) useInstrumentEditStore.getState().parameterSaved(path, raw);
    } else {
      reportFailure(`Set ${label} of ${id}`, result.error);
      if (stillEditing) useInstrumentEditStore.getState().saveRefused(path, `${result.error.code}: ${result.error.message}`);
    }
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
    ...createAddFormOperations(kit),
    ...createConfigFileOperations(kit),
    ...createRemovalOperations(kit),
    addInstrument,
    assignRole,
    saveParameter,
    startModule: (id) => moduleCall(id, 'Start'),
    stopModule: (id) => moduleCall(id, 'Stop'),
  };
}
