/** The recording commands of the contract: the runs recorded in the storage folder, a module's latest points. */
import { z } from 'zod';
import { idSchema } from '../model/ids.js';
import { runColumnSchema, runFileSchema, runPointSchema, runSummarySchema } from '../model/runs.js';

export const runCommands = {
  ListRuns: {
    request: z.strictObject({}),
    response: z.object({
      /** The storage folder (`[storage] default_path`, relative to the config file's folder). */
      folder: z.string(),
      /** Newest first. */
      runs: z.array(runFileSchema),
    }),
  },
  GetModuleResults: {
    request: z.strictObject({ moduleId: idSchema }),
    response: z.object({
      moduleId: z.string(),
      /** The latest run: the one in memory, or else the newest recording of the module; null when there is none. */
      run: runSummarySchema.nullable(),
      columns: z.array(runColumnSchema),
      /** Oldest first; a monitor's are its window (`window_duration_s`). */
      points: z.array(runPointSchema),
    }),
  },
} as const;
