/**
 * The one typed contract between main and the renderer, for both transports (Electron IPC and
 * the browser-mode WebSocket): `commands` maps each command name to its request and response
 * schema, `eventSchema` describes the pushed event batches. Everything that crosses a process
 * boundary is defined here once.
 */
import { z } from 'zod';
import { appErrorSchema } from '../errors.js';
import { idSchema, RESERVED_NAMES } from '../model/ids.js';
import {
  appStateSchema,
  configStatusSchema,
  dependentSchema,
  instrumentConfigWireSchema,
  instrumentViewSchema,
  logEntrySchema,
  moduleStateSchema,
  moduleViewSchema,
  paramValueWireSchema,
  persistenceStatusSchema,
  reloadStatusSchema,
  readingSchema,
} from '../model/runtime.js';
import { processorSchema } from '../model/config.js';
import { serialPortListSchema } from '../model/serial.js';
import type { CommandName } from './command-names.js';
import { transactionViewSchema } from '../model/transactions.js';
import { transactionCommands } from './transaction-contract.js';
import { versionCommands } from './version-contract.js';
import { runCommands } from './run-contract.js';
import { runPointSchema, runSummarySchema } from '../model/runs.js';

/**
 * Limits every payload meets before its schema runs, whatever the transport (IPC, the
 * browser-mode socket, `daq call`). Real requests stay far below them (an id is at most 64
 * characters, a config table a few dozen keys, `confirmModules` at most 1000 ids); they exist so
 * that a hostile payload is refused with `VALIDATION` instead of exhausting the stack or the CPU
 * of the app. Keys that are built-in names of JavaScript objects (`__proto__`, `constructor`,
 * `prototype`, `toString`, `valueOf`, … — the reserved names of ids) are refused anywhere in a
 * payload: no lookup or copy in the core can reach `Object.prototype` through one, and no value
 * can shadow the methods that turning it into a string or a number calls (one that did made the
 * schema check itself throw).
 */
export const payloadLimits = {
  /** Objects and arrays nested in each other; the payload object itself is level 1. */
  maxDepth: 64,
  /** Object keys plus array elements, counted over the whole payload. */
  maxEntries: 10_000,
  /** Length of any string, keys included, in UTF-16 code units. */
  maxStringLength: 262_144,
  /** Own keys refused at any level of a payload. */
  forbiddenKeys: [...RESERVED_NAMES] as readonly string[],
} as const;

const empty = z.strictObject({});
/** Role names are identifiers like instrument ids (`power_meter`, `detector`). */
const roleNameSchema = idSchema;

/** What every persisting command answers about the file write. */
const persistOutcome = {
  persisted: z.boolean(),
  persistError: appErrorSchema.optional(),
};

/** Dotted parameter path → value, for one to 200 parameters of one instrument. */
function parameterValues(value: z.ZodType): z.ZodType<Record<string, unknown>, Record<string, unknown>> {
  return z
    .record(z.string().min(1).max(200), value)
    .refine((values) => Object.keys(values).length > 0, { message: 'names at least one parameter' })
    .refine((values) => Object.keys(values).length <= 200, { message: 'names at most 200 parameters' });
}

