/** The table from command name to handler; the contract and this table must name the same set. */
import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import type { CoreContext } from './core-context.js';
import { getDependencies, removeCascade, unassignInstrument } from './dependency-commands.js';
import { addInstrument, listInstruments, removeInstrument, updateParameter } from './instrument-commands.js';
import { assignInstrument, listModules, startModule, stopModule } from './module-commands.js';
import type { PersistOutcome } from './persist-outcome.js';

export interface HandlerEnv {
  readonly ctx: CoreContext;
  readonly persist: PersistOutcome;
}

export type Handlers = {
  readonly [K in CommandName]: (env: HandlerEnv, req: CommandRequest<K>) => Promise<CommandResponse<K>>;
};

export const handlers: Handlers = {
  GetAppState: async ({ ctx }) => {
    ctx.bus.flush();
    return {
      seq: ctx.bus.currentSeq,
      config: ctx.configStatus(),
      instruments: [...ctx.instruments.keys()].map((id) => ctx.instrumentView(id)),
      modules: [...ctx.modules.values()].map((m) => m.view()),
      log: [...ctx.log],
    };
  },
  GetSettings: async ({ ctx }) => ({ configPath: ctx.configPath, settings: ctx.config ? structuredClone(ctx.config) : null }),
  ListInstruments: ({ ctx }) => listInstruments(ctx),
  AddInstrumentDynamic: ({ ctx, persist }, req) => addInstrument(ctx, req, persist),
  RemoveInstrumentDynamic: ({ ctx, persist }, req) => removeInstrument(ctx, req, persist),
  RemoveInstrumentCascade: ({ ctx, persist }, req) => removeCascade(ctx, req, persist),
  GetInstrumentDependencies: ({ ctx }, req) => getDependencies(ctx, req),
  UpdateInstrumentParameter: ({ ctx, persist }, req) => updateParameter(ctx, req, persist),
  ListModules: ({ ctx }) => listModules(ctx),
  AssignInstrumentToModule: ({ ctx }, req) => assignInstrument(ctx, req),
  UnassignInstrumentFromModule: ({ ctx }, req) => unassignInstrument(ctx, req),
  StartModule: ({ ctx }, req) => startModule(ctx, req),
  StopModule: ({ ctx }, req) => stopModule(ctx, req),
};
