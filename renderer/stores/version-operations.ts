/**
 * The operations of config versions: list, compare, label, take a snapshot, and go back to a
 * version (restore, "Undo last change", and the Undo of a restore). Going back always passes
 * through the confirmation dialog, which first asks the core what it would change. Every action
 * of ours that keeps or renames a version asks for the list again; changes made elsewhere are
 * counted by the subscription router (`versions-store.ts`).
 */
import type { AppErrorData } from '../../shared/errors.js';
import type { CommandResponse } from '../../shared/ipc/contract.js';
import type { VersionInfo } from '../../shared/model/versions.js';
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { hasLineChanges, useRestoreStore } from './restore-store.js';
import { CURRENT, findVersion, labelProblem, selectComparePair, useVersionsStore } from './versions-store.js';

export interface VersionOperations {
  /** Lists the versions unless the list already reflects every change seen. */
  refreshVersions(): Promise<void>;
  /** Lists them again regardless ("Try again" after a failure). */
  reloadVersions(): Promise<void>;
  /** Compares the ticked versions (or the one ticked with the current file) unless done for this pair. */
  compareSelected(): Promise<void>;
  takeSnapshot(): Promise<void>;
  saveVersionLabel(): Promise<void>;
  /** Opens the confirmation for going back to `versionId` and asks what it would change. */
  openRestore(versionId: string): Promise<void>;
  /** Opens the same confirmation for the newest version that differs from the file now. */
  undoLastChange(): Promise<void>;
  /** The dialog's "Restore". */
  confirmRestore(): Promise<void>;
  /**
   * The notice's "Undo": back to the version kept just before the restore — at once while the
   * file is as the restore left it, through the confirmation otherwise.
   */
  undoRestore(): Promise<void>;
}

/**
 * How many of the newest versions that differ from the file now "Undo last change" compares:
 * bytes can differ where no line does (a byte order mark), and such a version changes nothing.
 */
const UNDO_CANDIDATES = 3;

/** Refusals of a rollback the dialog explains by itself: no toast, a warning in the log. */
const SHOWN_IN_DIALOG = new Set<AppErrorData['code']>(['VALIDATION', 'CONFLICT', 'NOT_FOUND', 'UNAVAILABLE']);

function coreText(error: AppErrorData): string {
  return `${error.code}: ${error.message}`;
}

