/**
 * Runs of modules as the GUI sees them: a run's progress and outcome, the points it recorded
 * (for plotting) and the recorded files in the storage folder. A run is one Start of a module:
 * a scan from its first point to its last, a monitor from Start to Stop.
 */
import { z } from 'zod';

/** `running` until it ends: `completed` (every point), `stopped` (Stop, a lost role) or `failed`. */
export const runStateSchema = z.enum(['running', 'completed', 'stopped', 'failed']);
export type RunState = z.infer<typeof runStateSchema>;

/** One recorded quantity: `angle` in `deg`, `power` in `W`. */
export const runColumnSchema = z.object({ name: z.string(), unit: z.string() });
export type RunColumn = z.infer<typeof runColumnSchema>;

/** One recorded point: its number in the run, when (ms since the epoch), and its values by column. */
export const runPointSchema = z.object({
  index: z.number().int().nonnegative(),
  time: z.number(),
  values: z.record(z.string(), z.number()),
});
export type RunPoint = z.infer<typeof runPointSchema>;

export const runSummarySchema = z.object({
  runId: z.string(),
  moduleId: z.string(),
  /** ISO 8601, UTC. */
  startedAt: z.string(),
  endedAt: z.string().optional(),
  state: runStateSchema,
  /** Why it stopped or failed (the instrument's error, the role that lost its instrument). */
  reason: z.string().optional(),
  /** Points recorded so far: point `done` of `total`. */
  done: z.number().int().nonnegative(),
  /** Points the run will take; absent for a monitor, which runs until stopped. */
  total: z.number().int().positive().optional(),
  /** The recording, relative to the storage folder (absent until the file is open). */
  file: z.string().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A recorded run in the storage folder. */
export const runFileSchema = z.object({
  /** Relative to the storage folder. */
  file: z.string(),
  moduleId: z.string(),
  moduleType: z.string(),
  startedAt: z.string(),
  /** Data rows written (a stopped run keeps the rows it had). */
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** `incomplete`: the file has no end line (the app stopped while it ran). */
  outcome: z.enum(['completed', 'stopped', 'failed', 'incomplete']),
  reason: z.string().optional(),
});
export type RunFile = z.infer<typeof runFileSchema>;
