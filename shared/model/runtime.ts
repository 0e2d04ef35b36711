/**
 * What the GUI sees of the running system: instruments, modules, readings, log lines. These
 * cross the process boundary, so each is a zod schema with its type inferred from it.
 */
import { z } from 'zod';
import { appErrorSchema, configIssueSchema } from '../errors.js';
import { runSummarySchema } from './runs.js';

/** Any TOML-representable parameter value, as JSON. */
export const paramValueWireSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.number(),
    z.boolean(),
    z.string(),
    z.array(z.union([z.number(), z.string(), z.boolean()])),
    z.record(z.string(), paramValueWireSchema),
  ]),
);

export const instrumentConfigWireSchema = z.looseObject({ type: z.string() });

export const instrumentStatusSchema = z.enum(['starting', 'running', 'stopped', 'error']);
export type InstrumentStatus = z.infer<typeof instrumentStatusSchema>;

export const dependentSchema = z.object({ moduleId: z.string(), role: z.string() });
export type Dependent = z.infer<typeof dependentSchema>;

export const instrumentViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string().optional(),
  status: instrumentStatusSchema,
  statusReason: z.string().optional(),
  config: instrumentConfigWireSchema,
  capabilities: z.array(z.string()),
  channels: z.array(z.object({ name: z.string(), unit: z.string() })),
  usedBy: z.array(dependentSchema),
});
export type InstrumentView = z.infer<typeof instrumentViewSchema>;

/** `completed`: a scan that took every point (a monitor runs until stopped, so never is). */
export const moduleStateSchema = z.enum(['idle', 'running', 'completed', 'stopped', 'degraded', 'error']);
export type ModuleState = z.infer<typeof moduleStateSchema>;

export const moduleViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  state: moduleStateSchema,
  stateReason: z.string().optional(),
  roles: z.record(z.string(), z.string().nullable()),
  params: z.record(z.string(), paramValueWireSchema),
  /** Module-specific live figures (e.g. the power monitor's excursion count, a scan's point k of n). */
  stats: z.record(z.string(), z.number()),
  /**
   * Whether Start would be taken now, and why not (an unfilled role, an instrument not running,
   * a storage format this build cannot write, already running). The core always sends both;
   * they are optional so views built before them still parse.
   */
  canStart: z.boolean().optional(),
  cannotStartReason: z.string().optional(),
  /** The latest run since the app started (progress, outcome, its file). */
  run: runSummarySchema.optional(),
});
export type ModuleView = z.infer<typeof moduleViewSchema>;

export const readingSchema = z.object({
  /** `<instrument_id>:<channel>`, so two instruments with a `power` channel never collide. */
  channel: z.string(),
  value: z.number(),
  unit: z.string(),
  /** Milliseconds since the Unix epoch. */
  timestamp: z.number(),
});
export type Reading = z.infer<typeof readingSchema>;

export const logEntrySchema = z.object({
  level: z.enum(['error', 'warn', 'info', 'debug']),
  message: z.string(),
  time: z.string(),
  source: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const configStatusSchema = z.object({
  configPath: z.string(),
  status: z.enum(['ok', 'invalid']),
  issues: z.array(configIssueSchema),
});
export type ConfigStatus = z.infer<typeof configStatusSchema>;

/** Changes kept in memory that are not in the file yet, and why the last write failed. */
export const persistenceStatusSchema = z.object({
  pending: z.number().int().nonnegative(),
  lastError: appErrorSchema.optional(),
});
export type PersistenceStatus = z.infer<typeof persistenceStatusSchema>;

/**
 * The outcome of the last look at the config file (a hand edit picked up, ReloadConfig, or
 * the comparison at start-up with what the app last saw).
 */
export const reloadStatusSchema = z.object({
  time: z.string(),
  source: z.enum(['file', 'command', 'startup']),
  outcome: z.enum(['applied', 'unchanged', 'failed', 'missing']),
  /** One line: "pm_sample.wavelength 800 → 780; added camera2". */
  summary: z.string(),
  /** Per-change detail for the GUI (empty unless applied). */
  changes: z.array(z.string()),
  issues: z.array(configIssueSchema),
});
export type ReloadStatus = z.infer<typeof reloadStatusSchema>;

export const appStateSchema = z.object({
  /** The seq of the last event batch already reflected here. */
  seq: z.number().int(),
  config: configStatusSchema,
  instruments: z.array(instrumentViewSchema),
  modules: z.array(moduleViewSchema),
  log: z.array(logEntrySchema),
  persistence: persistenceStatusSchema,
  reload: reloadStatusSchema.nullable(),
});
export type AppState = z.infer<typeof appStateSchema>;
