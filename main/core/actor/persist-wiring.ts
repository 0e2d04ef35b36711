/**
 * Connects the actor to the config writer: decides whether a change is written at all
 * (`persist: false`, `enable_persistence = false`), writes it, and tells the GUI when changes
 * are pending in memory only and why.
 */
import type { ConfigWriter } from '../persistence/config-writer.js';
import type { CoreContext } from './core-context.js';
import type { PersistOutcome } from './persist-outcome.js';

export function createPersist(ctx: CoreContext, writer: ConfigWriter): PersistOutcome {
  return async (requested, changes) => {
    if (requested === false || changes.length === 0) return { persisted: false };
    if (!ctx.requireConfig().application.dynamic_config.enable_persistence) return { persisted: false };
    const before = writer.status();
    const result = await writer.write(changes);
    const after = writer.status();
    for (const conflict of result.conflicts ?? []) ctx.addLog('warn', `${conflict}; the hand edit of the file wins`, 'persistence');
    if (!result.persisted) {
      ctx.addLog('error', `not saved to file (${after.pending} pending): ${result.persistError?.message ?? 'unknown reason'}`, 'persistence');
    }
    if (before.pending !== after.pending || before.lastError?.message !== after.lastError?.message) {
      ctx.bus.emit({ type: 'persistence:status-changed', persistence: after });
    }
    return result;
  };
}
