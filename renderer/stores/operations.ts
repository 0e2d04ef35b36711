/**
 * The operations the GUI offers, as calls through the bridge: add, edit, remove, assign, start,
 * stop, save to and reload from the config file, list serial ports, the change sets of the
 * staging tray, and config versions (compare, label, snapshot, restore, undo the last change).
 * While a change set is open with "Stage changes" on, add, edit, remove and assign stage their
 * change into it instead of applying it.
 * Each marks itself in flight and turns a failed Result into a toast and a log line. State
 * changes themselves arrive as events (through `bridge/subscriptions.ts`), never from these
 * responses; that includes whether a change reached the config file (the persistence status).
 */
import type { Result } from '../../shared/errors.js';
import type { DaqApi } from '../../shared/ipc/contract.js';
import type { TransactionView } from '../../shared/model/transactions.js';
import { createAddFormOperations, type AddFormOperations } from './add-form-operations.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import { createConfigFileOperations, type ConfigFileOperations } from './config-file-operations.js';
import { createDeviceActionOperations, type DeviceActionOperations } from './device-action-operations.js';
import { createInstrumentEditOperations, type InstrumentEditOperations } from './instrument-edit-operations.js';
import { useInstrumentsStore } from './instruments-store.js';
import { createOperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { buildInstrumentConfig, instrumentIdError } from './param-drafts.js';
import { createRemovalOperations, type RemovalOperations } from './removal-operations.js';
import { useRowHighlightStore } from './row-highlight-store.js';
import { createRunOperations, type RunOperations } from './run-operations.js';
import { createTransactionOperations, type TransactionOperations } from './transaction-operations.js';
import { createVersionOperations, type VersionOperations } from './version-operations.js';

/** What the containers can ask for; each resolves once the core has answered. */
export interface Operations
  extends AddFormOperations,
    ConfigFileOperations,
    DeviceActionOperations,
    InstrumentEditOperations,
    RemovalOperations,
    RunOperations,
    TransactionOperations,
    VersionOperations {
  addInstrument(): Promise<void>;
  /** Fills a module's role with an instrument, or empties it when `instrumentId` is null. */
  assignRole(moduleId: string, role: string, instrumentId: string | null): Promise<void>;
  startModule(id: string): Promise<void>;
  stopModule(id: string): Promise<void>;
}

/** Whether a change's answer says it is in the file (answers without the flag count as saved). */
function persistedOf(value: unknown): boolean {
  return !(typeof value === 'object' && value !== null && (value as { persisted?: unknown }).persisted === false);
}

/** Binds the operations to one API; `now` is injectable so tests get fixed log times. */
export function createOperations(api: DaqApi, now: () => Date = () => new Date()): Operations {
  const kit = createOperationKit(api, now);
  const { track, reportFailure } = kit;
  const changeSets = createTransactionOperations(kit);
  const { staging } = changeSets;

  /**
   * Applies through `apply`, or, while a change set takes changes, stages through `stage`.
   * `staging` says which it was; `staged` is the change set the change went into (the caller
   * checks it once its own state is updated).
   */
  async function applyOrStage<T, S extends { transaction: TransactionView }>(
    key: string,
    apply: () => Promise<Result<T>>,
    stage: (transactionId: string) => Promise<Result<S>>,
  ): Promise<{ result: Result<T | S>; staging: boolean; staged: TransactionView | null } | null> {
    const transactionId = staging.target();
    const result = await track<T | S>(key, transactionId === null ? apply : () => stage(transactionId));
    if (result === null) return null;
    const stagingOn = transactionId !== null;
    return { result, staging: stagingOn, staged: result.ok && stagingOn ? (result.value as S).transaction : null };
  }

  async function addInstrument(): Promise<void> {
    const form = useAddInstrumentStore.getState();
    const idError = instrumentIdError(form.id, useInstrumentsStore.getState().ids);
    const built = buildInstrumentConfig(form.type, form.drafts);
    if (idError !== undefined || !built.ok) {
      form.validationFailed(idError, built.ok ? {} : built.errors);
      return;
    }
    const { id } = form;
    const config = built.config;
    const outcome = await applyOrStage(
      operationKey.add(),
      () => api.AddInstrumentDynamic({ id, config }),
      (transactionId) => api.StageInstrumentAdd({ transactionId, id, config }),
    );
    if (!outcome) return;
    const { result, staged } = outcome;
    if (result.ok) {
      useAddInstrumentStore.getState().instrumentAdded();
      if (staged) await staging.staged(staged);
      else {
        kit.reportSuccess(`Added instrument ${id}`, persistedOf(result.value));
        useRowHighlightStore.getState().rowAdded(id);
      }
    } else {
      // The form shows the refusal next to its fields: a toast over it would say it twice.
      reportFailure(`${outcome.staging ? 'Stage adding' : 'Add'} instrument ${id}`, result.error, true);
      useAddInstrumentStore.getState().submitRefused(result.error);
    }
  }

  async function moduleCall(id: string, verb: 'Start' | 'Stop'): Promise<void> {
    const call = verb === 'Start' ? () => api.StartModule({ id }) : () => api.StopModule({ id });
    const result = await track(operationKey.module(id), call);
    if (result && !result.ok) reportFailure(`${verb} ${id}`, result.error);
    else if (result) kit.reportSuccess(`${verb === 'Start' ? 'Started' : 'Stopped'} module ${id}`);
  }

  async function assignRole(moduleId: string, role: string, instrumentId: string | null): Promise<void> {
    const outcome =
      instrumentId === null
        ? await applyOrStage(
            operationKey.module(moduleId),
            () => api.UnassignInstrumentFromModule({ moduleId, role }),
            (transactionId) => api.StageModuleUnassign({ transactionId, moduleId, role }),
          )
        : await applyOrStage(
            operationKey.module(moduleId),
            () => api.AssignInstrumentToModule({ moduleId, role, instrumentId }),
            (transactionId) => api.StageModuleAssign({ transactionId, moduleId, role, instrumentId }),
          );
    if (!outcome) return;
    if (outcome.staged) return staging.staged(outcome.staged);
    const action = instrumentId === null ? `Unassign ${role} of ${moduleId}` : `Assign ${instrumentId} as ${role} of ${moduleId}`;
    if (!outcome.result.ok) reportFailure(outcome.staging ? `Stage: ${action}` : action, outcome.result.error);
    else kit.reportSuccess(instrumentId === null ? `Unassigned ${role} of ${moduleId}` : `Assigned ${instrumentId} as ${role} of ${moduleId}`, persistedOf(outcome.result.value));
  }

  return {
    ...createAddFormOperations(kit),
    ...createConfigFileOperations(kit),
    ...createDeviceActionOperations(kit),
    ...createRunOperations(kit),
    ...createInstrumentEditOperations(kit, staging),
    ...createRemovalOperations(kit, staging),
    ...changeSets.operations,
    ...createVersionOperations(kit),
    addInstrument,
    assignRole,
    startModule: (id) => moduleCall(id, 'Start'),
    stopModule: (id) => moduleCall(id, 'Stop'),
  };
}
