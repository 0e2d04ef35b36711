/**
 * Removing an instrument that modules may use. The dialog asks the core which (module, role)
 * pairs depend on it when it opens, then offers: remove (unused), remove anyway (roles left
 * empty, modules degraded), remove with its modules (exactly the modules listed), or reassign
 * each role to another capable instrument and remove, as one command that changes all or
 * nothing. When the core answers that the dependents changed (IN_USE, CONFLICT), the list is
 * asked for again and the dialog says so.
 * While a change set takes changes, the same choices stage instead (removal with force, or
 * the reassignments then the removal); removing modules along cannot be staged.
 */
import type { AppErrorData, Result } from '../../shared/errors.js';
import type { TransactionView } from '../../shared/model/transactions.js';
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { dependentModules, roleKey, selectReassignComplete, useRemoveDialogStore } from './remove-dialog-store.js';
import type { Staging } from './transaction-operations.js';

export interface RemovalOperations {
  /** Opens the dialog for `id` and asks the core who depends on it. */
  openRemoveDialog(id: string): Promise<void>;
  /** Plain removal (offered only when nothing uses the instrument). */
  removeInstrument(): Promise<void>;
  /** Removal with `force`: dependent roles are left empty. */
  removeInstrumentAnyway(): Promise<void>;
  /** Removal together with exactly the modules the dialog lists (never staged: no command stages it). */
  removeWithModules(): Promise<void>;
  /** Hands every dependent role to its chosen replacement and removes the instrument, in one command. */
  reassignAndRemove(): Promise<void>;
}

/** What a removal attempt came to: done, or which step failed and why. */
type Outcome = { readonly done: true } | { readonly done: false; readonly action: string; readonly error: AppErrorData };

const done: Outcome = { done: true };

function outcomeOf(action: string, result: Result<unknown>): Outcome {
  return result.ok ? done : { done: false, action, error: result.error };
}

/** The removal operations bound to one kit. */
export function createRemovalOperations({ api, track, reportFailure, reportSuccess }: OperationKit, staging: Staging): RemovalOperations {
  const dialog = () => useRemoveDialogStore.getState();

  /** One stage call of a staged removal. */
  type StageStep = { readonly action: string; readonly call: (transactionId: string) => Promise<Result<{ transaction: TransactionView }>> };

  /**
   * Stages the steps in order into the change set, then checks it. A step that fails stops
   * the rest; those already staged stay in the tray, where they can be unstaged.
   */
  async function stageSteps(transactionId: string, steps: readonly StageStep[]): Promise<Outcome> {
    let last: TransactionView | null = null;
    let outcome: Outcome = done;
    for (const step of steps) {
      const result = await step.call(transactionId);
      if (!result.ok) {
        outcome = { done: false, action: step.action, error: result.error };
        break;
      }
      last = result.value.transaction;
    }
    if (last) await staging.staged(last);
    return outcome;
  }

  /** The plain or forced removal: applied, or staged while a change set takes changes. */
  function removal(force: boolean): (id: string) => Promise<Outcome> {
    return async (id) => {
      const transactionId = staging.target();
      const request = force ? { id, force } : { id };
      if (transactionId === null) return outcomeOf(`Remove instrument ${id}`, await api.RemoveInstrumentDynamic(request));
      return stageSteps(transactionId, [
        { action: `Stage removing instrument ${id}`, call: (tx) => api.StageInstrumentRemove({ transactionId: tx, ...request }) },
      ]);
    };
  }

  /** Stages each chosen reassignment, then the removal, which then leaves no role empty. */
  function stageReassignment(id: string, transactionId: string): Promise<Outcome> {
    const state = dialog();
    const steps: StageStep[] = (state.dependents ?? []).flatMap((d) => {
      const instrumentId = state.replacements[roleKey(d.moduleId, d.role)];
      if (instrumentId === undefined) return [];
      const { moduleId, role } = d;
      return [{ action: `Stage assigning ${instrumentId} as ${role} of ${moduleId}`, call: (tx: string) => api.StageModuleAssign({ transactionId: tx, moduleId, role, instrumentId }) }];
    });
    steps.push({ action: `Stage removing instrument ${id}`, call: (tx) => api.StageInstrumentRemove({ transactionId: tx, id }) });
    return stageSteps(transactionId, steps);
  }

  async function refreshDependents(id: string, notice: string | null): Promise<void> {
    const result = await api.GetInstrumentDependencies({ id });
    if (result.ok) dialog().dependentsRefreshed(id, result.value.dependents, notice);
    else dialog().dependentsFailed(id, result.error);
  }

  /** Runs one removal sequence for the dialog's instrument and shows how it ended. */
  async function attempt(run: (id: string) => Promise<Outcome>): Promise<void> {
    const id = dialog().targetId;
    if (!id) return;
    const result = await track(operationKey.remove(id), async () => ({ ok: true as const, value: await run(id) }));
    if (!result?.ok) return;
    const outcome = result.value;
    if (outcome.done) {
      if (dialog().targetId === id) dialog().dialogClosed();
      // Staged removals show in the tray; an applied one gets its notice.
      if (staging.target() === null) reportSuccess(`Removed instrument ${id}`);
      return;
    }
    const { action, error } = outcome;
    if (error.code === 'IN_USE' || error.code === 'CONFLICT') {
      // Expected when someone changed the modules meanwhile: the dialog shows the new list.
      reportFailure(action, error, true);
      await refreshDependents(id, `The modules using ${id} changed since this dialog opened. The list below is up to date: check it and choose again.`);
      return;
    }
    // Shown in the dialog while it is open: a toast over it would say it twice.
    reportFailure(action, error, dialog().targetId === id);
    // A staged sequence that stopped halfway, or a change made elsewhere meanwhile, may have
    // changed the dependents: show them as they are now.
    await refreshDependents(id, null);
    if (dialog().targetId === id) dialog().removeRefused(error);
  }

  /**
   * Hands every dependent role to its chosen instrument and removes this one in a single
   * command: the core stops, reassigns and restarts running modules itself, and a failure at
   * any step leaves everything as it was (so there is nothing half-done to report).
   */
  async function reassign(id: string): Promise<Outcome> {
    const transactionId = staging.target();
    if (transactionId !== null) return stageReassignment(id, transactionId);
    const state = dialog();
    const reassignments = (state.dependents ?? []).flatMap((d) => {
      const instrumentId = state.replacements[roleKey(d.moduleId, d.role)];
      return instrumentId === undefined ? [] : [{ moduleId: d.moduleId, role: d.role, instrumentId }];
    });
    return outcomeOf(`Reassign the roles of ${id} and remove it`, await api.RemoveInstrumentDynamic({ id, reassign: reassignments }));
  }

  return {
    async openRemoveDialog(id) {
      dialog().removeRequested(id);
      const result = await api.GetInstrumentDependencies({ id });
      if (result.ok) dialog().dependentsLoaded(id, result.value.dependents);
      else dialog().dependentsFailed(id, result.error);
    },
    removeInstrument: () => attempt(removal(false)),
    removeInstrumentAnyway: () => attempt(removal(true)),
    removeWithModules: () =>
      staging.target() !== null ? Promise.resolve() : attempt(async (id) => {
        const confirmModules = [...dependentModules(dialog().dependents ?? [])];
        return outcomeOf(`Remove instrument ${id} with its modules`, await api.RemoveInstrumentCascade({ id, confirmModules }));
      }),
    reassignAndRemove: () => (selectReassignComplete(dialog()) ? attempt(reassign) : Promise.resolve()),
  };
}
