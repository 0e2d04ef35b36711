/**
 * What a changing command reports about writing the change into the config file. Until the
 * file writer is wired in, every change stays in memory only and says so, with the reason,
 * so the GUI shows "not saved to file" rather than implying it was.
 */
import type { AppErrorData } from '../../../shared/errors.js';

export type PersistOutcome = (requested: boolean | undefined) => { persisted: boolean; persistError?: AppErrorData };

export const notPersisted: PersistOutcome = (requested) =>
  requested === false
    ? { persisted: false }
    : {
        persisted: false,
        persistError: { code: 'UNAVAILABLE', message: 'writing changes back to the config file is not part of this build yet' },
      };
