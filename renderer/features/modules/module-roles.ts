/** Pure helpers that turn a module view into what its card shows. */
import { isModuleType, moduleTypes } from '../../../shared/model/module-types.js';
import type { InstrumentView, ModuleView } from '../../../shared/model/runtime.js';

export interface ModuleRole {
  readonly role: string;
  readonly label: string;
  readonly instrumentId: string | null;
  readonly required: boolean;
  /** Instruments that can fill the role. */
  readonly candidates: readonly string[];
  /** What the open change set would put in the role (null: unassigned); absent when nothing is staged. */
  readonly staged?: string | null;
}

/** The human label of a module type, or the raw type when it is unknown. */
export function moduleTypeLabel(type: string): string {
  return isModuleType(type) ? moduleTypes[type].label : type;
}

/** Every role of the module (from its type, plus any the view names beyond it), who fills it and who could. */
export function moduleRoles(module: ModuleView, instruments: readonly InstrumentView[] = []): readonly ModuleRole[] {
  const specs = isModuleType(module.type) ? moduleTypes[module.type].roles : {};
  const names = [...new Set([...Object.keys(specs), ...Object.keys(module.roles)])];
  return names.map((role) => {
    const spec = (specs as Readonly<Record<string, { label: string; required: boolean; capability: string }>>)[role];
    const instrumentId = module.roles[role] ?? null;
    // Only instruments with the role's capability are offered (the core refuses others anyway);
    // the current one stays listed so the select always shows the truth.
    const candidates = instruments
      .filter((i) => i.id === instrumentId || (spec !== undefined && i.capabilities.includes(spec.capability)))
      .map((i) => i.id);
    return { role, label: spec?.label ?? role, required: spec?.required ?? false, instrumentId, candidates };
  });
}

/**
 * The roles with what the open change set would put in them: `staged` is the instrument after
 * the commit (null: unassigned), and it is offered even if it is only staged to be added.
 */
export function withStagedRoles(moduleId: string, roles: readonly ModuleRole[], staged: Readonly<Record<string, string | null>>): readonly ModuleRole[] {
  if (Object.keys(staged).length === 0) return roles;
  return roles.map((r) => {
    const key = `${moduleId}/${r.role}`;
    if (!Object.hasOwn(staged, key)) return r;
    const instrumentId = staged[key] ?? null;
    const candidates = instrumentId === null || r.candidates.includes(instrumentId) ? r.candidates : [...r.candidates, instrumentId];
    return { ...r, staged: instrumentId, candidates };
  });
}

/** A module statistic for its card: integers as they are, others to four significant digits. */
export function formatStat(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
