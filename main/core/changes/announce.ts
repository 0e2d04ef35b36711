/** Telling the renderer the whole new picture after a change set, in the command's one batch. */
import type { CoreContext } from '../actor/core-context.js';
import type { ConfigDiff } from './config-diff.js';

/** Emits every instrument and module as they are now, and the ones the diff removed as gone. */
export function announceAll(ctx: CoreContext, diff: ConfigDiff): void {
  for (const id of diff.removedInstruments) ctx.bus.emit({ type: 'instruments:instrument-removed', id });
  for (const id of diff.removedModules) ctx.bus.emit({ type: 'modules:module-removed', id });
  for (const id of ctx.instruments.keys()) ctx.emitInstrument(id);
  for (const id of ctx.modules.keys()) ctx.emitModule(id);
  ctx.bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
}
