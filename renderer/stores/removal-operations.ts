/**
 * Removing an instrument that modules may use. The dialog asks the core which (module, role)
 * pairs depend on it when it opens, then offers: remove (unused), remove anyway (roles left
 * empty, modules degraded), remove with its modules (exactly the modules listed), or reassign
 * each role to another capable instrument and then remove. When the core answers that the
 * dependents changed (IN_USE, CONFLICT), the list is asked for again and the dialog says so.
 */
import type { AppErrorData, Result } from '../../shared/errors.js';
import { useModulesStore } from './modules-store.js';
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { dependentModules, roleKey, selectReassignComplete, useRemoveDialogStore } from './remove-dialog-store.js';
import { useToastsStore } from './toasts-store.js';

export interface RemovalOperations {
  /** Opens the dialog for `id` and asks the core who depends on it. */
  openRemoveDialog(id: string): Promise<void>;
  /** Plain removal (offered only when nothing uses the instrument). */
  removeInstrument(): Promise<void>;
  /** Removal with `force`: dependent roles are left empty. */
  removeInstrumentAnyway(): Promise<void>;
  /** Removal together with exactly the modules the dialog lists. */
  removeWithModules(): Promise<void>;
  /** Assigns every dependent role to its chosen replacement, then removes the instrument. */
  reassignAndRemove(): Promise<void>;
}

/** What a removal attempt came to: done, or which step failed and why. */
type Outcome = { readonly done: true } | { readonly done: false; readonly action: string; readonly error: AppErrorData };

const done: Outcome = { done: true };

function outcomeOf(action: string, result: Result<unknown>): Outcome {
  return result.ok ? done : { done: false, action, error: result.error };
}

/** The removal operations bound to one kit. */
export function createRemovalOperations({ api, track, reportFailure }: OperationKit): RemovalOperations {
  const dialog = () => useRemoveDialogStore.getState();

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
      return;
    }
    const { action, error } = outcome;
    if (error.code === 'IN_USE' || error.code === 'CONFLICT') {
      // Expected when someone changed the modules meanwhile: the dialog shows the new list.
      reportFailure(action, error, true);
      await refreshDependents(id, `The modules using ${id} changed since this dialog opened. The list below is up to date: check it and choose again.`);
      return;
    }
    reportFailure(action, error);
    // A reassignment that stopped halfway changed the dependents: show them as they are now.
    await refreshDependents(id, null);
    if (dialog().targetId === id) dialog().removeRefused(error);
  }

  async function reassign(id: string): Promise<Outcome> {
    const state = dialog();
    const dependents = state.dependents ?? [];
    // Assignments are refused while a module runs: stop it, reassign, start it again.
    const modules = useModulesStore.getState().byId;
    const running = dependentModules(dependents).filter((m) => modules[m]?.state === 'running');
    for (const moduleId of running) {
      const stopped = outcomeOf(`Stop ${moduleId}`, await api.StopModule({ id: moduleId }));
      if (!stopped.done) return stopped;
    }
    let failed: Outcome = done;
    for (const d of dependents) {
      const instrumentId = state.replacements[roleKey(d.moduleId, d.role)];
      if (instrumentId === undefined) continue;
      failed = outcomeOf(
        `Assign ${instrumentId} as ${d.role} of ${d.moduleId}`,
        await api.AssignInstrumentToModule({ moduleId: d.moduleId, role: d.role, instrumentId }),
      );
      if (!failed.done) break;
    }
    for (const moduleId of running) {
      const started = await api.StartModule({ id: moduleId });
      if (!started.ok) useToastsStore.getState().errorReported(`Start ${moduleId} again`, started.error);
    }
    if (!failed.done) return failed;
    return outcomeOf(`Remove instrument ${id}`, await api.RemoveInstrumentDynamic({ id }));
  }

  return {
    async openRemoveDialog(id) {
      dialog().removeRequested(id);
      const result = await api.GetInstrumentDependencies({ id });
      if (result.ok) dialog().dependentsLoaded(id, result.value.dependents);
      else dialog().dependentsFailed(id, result.error);
    },
    removeInstrument: () => attempt(async (id) => outcomeOf(`Remove instrument ${id}`, await api.RemoveInstrumentDynamic({ id }))),
    removeInstrumentAnyway: () =>
      attempt(async (id) => outcomeOf(`Remove instrument ${id}`, await api.RemoveInstrumentDynamic({ id, force: true }))),
    removeWithModules: () =>
      attempt(async (id) => {
        const confirmModules = [...dependentModules(dialog().dependents ?? [])];
        return outcomeOf(`Remove instrument ${id} with its modules`, await api.RemoveInstrumentCascade({ id, confirmModules }));
      }),
    reassignAndRemove: () => (selectReassignComplete(dialog()) ? attempt(reassign) : Promise.resolve()),
  };
}