/** Binds the version operations to one kit. */
export function createVersionOperations({ api, track, reportFailure }: OperationKit): VersionOperations {
  const versions = () => useVersionsStore.getState();
  const restore = () => useRestoreStore.getState();

  async function list(force: boolean): Promise<void> {
    if (force) versions().listInvalidated();
    const count = versions().changeCount;
    if (versions().requestedFor === count) return;
    versions().listRequested(count);
    const result = await api.ListConfigVersions({});
    if (result.ok) versions().listLoaded(count, result.value.versions, result.value.currentHash);
    else if (result.error.code === 'UNAVAILABLE') versions().listRefused(count, result.error.message);
    else versions().listFailed(count, result.error);
  }

  /** After an action of ours kept or renamed a version: the list is out of date. */
  function ourChange(): Promise<void> {
    versions().configChanged();
    return list(false);
  }

  /** Asks what going back to `version` would change, for the dialog. */
  async function preview(version: VersionInfo): Promise<void> {
    const result = await api.CompareConfigVersions({ versionA: CURRENT, versionB: version.versionId });
    if (result.ok) restore().previewLoaded(version, result.value);
    else restore().previewFailed(result.error);
  }

  /** Runs one RollbackToVersion under the single rollback key. */
  function rollback(versionId: string) {
    return track(operationKey.rollback(), () => api.RollbackToVersion({ versionId }));
  }

  /** Opens the confirmation for going back to `versionId` and asks the core what it would change. */
  async function openRestore(versionId: string): Promise<void> {
    let version = findVersion(versions(), versionId);
    // A version named by the notice's Undo may be newer than the list shown.
    if (!version) {
      await list(true);
      version = findVersion(versions(), versionId);
    }
    if (!version) return reportFailure('Restore version', { code: 'NOT_FOUND', message: `no version "${versionId}" (it may have been labelled or removed meanwhile)` });
    restore().restoreRequested('restore', version);
    await preview(version);
  }

  return {
    refreshVersions: () => list(false),
    reloadVersions: () => list(true),

    async compareSelected() {
      const pair = selectComparePair(versions());
      if (!pair || versions().compareRequestedKey === pair.key) return;
      versions().compareRequested(pair.key);
      const result = await api.CompareConfigVersions({ versionA: pair.older, versionB: pair.newer });
      if (result.ok) versions().compared({ key: pair.key, pairId: pair.pairId, ...result.value });
      else versions().compareFailed(pair.key, result.error);
    },

    async takeSnapshot() {
      const label = versions().snapshotLabel.trim();
      const problem = label === '' ? null : labelProblem(label);
      if (problem !== null) return versions().snapshotRefused(problem);
      const result = await track(operationKey.snapshot(), () => api.CreateConfigSnapshot(label === '' ? {} : { label }));
      if (!result) return;
      if (!result.ok) {
        reportFailure('Take snapshot', result.error, true);
        return versions().snapshotRefused(coreText(result.error));
      }
      const named = label === '' ? '' : ` as "${label}"`;
      versions().snapshotTaken(result.value.created ? `Snapshot kept${named}.` : `The newest version already holds this file${label === '' ? '' : `; it is labelled "${label}"`}.`);
      await ourChange();
    },

    async saveVersionLabel() {
      const edit = versions().labelEdit;
      if (!edit) return;
      const label = edit.draft.trim();
      const problem = labelProblem(label);
      if (problem !== null) return versions().labelRefused(problem);
      const { versionId } = edit;
      const result = await track(operationKey.labelVersion(versionId), () => api.LabelConfigVersion({ versionId, label }));
      if (!result) return;
      if (!result.ok) {
        reportFailure(`Label version ${versionId}`, result.error, true);
        return versions().labelRefused(coreText(result.error));
      }
      versions().labelSaved(versionId, result.value.versionId, label);
      await ourChange();
    },

    openRestore,

    async undoLastChange() {
      restore().restoreRequested('undo-last', null);
      // Listed fresh: the last change may have landed a moment ago. The answer serves the view too.
      const count = versions().changeCount;
      versions().listRequested(count);
      const listed = await api.ListConfigVersions({});
      if (!listed.ok) return restore().previewFailed(listed.error);
      versions().listLoaded(count, listed.value.versions, listed.value.currentHash);
      // Versions equal to the file now would change nothing: they are not "the last change".
      const candidates = listed.value.versions.filter((v) => v.hash !== listed.value.currentHash).slice(0, UNDO_CANDIDATES);
      for (const version of candidates) {
        const result = await api.CompareConfigVersions({ versionA: CURRENT, versionB: version.versionId });
        if (restore().purpose !== 'undo-last') return; // cancelled meanwhile
        if (!result.ok) return restore().previewFailed(result.error);
        if (hasLineChanges(result.value.unified)) return restore().previewLoaded(version, result.value);
      }
      restore().nothingFoundToUndo();
    },

    async confirmRestore() {
      const { version, preview: shown, purpose } = restore();
      if (!version || !shown || !purpose) return;
      const result = await rollback(version.versionId);
      if (!result) return;
      if (!result.ok) {
        reportFailure(purpose === 'undo-last' ? 'Undo last change' : 'Restore version', result.error, SHOWN_IN_DIALOG.has(result.error.code));
        return restore().restoreRefused(result.error);
      }
      restore().restored({ purpose, version, summary: result.value.summary, previous: result.value.previous ?? null, undoneSummary: null });
      await ourChange();
    },

    async undoRestore() {
      const notice = restore().notice;
      if (!notice?.previous) return;
      const { previous, version: restored } = notice;
      const result = await track<CommandResponse<'RollbackToVersion'> | null>(operationKey.rollback(), async () => {
        // One click only while the file is still what the restore wrote: going back then undoes
        // exactly the restore. After any other change it would undo that too, so it asks first.
        const since = await api.CompareConfigVersions({ versionA: restored.versionId, versionB: CURRENT });
        if (!since.ok || hasLineChanges(since.value.unified)) return { ok: true as const, value: null };
        return api.RollbackToVersion({ versionId: previous });
      });
      if (!result) return;
      if (!result.ok) {
        reportFailure('Undo restore', result.error);
        return restore().undoRefused(result.error);
      }
      if (result.value === null) return openRestore(previous);
      restore().undone(result.value.summary);
      await ourChange();
    },
  };
}
