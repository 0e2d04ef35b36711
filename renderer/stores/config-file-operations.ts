/**
 * The two operations on the config file itself: "Save to file" writes the changes the core
 * holds in memory only (SyncConfigToFile), "Reload from file" re-reads the file now
 * (ReloadConfig). Their outcomes arrive as persistence and hot-reload events; a failure is
 * also a toast.
 */
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';

export interface ConfigFileOperations {
  saveToFile(): Promise<void>;
  reloadFromFile(): Promise<void>;
}

/** The config-file operations bound to one kit. */
export function createConfigFileOperations({ api, track, reportFailure, reportSuccess }: OperationKit): ConfigFileOperations {
  return {
    async saveToFile() {
      const result = await track(operationKey.saveToFile(), () => api.SyncConfigToFile({}));
      if (!result) return;
      if (!result.ok) reportFailure('Save to file', result.error);
      // The write itself can fail (read-only file, full disk): the answer says so, not the code.
      else if (!result.value.persisted && result.value.persistError) reportFailure('Save to file', result.value.persistError);
      else reportSuccess('Saved to file');
    },
    async reloadFromFile() {
      const result = await track(operationKey.reloadFromFile(), () => api.ReloadConfig({}));
      // A failed or missing file is a reload status (the banner shows it), not an error.
      if (result && !result.ok) reportFailure('Reload from file', result.error);
    },
  };
}
