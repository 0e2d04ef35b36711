/**
 * Operations on the configuration model, checked one after another against the config as the
 * earlier ones left it. This is where a command, a staged transaction and (later) a rollback
 * agree on what a change means: each operation yields the next config and the edits of the
 * TOML file that say the same thing. Nothing here touches a running instrument or the disk.
 */
import { AppError, type ErrorCode } from '../../../shared/errors.js';
import { roleIssues, type DaqConfig, type InstrumentConfig, type ModuleConfig, type ProcessorConfig } from '../../../shared/model/config.js';
import { capabilitiesOf, capabilityLabels, instrumentTypes, isInstrumentType, type InstrumentType } from '../../../shared/model/instrument-types.js';
import { isModuleType, moduleTypes } from '../../../shared/model/module-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { ConfigChange } from '../persistence/config-writer.js';
import type { TomlInputValue } from '../toml-edit/index.js';
import { checkInstrumentConfig, checkParamValue, requireParamSpec, requirePortFree, tomlTableFor, tomlValueFor, withParam } from '../actor/instrument-config.js';

export type ConfigOp =
  | { readonly kind: 'add-instrument'; readonly id: string; readonly config: Readonly<Record<string, unknown>>; readonly processors?: readonly ProcessorConfig[] }
  | { readonly kind: 'remove-instrument'; readonly id: string; readonly force?: boolean }
  | { readonly kind: 'update-parameter'; readonly id: string; readonly param: string; readonly value: unknown }
  | { readonly kind: 'assign-role'; readonly moduleId: string; readonly role: string; readonly instrumentId: string }
  | { readonly kind: 'unassign-role'; readonly moduleId: string; readonly role: string }
  | { readonly kind: 'remove-module'; readonly moduleId: string };

/** What the operations need to know about the running system besides the config. */
export interface RuntimeFacts {
  /** A running module's roles cannot change under it. */
  readonly moduleRunning: (moduleId: string) => boolean;
}

