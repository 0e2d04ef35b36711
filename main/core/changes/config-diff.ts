/**
 * ConfigDiff: what changed between two validated configs — instruments added, removed and
 * modified (per parameter, old → new), modules added, removed and changed (parameters and role
 * assignments), processor chains and top-level settings. Hot reload applies it; the log shows
 * its one-line summary ("pm_sample.wavelength 800 → 780; added camera2").
 */
import type { DaqConfig, InstrumentConfig, ModuleConfig } from '../../../shared/model/config.js';

export interface ParamChange {
  readonly param: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface InstrumentChange {
  readonly id: string;
  readonly changes: readonly ParamChange[];
}

export interface ModuleChange {
  readonly id: string;
  readonly params: readonly ParamChange[];
  readonly roles: readonly { role: string; before: string | null; after: string | null }[];
}

export interface ConfigDiff {
  readonly addedInstruments: readonly string[];
  readonly removedInstruments: readonly string[];
  readonly modifiedInstruments: readonly InstrumentChange[];
  readonly addedModules: readonly string[];
  readonly removedModules: readonly string[];
  readonly modifiedModules: readonly ModuleChange[];
  /** Instruments whose processor chain changed. */
  readonly processorsChanged: readonly string[];
  /** Top-level settings that changed (`log_level`, `application.…`, `storage.…`). */
  readonly settingsChanged: readonly ParamChange[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Leaf-level differences of two parameter tables, as dotted paths. */
export function paramChanges(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, prefix = ''): ParamChange[] {
  const out: ParamChange[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    const isTable = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
    if (isTable(a) && isTable(b)) out.push(...paramChanges(a, b, `${prefix}${key}.`));
    else if (!same(a, b)) out.push({ param: `${prefix}${key}`, before: a, after: b });
  }
  return out;
}

function moduleChange(id: string, before: ModuleConfig, after: ModuleConfig): ModuleChange {
  const { roles: rolesBefore, ...paramsBefore } = before;
  const { roles: rolesAfter, ...paramsAfter } = after;
  const roleNames = [...new Set([...Object.keys(rolesBefore), ...Object.keys(rolesAfter)])].sort();
  return {
    id,
    params: paramChanges(paramsBefore, paramsAfter),
    roles: roleNames
      .map((role) => ({ role, before: rolesBefore[role] ?? null, after: rolesAfter[role] ?? null }))
      .filter((r) => r.before !== r.after),
  };
}

export function computeDiff(before: DaqConfig, after: DaqConfig): ConfigDiff {
  const ids = (r: Readonly<Record<string, unknown>>): string[] => Object.keys(r);
  const has = (r: Readonly<Record<string, unknown>>, k: string): boolean => Object.hasOwn(r, k);
  const modifiedInstruments = ids(after.instruments)
    .filter((id) => has(before.instruments, id))
    .map((id) => ({ id, changes: paramChanges(before.instruments[id] as InstrumentConfig, after.instruments[id] as InstrumentConfig) }))
    .filter((c) => c.changes.length > 0);
  const modifiedModules = ids(after.modules)
    .filter((id) => has(before.modules, id))
    .map((id) => moduleChange(id, before.modules[id] as ModuleConfig, after.modules[id] as ModuleConfig))
    .filter((c) => c.params.length > 0 || c.roles.length > 0);
  const chains = [...new Set([...ids(before.processors), ...ids(after.processors)])].sort();
  const { instruments: _i1, modules: _m1, processors: _p1, ...settingsBefore } = before;
  const { instruments: _i2, modules: _m2, processors: _p2, ...settingsAfter } = after;
  return {
    addedInstruments: ids(after.instruments).filter((id) => !has(before.instruments, id)),
    removedInstruments: ids(before.instruments).filter((id) => !has(after.instruments, id)),
    modifiedInstruments,
    addedModules: ids(after.modules).filter((id) => !has(before.modules, id)),
    removedModules: ids(before.modules).filter((id) => !has(after.modules, id)),
    modifiedModules,
    processorsChanged: chains.filter((id) => !same(before.processors[id], after.processors[id])),
    settingsChanged: paramChanges(settingsBefore, settingsAfter),
  };
}

export function isEmptyDiff(diff: ConfigDiff): boolean {
  return Object.values(diff).every((list) => (list as readonly unknown[]).length === 0);
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line for the log: "pm_sample.wavelength 800 → 780; added camera2; removed scope". */
export function summarizeDiff(diff: ConfigDiff): string {
  const parts: string[] = [];
  for (const m of diff.modifiedInstruments) for (const c of m.changes) parts.push(`${m.id}.${c.param} ${show(c.before)} → ${show(c.after)}`);
  if (diff.addedInstruments.length) parts.push(`added ${diff.addedInstruments.join(', ')}`);
  if (diff.removedInstruments.length) parts.push(`removed ${diff.removedInstruments.join(', ')}`);
  for (const m of diff.modifiedModules) {
    for (const c of m.params) parts.push(`${m.id}.${c.param} ${show(c.before)} → ${show(c.after)}`);
    for (const r of m.roles) parts.push(`${m.id}.roles.${r.role} ${show(r.before ?? undefined)} → ${show(r.after ?? undefined)}`);
  }
  if (diff.addedModules.length) parts.push(`added module ${diff.addedModules.join(', ')}`);
  if (diff.removedModules.length) parts.push(`removed module ${diff.removedModules.join(', ')}`);
  if (diff.processorsChanged.length) parts.push(`processors of ${diff.processorsChanged.join(', ')}`);
  for (const c of diff.settingsChanged) parts.push(`${c.param} ${show(c.before)} → ${show(c.after)}`);
  return parts.length ? parts.join('; ') : 'no changes';
}

/** An empty config with `next`'s settings: the "before" of a recovery from an invalid start. */
export function emptyLike(next: DaqConfig): DaqConfig {
  return { ...next, instruments: {}, modules: {}, processors: {} };
}
