/**
 * Command names and their feature, with no schema library attached, so the sandboxed preload
 * can build `window.daq` from this list alone. `contract.ts` checks it has a schema for each.
 */
export const commandFeatures = {
  GetAppState: 'app',
  GetSettings: 'app',
  SyncConfigToFile: 'persistence',
  ReloadConfig: 'hot-reload',
  GetLastReloadStatus: 'hot-reload',
  ListInstruments: 'instruments',
  GetLatestReadings: 'instruments',
  AddInstrumentDynamic: 'instruments',
  RemoveInstrumentDynamic: 'instruments',
  RemoveInstrumentCascade: 'dependencies',
  GetInstrumentDependencies: 'dependencies',
  UpdateInstrumentParameter: 'instruments',
  UpdateInstrumentParameters: 'instruments',
  InstrumentAction: 'instruments',
  ListModules: 'modules',
  AssignInstrumentToModule: 'modules',
  UnassignInstrumentFromModule: 'modules',
  StartModule: 'modules',
  StopModule: 'modules',
  ListRuns: 'modules',
  GetModuleResults: 'modules',
  ListSerialPorts: 'serial',
  BeginTransaction: 'transactions',
  StageInstrumentAdd: 'transactions',
  StageInstrumentRemove: 'transactions',
  StageParameterUpdate: 'transactions',
  StageModuleAssign: 'transactions',
  StageModuleUnassign: 'transactions',
  UnstageOperation: 'transactions',
  ValidateTransaction: 'transactions',
  CommitTransaction: 'transactions',
  ConfirmCommit: 'transactions',
  RollbackTransaction: 'transactions',
  ListTransactions: 'transactions',
  GetTransaction: 'transactions',
  CreateConfigSnapshot: 'versioning',
  LabelConfigVersion: 'versioning',
  ListConfigVersions: 'versioning',
  RollbackToVersion: 'versioning',
  CompareConfigVersions: 'versioning',
} as const;

export type CommandName = keyof typeof commandFeatures;
export const commandNames = Object.keys(commandFeatures) as CommandName[];

/** Every wire channel starts with this; preload and main both check it. */
export const CHANNEL_PREFIX = 'daq:';
/** The one push channel: event batches from main to the renderer. */
export const EVENTS_CHANNEL = 'daq:events';

/** `daq:<feature>:<Command>`: derived, never hand-written. */
export function commandChannel(name: CommandName): string {
  return `${CHANNEL_PREFIX}${commandFeatures[name]}:${name}`;
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandFeatures, name);
}
