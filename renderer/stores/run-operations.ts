/**
 * The recording calls: list the storage folder (`ListRuns`), load a module's latest results
 * (`GetModuleResults`, when a plot opens on a run whose earlier points it missed) and copy the
 * folder's path (there is no command to open a folder, and browser mode could not anyway).
 */
import type { OperationKit } from './operation-kit.js';
import { useModuleRunsStore } from './module-runs-store.js';
import { useRecordingsStore } from './recordings-store.js';

export interface RunOperations {
  listRecordings(): Promise<void>;
  loadModuleResults(moduleId: string): Promise<void>;
  copyRecordingsFolder(): Promise<void>;
}

/** Where copied text goes; `navigator.clipboard` in the window. */
export interface TextClipboard {
  writeText(text: string): Promise<void>;
}

export function createRunOperations(kit: OperationKit, clipboard: TextClipboard | undefined = globalThis.navigator?.clipboard): RunOperations {
  const { api, track } = kit;

  async function listRecordings(): Promise<void> {
    const store = useRecordingsStore.getState();
    store.listRequested();
    const result = await track('recordings:list', () => api.ListRuns({}));
    if (!result) return;
    if (result.ok) useRecordingsStore.getState().listLoaded(result.value.folder, result.value.runs);
    else {
      // The section says so where the list would be; the log keeps the detail.
      kit.reportFailure('List recordings', result.error, true);
      useRecordingsStore.getState().listFailed(`${result.error.code}: ${result.error.message}`);
    }
  }

  async function loadModuleResults(moduleId: string): Promise<void> {
    const result = await track(`results:${moduleId}`, () => api.GetModuleResults({ moduleId }));
    if (!result) return;
    if (!result.ok) return kit.reportFailure(`Load results of ${moduleId}`, result.error);
    const { run, columns, points } = result.value;
    if (run) useModuleRunsStore.getState().resultsLoaded(run, columns, points);
  }

  async function copyRecordingsFolder(): Promise<void> {
    const folder = useRecordingsStore.getState().folder;
    if (folder === null) return;
    try {
      if (!clipboard) throw new Error('no clipboard in this window');
      await clipboard.writeText(folder);
      kit.reportSuccess('Copied the recordings folder path');
    } catch (error) {
      kit.reportFailure('Copy the recordings folder path', { code: 'UNAVAILABLE', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return { listRecordings, loadModuleResults, copyRecordingsFolder };
}
