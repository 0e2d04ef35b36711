/**
 * What a changing command asks of persistence: write these changes into the config file, and
 * say whether they made it. `persist: false` on the command, or `enable_persistence = false` in
 * the file, skips the write; a failed write is reported (never thrown), so the change stays
 * applied in memory and pending for SyncConfigToFile.
 */
import type { AppErrorData } from '../../../shared/errors.js';
import type { ConfigChange } from '../persistence/config-writer.js';

export type PersistOutcome = (
  requested: boolean | undefined,
  changes: readonly ConfigChange[],
) => Promise<{ persisted: boolean; persistError?: AppErrorData }>;
