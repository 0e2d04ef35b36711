/**
 * Moving the running system and the file back to an earlier text of the config file (a
 * confirmed commit that was not confirmed; later, a rollback to a version): the text is loaded
 * and validated like a hand edit, the running system follows by the apply engine, then the
 * exact bytes are written. A failed write takes the apply back.
 */
import { AppError } from '../../../shared/errors.js';
import { applyConfig } from '../actor/apply-config.js';
import type { CoreContext } from '../actor/core-context.js';
import { loadConfigText } from '../config/index.js';
import { computeDiff, emptyLike, summarizeDiff } from './config-diff.js';
import type { Versioning } from '../versioning/versioning.js';
import type { ConfigWriter, PersistResult } from '../persistence/config-writer.js';
import { reportWrite } from '../actor/persist-wiring.js';
import { announceAll } from './announce.js';

export interface RestoreOptions {
  /** Keeps the file as it is now as a version first, so going back can itself be undone. */
  readonly versioning?: Versioning;
  readonly source?: string;
}

export async function restoreText(ctx: CoreContext, writer: ConfigWriter, text: string, options: RestoreOptions = {}): Promise<{ diff: string; written: PersistResult; previous?: string }> {
  const loaded = loadConfigText(text, ctx.configPath);
  if (!loaded.ok) {
    const first = loaded.issues.find((i) => i.severity === 'error');
    throw new AppError('VALIDATION', `that configuration is not valid today${first ? `: ${first.line}:${first.column}: ${first.message}` : ''}`, { issues: loaded.issues });
  }
  // From the start-up error state (no config runs) everything in the text is new.
  const diff = computeDiff(ctx.config ?? emptyLike(loaded.config), loaded.config);
  const summary = summarizeDiff(diff);
  const previous = await options.versioning?.beforeChange(options.source ?? 'rollback', `rollback: ${summary}`);
  // Like a hot reload: an instrument of the old text that cannot connect now stays, in error.
  const undo = await applyConfig(ctx, loaded.config, diff);
  let written: PersistResult;
  try {
    written = await writer.replaceText(text);
  } catch (err) {
    await undo();
    announceAll(ctx, { ...diff, removedInstruments: [], removedModules: [] });
    throw err;
  }
  reportWrite(ctx, written);
  ctx.issues = loaded.warnings;
  ctx.bus.emit({ type: 'persistence:status-changed', persistence: writer.status() });
  announceAll(ctx, diff);
  return { diff: summary, written, ...(previous ? { previous } : {}) };
}
