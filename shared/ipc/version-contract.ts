/** The versioning commands of the contract (feature 5): snapshots, labels, list, compare, rollback. */
import { z } from 'zod';
import { semanticSummarySchema, versionInfoSchema, versionRefSchema } from '../model/versions.js';

const label = z.string().min(1).max(40);

export const versionCommands = {
  CreateConfigSnapshot: {
    request: z.strictObject({ label: label.optional() }),
    /** `created: false` when the newest version already holds these bytes (that one is answered). */
    response: z.object({ versionId: z.string(), created: z.boolean() }),
  },
  LabelConfigVersion: {
    request: z.strictObject({ versionId: versionRefSchema, label }),
    /** A label is part of the file name, so the version's id changes. */
    response: z.object({ versionId: z.string() }),
  },
  ListConfigVersions: {
    request: z.strictObject({}),
    response: z.object({
      versions: z.array(versionInfoSchema),
      /** SHA-256 of the file's bytes now (absent when it cannot be read): the version equal to it changes nothing. */
      currentHash: z.string().optional(),
    }),
  },
  RollbackToVersion: {
    request: z.strictObject({ versionId: versionRefSchema }),
    response: z.object({
      restored: z.string(),
      /** The version kept just before going back: rolling back to it undoes the rollback. */
      previous: z.string().optional(),
      summary: z.string(),
    }),
  },
  CompareConfigVersions: {
    request: z.strictObject({ versionA: versionRefSchema, versionB: versionRefSchema }),
    response: z.object({ unified: z.string(), summary: semanticSummarySchema }),
  },
} as const;
