/**
 * UpdateInstrumentParameters: several parameters of one instrument as one change. Each value is
 * checked like UpdateInstrumentParameter's (the same `update-parameter` operation), the whole
 * list goes through the change pipeline once, so the running instrument moves once (one restart
 * at most) and the file is written once; if any value does not fit, nothing changes.
 */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { instrumentTypes, type InstrumentType } from '../../../shared/model/instrument-types.js';
import { findParamSpec } from '../../../shared/model/parameters.js';
import { runChange } from '../changes/change-pipeline.js';
import type { CoreContext } from './core-context.js';
import type { PersistOutcome } from './persist-outcome.js';

function valueAt(config: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((table, key) => (table && typeof table === 'object' && Object.hasOwn(table, key) ? (table as Record<string, unknown>)[key] : undefined), config);
}

/** Equal as the file would hold them: tables compare by keys, not key order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keysA = Object.keys(a);
  return keysA.length === Object.keys(b).length && keysA.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The caller saw the form with certain values; a parameter that holds another one now (a hand
 * edit, another window) would be overwritten unseen, so the change is refused and says which.
 */
function requireUnchanged(id: string, config: Readonly<Record<string, unknown>>, expected: Readonly<Record<string, unknown>> | undefined): void {
  const changed = Object.entries(expected ?? {})
    .map(([param, value]) => ({ param, expected: value, actual: valueAt(config, param) ?? null }))
    .filter((c) => !sameValue(c.expected, c.actual));
  if (changed.length === 0) return;
  const list = changed.map((c) => `${c.param} is now ${JSON.stringify(c.actual)}`).join(', ');
  throw new AppError('CONFLICT', `instrument "${id}" changed meanwhile (${list}); nothing was changed`, { id, changed });
}

export async function updateParameters(
  ctx: CoreContext,
  req: CommandRequest<'UpdateInstrumentParameters'>,
  persist: PersistOutcome,
): Promise<CommandResponse<'UpdateInstrumentParameters'>> {
  ctx.requireConfig();
  const runtime = ctx.requireInstrument(req.id);
  requireUnchanged(req.id, runtime.config, req.expected);
  const params = Object.keys(req.values);
  const specs = instrumentTypes[runtime.config.type as InstrumentType]?.params ?? {};
  const live = runtime.status === 'running' && params.every((p) => findParamSpec(specs, p)?.live === true);
  let outcome;
  try {
    outcome = await runChange(ctx, persist, {
      ops: params.map((param) => ({ kind: 'update-parameter' as const, id: req.id, param, value: req.values[param] })),
      ...(req.persist === undefined ? {} : { persist: req.persist }),
    });
  } catch (err) {
    // The engine names the instrument; the answer names the parameters that were not changed.
    const prefix = `instrument "${req.id}" did not take the change: `;
    if (!(err instanceof AppError) || !err.message.startsWith(prefix)) throw err;
    const why = err.message.slice(prefix.length);
    throw new AppError(err.code, live ? why : `${params.join(', ')} not changed: ${why}`, err.details);
  }
  const now = ctx.requireInstrument(req.id);
  const applied = live ? 'live' : now.status === 'running' ? 'restart' : 'stored';
  const values = params.map((p) => `${p} → ${JSON.stringify(valueAt(now.config, p))}`).join(', ');
  ctx.addLog('info', `${req.id}: ${values} (${applied})`);
  return { instrument: ctx.instrumentView(req.id), applied, persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}
