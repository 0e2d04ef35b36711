/**
 * The core as module runs see it (modules/module-host.ts): instrument actions checked and
 * started in the mailbox as their module, readings from the feed, state changes scheduled into
 * the mailbox, and where the storage folder is.
 */
import { basename, dirname, resolve } from 'node:path';
import { channelsOf, isInstrumentType } from '../../../shared/model/instrument-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { ModuleHost, StorageSettings } from '../modules/index.js';
import type { CoreContext } from './core-context.js';
import { startInstrumentAction } from './instrument-actions.js';

/** `[storage] default_path`, relative to the config file's folder (an absolute one stays as it is). */
export function storageSettings(ctx: CoreContext): StorageSettings | undefined {
  const config = ctx.config;
  if (!config) return undefined;
  const revision = ctx.configRevision();
  return {
    folder: resolve(dirname(ctx.configPath), config.storage.default_path),
    format: config.storage.default_format,
    configFile: basename(ctx.configPath),
    ...(revision.hash ? { revision: revision.hash } : {}),
    pendingChanges: revision.pending,
  };
}

export function createModuleHost(ctx: CoreContext): ModuleHost {
  return {
    now: () => ctx.clock.now(),
    act: (owner, instrumentId, action, args) =>
      new Promise((resolvePromise, reject) => {
        ctx.schedule(() => {
          try {
            resolvePromise(startInstrumentAction(ctx, { id: instrumentId, action, args }, owner));
          } catch (err) {
            reject(err);
          }
        });
      }),
    latest: (channel) => ctx.feed.latest(channel),
    next: (channel, options) => ctx.feed.next(channel, options),
    instrument: (id) => {
      const runtime = ctx.instruments.get(id);
      if (!runtime) return undefined;
      const { config } = runtime;
      const params = config as Readonly<Record<string, ParamValue>>;
      return {
        id,
        config,
        status: runtime.status,
        ...(runtime.statusReason ? { statusReason: runtime.statusReason } : {}),
        channels: isInstrumentType(config.type) ? channelsOf(config.type, params) : [],
      };
    },
    storage: () => storageSettings(ctx),
    schedule: (work) => ctx.schedule(work),
    touched: (moduleId) => ctx.dirtyModules.add(moduleId),
    publish: (moduleId) => {
      if (ctx.modules.has(moduleId)) ctx.emitModule(moduleId);
    },
    log: (level, message, source) => ctx.addLog(level, message, source),
  };
}