export const commands = {
  GetAppState: { request: empty, response: appStateSchema },
  GetSettings: {
    request: empty,
    response: z.object({ configPath: z.string(), settings: z.record(z.string(), z.unknown()).nullable() }),
  },
  SyncConfigToFile: {
    request: empty,
    response: z.object({ ...persistOutcome, pending: z.number().int().nonnegative() }),
  },
  ReloadConfig: { request: empty, response: reloadStatusSchema },
  GetLastReloadStatus: { request: empty, response: z.object({ status: reloadStatusSchema.nullable() }) },
  ListInstruments: { request: empty, response: z.object({ instruments: z.array(instrumentViewSchema) }) },
  /** The latest value of every channel (`<instrument>:<channel>`), as the GUI last saw it; `daq watch` starts from it. */
  GetLatestReadings: { request: empty, response: z.object({ readings: z.array(readingSchema) }) },
  AddInstrumentDynamic: {
    request: z.strictObject({
      id: idSchema,
      config: instrumentConfigWireSchema,
      /** The instrument's `[processors]` chain, applied to its readings from the first one. */
      processors: z.array(processorSchema).max(32).optional(),
      persist: z.boolean().optional(),
    }),
    response: z.object({ instrument: instrumentViewSchema, ...persistOutcome }),
  },
  RemoveInstrumentDynamic: {
    request: z.strictObject({
      id: idSchema,
      force: z.boolean().optional(),
      /**
       * Hands every role that uses the instrument to another one and removes it, in one change:
       * running modules are stopped, reassigned and started again; if any step fails, nothing changed.
       */
      reassign: z.array(z.strictObject({ moduleId: idSchema, role: roleNameSchema, instrumentId: idSchema })).max(1000).optional(),
      persist: z.boolean().optional(),
    }),
    response: z.object({ id: z.string(), unassigned: z.array(dependentSchema), ...persistOutcome }),
  },
  RemoveInstrumentCascade: {
    request: z.strictObject({
      id: idSchema,
      /** Exactly the modules that depend on the instrument now; a stale list is refused with CONFLICT. */
      confirmModules: z.array(idSchema).max(1000),
      persist: z.boolean().optional(),
    }),
    response: z.object({ id: z.string(), removedModules: z.array(z.string()), ...persistOutcome }),
  },
  GetInstrumentDependencies: {
    request: z.strictObject({ id: idSchema }),
    response: z.object({
      id: z.string(),
      dependents: z.array(dependentSchema.extend({ moduleState: moduleStateSchema, running: z.boolean() })),
    }),
  },
  UpdateInstrumentParameter: {
    request: z.strictObject({
      id: idSchema,
      param: z.string().min(1).max(200),
      value: paramValueWireSchema,
      persist: z.boolean().optional(),
    }),
    response: z.object({
      instrument: instrumentViewSchema,
      applied: z.enum(['live', 'restart', 'stored']),
      ...persistOutcome,
    }),
  },
  /**
   * Several parameters of one instrument as one change: validated like UpdateInstrumentParameter
   * each, applied together (one restart at most) and written to the file once, or none of them.
   * `expected` holds what the caller last saw of each (null: not in the file); a parameter that
   * differs now, a hand edit taken in meanwhile, is a CONFLICT and nothing changes.
   */
  UpdateInstrumentParameters: {
    request: z.strictObject({
      id: idSchema,
      values: parameterValues(paramValueWireSchema),
      expected: parameterValues(paramValueWireSchema.nullable()).optional(),
      persist: z.boolean().optional(),
    }),
    response: z.object({
      instrument: instrumentViewSchema,
      applied: z.enum(['live', 'restart', 'stored']),
      ...persistOutcome,
    }),
  },
  ListModules: { request: empty, response: z.object({ modules: z.array(moduleViewSchema) }) },
  AssignInstrumentToModule: {
    request: z.strictObject({ moduleId: idSchema, role: roleNameSchema, instrumentId: idSchema, persist: z.boolean().optional() }),
    response: z.object({ module: moduleViewSchema, ...persistOutcome }),
  },
  UnassignInstrumentFromModule: {
    request: z.strictObject({ moduleId: idSchema, role: roleNameSchema, persist: z.boolean().optional() }),
    response: z.object({ module: moduleViewSchema, ...persistOutcome }),
  },
  /**
   * One device action of a running instrument (shared/model/instrument-actions.ts lists them per
   * type): `{"id":"xyz_stage","action":"move_to","args":{"axis":1,"position":2.5}}`. Answered
   * once the device took it, or finished where it says so (an ELL14 move answers on arrival).
   */
  InstrumentAction: {
    request: z.strictObject({
      id: idSchema,
      action: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be an action name such as move_to' }),
      args: z.record(z.string().max(64), z.union([z.number(), z.boolean(), z.string().max(256)])).optional(),
    }),
    response: z.object({ id: z.string(), action: z.string(), completed: z.boolean(), position: z.number().optional() }),
  },
  StartModule: { request: z.strictObject({ id: idSchema }), response: z.object({ module: moduleViewSchema }) },
  StopModule: { request: z.strictObject({ id: idSchema }), response: z.object({ module: moduleViewSchema }) },
  ListSerialPorts: { request: empty, response: serialPortListSchema },
  ...transactionCommands,
  ...versionCommands,
  ...runCommands,
} as const satisfies Record<CommandName, { request: z.ZodType; response: z.ZodType }>;

export type CommandRequest<K extends CommandName> = z.input<(typeof commands)[K]['request']>;
export type CommandResponse<K extends CommandName> = z.output<(typeof commands)[K]['response']>;

export const daqEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('instruments:instrument-changed'), instrument: instrumentViewSchema }),
  z.object({ type: z.literal('instruments:instrument-removed'), id: z.string() }),
  z.object({ type: z.literal('instruments:readings'), readings: z.array(readingSchema) }),
  z.object({ type: z.literal('modules:module-changed'), module: moduleViewSchema }),
  z.object({ type: z.literal('modules:module-removed'), id: z.string() }),
  /** A run started, moved on (point k of n) or ended. */
  z.object({ type: z.literal('modules:run-changed'), run: runSummarySchema }),
  /** Points a run recorded since the last batch, oldest first. */
  z.object({ type: z.literal('modules:run-points'), moduleId: z.string(), runId: z.string(), points: z.array(runPointSchema) }),
  z.object({ type: z.literal('app:log'), entry: logEntrySchema }),
  z.object({ type: z.literal('app:config-status-changed'), config: configStatusSchema }),
  z.object({ type: z.literal('persistence:status-changed'), persistence: persistenceStatusSchema }),
  z.object({ type: z.literal('hot-reload:status-changed'), reload: reloadStatusSchema }),
  z.object({ type: z.literal('transactions:transaction-changed'), transaction: transactionViewSchema }),
]);
export type DaqEvent = z.infer<typeof daqEventSchema>;

/** One batch of events; `seq` increases by one per batch so readers can drop stale ones. */
export const eventBatchSchema = z.object({ seq: z.number().int(), events: z.array(daqEventSchema) });
export type EventBatch = z.infer<typeof eventBatchSchema>;

export { commandChannel, commandNames, isCommandName, type CommandName } from './command-names.js';

/**
 * The typed API both transports present to the renderer (`window.daq` in Electron, the
 * WebSocket client in browser mode): one function per command plus the event subscription.
 */
export type DaqApi = {
  readonly [K in CommandName]: (request: CommandRequest<K>) => Promise<import('../errors.js').Result<CommandResponse<K>>>;
} & {
  readonly onEvents: (listener: (batch: EventBatch) => void) => () => void;
};
