/**
 * Connects the actor to the config writer: decides whether a change is written at all
 * (`persist: false`, `enable_persistence = false`), writes it, and tells the GUI when changes
 * are pending in memory only and why, and when a hand edit met the app's write.
 */
import type { ConfigWriter, PersistResult } from '../persistence/config-writer.js';
import type { CoreContext } from './core-context.js';
import type { PersistOutcome } from './persist-outcome.js';
import { describeChange } from '../persistence/pending-rebase.js';
import type { Versioning } from '../versioning/versioning.js';

/**
 * Says what a write did besides writing: changes set aside for a hand edit, hand edits merged
 * with the app's write, and, loudest, a hand edit that could not be merged and was kept aside
 * (log and the config-file banner, which stays until the file is saved again).
 */
export function reportWrite(ctx: CoreContext, result: PersistResult): void {
  for (const conflict of result.conflicts ?? []) ctx.addLog('warn', `${conflict}; the hand edit of the file wins`, 'persistence');
  for (const edit of result.handEdits ?? []) {
    if (edit.merged) {
      ctx.addLog('warn', edit.message, 'persistence');
      continue;
    }
    ctx.addLog('error', edit.message, 'persistence');
    ctx.lastReload = {
      time: new Date(ctx.clock.now()).toISOString(),
      source: 'file',
      outcome: 'failed',
      summary: `${edit.message}. The file holds the app's change; open the kept text to redo the edit.`,
      changes: [],
      issues: [],
    };
    ctx.bus.emit({ type: 'hot-reload:status-changed', reload: ctx.lastReload });
  }
}

export function createPersist(ctx: CoreContext, writer: ConfigWriter, versioning: Versioning): PersistOutcome {
  return async (requested, changes, options = {}) => {
    if (requested === false || !ctx.requireConfig().application.dynamic_config.enable_persistence) {
      // What this change removes in memory only takes pending writes about it along.
      for (const change of changes) if (change.kind === 'remove') writer.forgetUnder(change.path);
      return { persisted: false };
    }
    if (changes.length === 0) return { persisted: false };
    await versioning.beforeChange(options.source ?? ctx.changeSource(), options.summary ?? changes.map(describeChange).join('; '));
    const before = writer.status();
    const result = await writer.write(changes, options);
    const after = writer.status();
    reportWrite(ctx, result);
    if (!result.persisted) {
      ctx.addLog('error', `not saved to file (${after.pending} pending): ${result.persistError?.message ?? 'unknown reason'}`, 'persistence');
    }
    if (before.pending !== after.pending || before.lastError?.message !== after.lastError?.message) {
      ctx.bus.emit({ type: 'persistence:status-changed', persistence: after });
    }
    return result;
  };
}
