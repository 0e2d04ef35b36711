/**
 * What `persisted: true` must mean, checked by loading the config file again (test-only): the
 * instrument, parameter, role or removal the answer reports is what the file now holds.
 */
import { commands, type CommandName } from '../../../../shared/ipc/contract.js';
import type { StagedOperation } from '../../../../shared/model/transactions.js';
import { loadConfigFile } from '../../config/index.js';

/** One line of a value for a report: JSON with lone surrogates escaped, cut to `max` characters. */
export function show(value: unknown, max = 300): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch (err) {
    // Too deep for JSON.stringify; String() could throw too (an own `toString` key).
    text = `${Object.prototype.toString.call(value)} (${err instanceof Error ? err.message : 'not printable'})`;
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

export function own(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

const at = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => own(v, k), value);
const has = (value: unknown, path: readonly string[]): boolean => {
  const parent = at(value, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path.at(-1) as string);
};

/** Deep equality on own keys, numbers by Object.is (so -0 written as 0 is caught). */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(own(a, k), own(b, k)));
}

/** An expectation on the file: a path holds a value, or is absent. */
type Expect = { path: string[]; value: unknown } | { path: string[]; absent: true };

function expectationsOf(name: CommandName, req: Record<string, unknown>, value: Record<string, unknown>, model: unknown): Expect[] {
  const id = String(req['id']);
  const config = own(value['instrument'], 'config');
  const roles = (list: unknown): Expect[] =>
    Array.isArray(list) ? list.map((d: { moduleId: string; role: string }) => ({ path: ['modules', d.moduleId, 'roles', d.role], absent: true as const })) : [];
  switch (name) {
    case 'AddInstrumentDynamic': {
      const chain = req['processors'] as unknown[] | undefined;
      return [{ path: ['instruments', id], value: config }, ...(chain?.length ? [{ path: ['processors', id], value: chain }] : [])];
    }
    case 'UpdateInstrumentParameter': {
      const param = String(req['param']).split('.');
      return [{ path: ['instruments', id, ...param], value: at(config, param) }];
    }
    case 'RemoveInstrumentDynamic':
      return [{ path: ['instruments', id], absent: true }, ...roles(value['unassigned'])];
    case 'RemoveInstrumentCascade':
      return [{ path: ['instruments', id], absent: true }, ...((value['removedModules'] as string[]) ?? []).map((m) => ({ path: ['modules', m], absent: true as const }))];
    case 'AssignInstrumentToModule':
      return [{ path: ['modules', String(req['moduleId']), 'roles', String(req['role'])], value: req['instrumentId'] }];
    case 'UnassignInstrumentFromModule':
      return [{ path: ['modules', String(req['moduleId']), 'roles', String(req['role'])], absent: true }];
    case 'CommitTransaction':
      return commitExpectations((own(value['transaction'], 'operations') as StagedOperation[] | undefined) ?? [], model);
    default:
      // SyncConfigToFile writes what is pending, which cannot be told apart here from changes
      // made with persist: false; that the file still loads is checked for it too.
      return [];
  }
}

/** A committed change set: the last operation on each instrument or role decides, compared with the model. */
function commitExpectations(operations: readonly StagedOperation[], model: unknown): Expect[] {
  const byKey = new Map<string, Expect>();
  const set = (path: string[], e: Expect): void => void byKey.set(path.join('\u0000'), e);
  for (const op of operations) {
    if (op.kind === 'add-instrument') set(['instruments', op.id], { path: ['instruments', op.id], value: at(model, ['instruments', op.id]) });
    if (op.kind === 'remove-instrument') set(['instruments', op.id], { path: ['instruments', op.id], absent: true });
    if (op.kind === 'update-parameter') {
      const path = ['instruments', op.id, ...op.param.split('.')];
      set(path, { path, value: at(model, path) });
    }
    if (op.kind === 'assign-role' || op.kind === 'unassign-role') {
      const path = ['modules', op.moduleId, 'roles', op.role];
      set(path, op.kind === 'assign-role' ? { path, value: op.instrumentId } : { path, absent: true });
    }
  }
  // A forced removal takes the roles that named the instrument with it.
  const removed = new Set(operations.filter((op) => op.kind === 'remove-instrument').map((op) => op.id));
  return [...byKey.values()].filter((e) => !('value' in e) || !(e.path[0] === 'modules' && removed.has(String(e.value))));
}

/**
 * Undefined when the file holds what a `persisted: true` answer says, otherwise what differs.
 * `model` is the core's config after the call (GetSettings), used where the answer has no value.
 */
export async function persistedProblem(configPath: string, name: CommandName, payload: unknown, value: Record<string, unknown>, model: unknown): Promise<string | undefined> {
  const loaded = await loadConfigFile(configPath);
  if (!loaded.ok) return `the file no longer loads: ${loaded.issues.map((i) => `${i.line}:${i.column} ${i.message} (${i.path})`).join('; ')}`;
  const req = commands[name].request.parse(payload === undefined ? {} : payload) as Record<string, unknown>;
  const problems: string[] = [];
  for (const e of expectationsOf(name, req, value, model)) {
    const where = e.path.join('.');
    if ('absent' in e) {
      if (has(loaded.config, e.path)) problems.push(`${where} is still in the file`);
    } else if (!has(loaded.config, e.path) || !same(at(loaded.config, e.path), e.value)) {
      problems.push(`${where} in the file is ${has(loaded.config, e.path) ? show(at(loaded.config, e.path), 200) : 'absent'}, expected ${show(e.value, 200)}`);
    }
  }
  return problems.length ? problems.join('; ') : undefined;
}