/** The config after some operations, and the file edits that say the same. */
export interface OpsState {
  readonly config: DaqConfig;
  readonly changes: readonly ConfigChange[];
  /** Instruments removed by an earlier operation: an update of one is an error, an add a replacement. */
  readonly removed: ReadonlySet<string>;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function requireInstrument(state: OpsState, id: string): InstrumentConfig {
  const config = own(state.config.instruments, id);
  if (config) return config;
  const why = state.removed.has(id) ? ' (it is removed earlier in this change set)' : '';
  throw new AppError('NOT_FOUND', `no instrument "${id}"${why}`, { id });
}

function requireModule(state: OpsState, id: string): ModuleConfig {
  const config = own(state.config.modules, id);
  if (!config) throw new AppError('NOT_FOUND', `no module "${id}"`, { id });
  return config;
}

function roleSpecsOf(mod: ModuleConfig): Readonly<Record<string, { capability: keyof typeof capabilityLabels }>> {
  return isModuleType(mod.type) ? moduleTypes[mod.type].roles : {};
}

/** Module roles that point at `id`, in document order. */
export function dependentsIn(config: DaqConfig, id: string): { moduleId: string; role: string }[] {
  return Object.entries(config.modules).flatMap(([moduleId, mod]) =>
    Object.entries(mod.roles).filter(([, inst]) => inst === id).map(([role]) => ({ moduleId, role })),
  );
}

function next(state: OpsState, config: DaqConfig, changes: readonly ConfigChange[], removed = state.removed): OpsState {
  return { config, changes: [...state.changes, ...changes], removed };
}

function addInstrument(state: OpsState, op: Extract<ConfigOp, { kind: 'add-instrument' }>): OpsState {
  if (own(state.config.instruments, op.id)) throw new AppError('DUPLICATE', `an instrument "${op.id}" already exists`, { id: op.id });
  const config = checkInstrumentConfig(op.id, op.config as Record<string, unknown>);
  requirePortFree(state.config.instruments, op.id, config);
  const chain = op.processors?.length ? { processors: { ...state.config.processors, [op.id]: [...op.processors] } } : {};
  const changes: ConfigChange[] = [
    { kind: 'add-table', path: ['instruments', op.id], values: tomlTableFor(instrumentTypes[config.type as InstrumentType].params, config), afterPrefix: ['instruments'] },
    ...(op.processors?.length ? [{ kind: 'set', path: ['processors', op.id], value: op.processors as TomlInputValue, marker: false } as const] : []),
  ];
  const removed = new Set(state.removed);
  removed.delete(op.id);
  return next(state, { ...state.config, instruments: { ...state.config.instruments, [op.id]: config }, ...chain }, changes, removed);
}

function removeInstrument(state: OpsState, op: Extract<ConfigOp, { kind: 'remove-instrument' }>): OpsState {
  requireInstrument(state, op.id);
  const dependents = dependentsIn(state.config, op.id);
  if (dependents.length > 0 && !op.force) {
    const list = dependents.map((d) => `${d.moduleId} (${d.role})`).join(', ');
    throw new AppError('IN_USE', `instrument "${op.id}" is used by ${list}; remove with force, or reassign those roles first`, { id: op.id, dependents });
  }
  const modules = { ...state.config.modules };
  for (const d of dependents) {
    const mod = modules[d.moduleId] as ModuleConfig;
    const { [d.role]: _gone, ...roles } = mod.roles;
    modules[d.moduleId] = { ...mod, roles };
  }
  const { [op.id]: _inst, ...instruments } = state.config.instruments;
  const hadChain = Object.hasOwn(state.config.processors, op.id);
  const { [op.id]: _chain, ...processors } = state.config.processors;
  const changes: ConfigChange[] = [
    ...dependents.map((d): ConfigChange => ({ kind: 'remove', path: ['modules', d.moduleId, 'roles', d.role], commentOut: true })),
    ...(hadChain ? [{ kind: 'remove', path: ['processors', op.id] } as const] : []),
    { kind: 'remove', path: ['instruments', op.id], placeholder: `Removed: ${op.id} at {time}` },
  ];
  return next(state, { ...state.config, instruments, processors, modules }, changes, new Set([...state.removed, op.id]));
}

function updateParameter(state: OpsState, op: Extract<ConfigOp, { kind: 'update-parameter' }>): OpsState {
  const before = requireInstrument(state, op.id);
  const spec = requireParamSpec(before.type as InstrumentType, op.param);
  const value = checkParamValue(op.param, spec, op.value);
  const updated = withParam(before, op.param, value);
  const instruments = { ...state.config.instruments, [op.id]: updated };
  requirePortFree(state.config.instruments, op.id, updated);
  const broken = Object.values(state.config.modules).flatMap((m) => roleIssues(m, instruments).filter((i) => m.roles[i.role] === op.id));
  if (broken.length > 0) {
    throw new AppError('IN_USE', `cannot change ${op.param} of "${op.id}": ${broken.map((b) => b.message).join('; ')}`, { broken });
  }
  const change: ConfigChange = { kind: 'set', path: ['instruments', op.id, ...op.param.split('.')], value: tomlValueFor(spec, value as ParamValue), marker: false };
  return next(state, { ...state.config, instruments }, [change]);
}

function requireRole(mod: ModuleConfig, moduleId: string, role: string): { capability: keyof typeof capabilityLabels } {
  const spec = own(roleSpecsOf(mod), role);
  if (!spec) throw new AppError('VALIDATION', `module "${moduleId}" (${mod.type}) has no role "${role}" (roles: ${Object.keys(roleSpecsOf(mod)).join(', ')})`);
  return spec;
}

function assignRole(state: OpsState, op: Extract<ConfigOp, { kind: 'assign-role' }>, facts: RuntimeFacts): OpsState {
  const mod = requireModule(state, op.moduleId);
  const spec = requireRole(mod, op.moduleId, op.role);
  const instrument = requireInstrument(state, op.instrumentId);
  const caps = isInstrumentType(instrument.type) ? capabilitiesOf(instrument.type, instrument as Record<string, ParamValue>) : [];
  if (!caps.includes(spec.capability)) {
    throw new AppError('VALIDATION', `instrument "${op.instrumentId}" (${instrument.type}) cannot fill role "${op.role}": it needs ${capabilityLabels[spec.capability]}`, {
      capability: spec.capability,
      offered: caps,
    });
  }
  if (facts.moduleRunning(op.moduleId)) throw new AppError('INVALID_STATE', `stop module "${op.moduleId}" before reassigning its roles`);
  const updated: ModuleConfig = { ...mod, roles: { ...mod.roles, [op.role]: op.instrumentId } };
  const change: ConfigChange = { kind: 'set', path: ['modules', op.moduleId, 'roles', op.role], value: op.instrumentId, marker: false, uncomment: true };
  return next(state, { ...state.config, modules: { ...state.config.modules, [op.moduleId]: updated } }, [change]);
}

function unassignRole(state: OpsState, op: Extract<ConfigOp, { kind: 'unassign-role' }>, facts: RuntimeFacts): OpsState {
  const mod = requireModule(state, op.moduleId);
  requireRole(mod, op.moduleId, op.role);
  if (!own(mod.roles, op.role)) throw new AppError('NOT_FOUND', `role "${op.role}" of module "${op.moduleId}" is not assigned`);
  if (facts.moduleRunning(op.moduleId)) throw new AppError('INVALID_STATE', `stop module "${op.moduleId}" before changing its roles`);
  const { [op.role]: _gone, ...roles } = mod.roles;
  // Commented out, not deleted: the file keeps what the role was and its comment until it is assigned again.
  const change: ConfigChange = { kind: 'remove', path: ['modules', op.moduleId, 'roles', op.role], commentOut: true };
  return next(state, { ...state.config, modules: { ...state.config.modules, [op.moduleId]: { ...mod, roles } } }, [change]);
}

function removeModule(state: OpsState, op: Extract<ConfigOp, { kind: 'remove-module' }>): OpsState {
  requireModule(state, op.moduleId);
  const { [op.moduleId]: _gone, ...modules } = state.config.modules;
  const change: ConfigChange = { kind: 'remove', path: ['modules', op.moduleId], placeholder: `Removed: module ${op.moduleId} at {time}` };
  return next(state, { ...state.config, modules }, [change]);
}

/** Applies one operation to the model; throws an AppError (with its code) when it does not fit. */
export function applyOp(state: OpsState, op: ConfigOp, facts: RuntimeFacts): OpsState {
  switch (op.kind) {
    case 'add-instrument':
      return addInstrument(state, op);
    case 'remove-instrument':
      return removeInstrument(state, op);
    case 'update-parameter':
      return updateParameter(state, op);
    case 'assign-role':
      return assignRole(state, op, facts);
    case 'unassign-role':
      return unassignRole(state, op, facts);
    case 'remove-module':
      return removeModule(state, op);
  }
}

export function initialState(config: DaqConfig): OpsState {
  return { config, changes: [], removed: new Set() };
}

/** One operation that does not fit, tied to its place in the list. */
export interface OpIssue {
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * Applies every operation that fits and reports those that do not (a transaction's validation
 * shows them all at once); a failed one leaves the state as it was.
 */
export function applyOpsCollecting(config: DaqConfig, ops: readonly ConfigOp[], facts: RuntimeFacts): { state: OpsState; issues: OpIssue[] } {
  let state = initialState(config);
  const issues: OpIssue[] = [];
  ops.forEach((op, index) => {
    try {
      state = applyOp(state, op, facts);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      issues.push({ index, code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) });
    }
  });
  return { state, issues };
}
