/**
 * What a changing command asks of persistence: write these changes into the config file, and
 * say whether they made it. `persist: false` on the command, or `enable_persistence = false` in
 * the file, skips the write; a failed write is reported (never thrown), so the change stays
 * applied in memory and pending for SyncConfigToFile — unless the caller asked for all or
 * nothing, when the changes leave the pending list and the caller takes them back.
 */
import type { AppErrorData } from '../../../shared/errors.js';
import type { ConfigChange } from '../persistence/config-writer.js';

export type PersistOutcome = (
  requested: boolean | undefined,
  changes: readonly ConfigChange[],
  options?: {
    readonly allOrNothing?: boolean;
    /** Where the change comes from and what it is, for the version kept before it. */
    readonly source?: string;
    readonly summary?: string;
  },
) => Promise<{ persisted: boolean; persistError?: AppErrorData; writtenHash?: string; baseHash?: string }>;
