/** The table from command name to handler; the contract and this table must name the same set. */
import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { listSerialPorts } from '../serial/index.js';
import { getDependencies, removeCascade, unassignInstrument } from './dependency-commands.js';
import { addInstrument, listInstruments, removeInstrument, updateParameter } from './instrument-commands.js';
import { updateParameters } from './update-parameters.js';
import { assignInstrument, getModuleResults, listModules, listRuns, startModule, stopModule } from './module-commands.js';
import type { AfterMailbox } from './after-mailbox.js';
import { instrumentAction } from './instrument-actions.js';
import { readSettled } from '../hot-reload/config-file-monitor.js';
import { reloadFromContent, type ReloadEnv } from './reload-commands.js';
import type { PersistOutcome } from './persist-outcome.js';
import { reportWrite } from './persist-wiring.js';
import type { TransactionManager } from '../transactions/transaction-manager.js';
import { transactionHandlers } from '../transactions/transaction-handlers.js';
import type { Versioning } from '../versioning/versioning.js';
import { versionHandlers } from '../versioning/version-handlers.js';

export interface HandlerEnv extends ReloadEnv {
  readonly persist: PersistOutcome;
  readonly transactions: TransactionManager;
  readonly versioning: Versioning;
}

/** A handler answers at once, or hands back the part that waits on a device (see after-mailbox.ts). */
export type Handlers = {
  readonly [K in CommandName]: (env: HandlerEnv, req: CommandRequest<K>) => Promise<CommandResponse<K> | AfterMailbox<CommandResponse<K>>>;
};

export const handlers: Handlers = {
  GetAppState: async ({ ctx, writer }) => {
    ctx.bus.flush();
    return {
      seq: ctx.bus.currentSeq,
      config: ctx.configStatus(),
      instruments: [...ctx.instruments.keys()].map((id) => ctx.instrumentView(id)),
      modules: [...ctx.modules.values()].map((m) => m.view()),
      log: [...ctx.log],
      persistence: writer.status(),
      reload: ctx.lastReload,
    };
  },
  ReloadConfig: async (env) => {
    const status = await reloadFromContent(env, await readSettled(env.ctx.configPath), 'command');
    if (!status) throw new Error('a forced reload always reports a status');
    return status;
  },
  GetLastReloadStatus: async ({ ctx }) => ({ status: ctx.lastReload }),
  SyncConfigToFile: async ({ ctx, writer, versioning }) => {
    if (writer.status().pending > 0) await versioning.beforeChange(ctx.changeSource('SyncConfigToFile'), `save to file: ${writer.status().pending} pending change(s)`);
    const result = await writer.flush();
    reportWrite(ctx, result);
    ctx.bus.emit({ type: 'persistence:status-changed', persistence: writer.status() });
    if (result.persisted) ctx.addLog('info', `config file ${ctx.configPath} is up to date`, 'persistence');
    const { writtenHash: _written, baseHash: _base, ...answer } = result;
    return { ...answer, pending: writer.status().pending };
  },
  GetSettings: async ({ ctx }) => ({ configPath: ctx.configPath, settings: ctx.config ? structuredClone(ctx.config) : null }),
  ListInstruments: ({ ctx }) => listInstruments(ctx),
  GetLatestReadings: async ({ ctx }) => ({ readings: ctx.feed.all() }),
  AddInstrumentDynamic: ({ ctx, persist }, req) => addInstrument(ctx, req, persist),
  RemoveInstrumentDynamic: ({ ctx, persist }, req) => removeInstrument(ctx, req, persist),
  RemoveInstrumentCascade: ({ ctx, persist }, req) => removeCascade(ctx, req, persist),
  GetInstrumentDependencies: ({ ctx }, req) => getDependencies(ctx, req),
  UpdateInstrumentParameter: ({ ctx, persist }, req) => updateParameter(ctx, req, persist),
  UpdateInstrumentParameters: ({ ctx, persist }, req) => updateParameters(ctx, req, persist),
  InstrumentAction: async ({ ctx }, req) => instrumentAction(ctx, req),
  ListModules: ({ ctx }) => listModules(ctx),
  AssignInstrumentToModule: ({ ctx, persist }, req) => assignInstrument(ctx, req, persist),
  UnassignInstrumentFromModule: ({ ctx, persist }, req) => unassignInstrument(ctx, req, persist),
  StartModule: ({ ctx }, req) => startModule(ctx, req),
  StopModule: ({ ctx }, req) => stopModule(ctx, req),
  ListRuns: ({ ctx }) => listRuns(ctx),
  GetModuleResults: ({ ctx }, req) => getModuleResults(ctx, req),
  ListSerialPorts: ({ ctx }) => listSerialPorts(ctx.instruments.values()),
  ...transactionHandlers,
  ...versionHandlers,
};
