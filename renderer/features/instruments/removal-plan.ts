/**
 * Pure helpers for the remove dialog: what each dependent role needs and which other
 * instruments can take it over (only those with the role's capability; the core refuses the
 * rest anyway).
 */
import { capabilityLabels, type Capability } from '../../../shared/model/instrument-types.js';
import { isModuleType, moduleTypes, type RoleSpec } from '../../../shared/model/module-types.js';
import type { InstrumentView, ModuleView } from '../../../shared/model/runtime.js';
import { roleKey, type DependentInfo } from '../../stores/remove-dialog-store.js';

/** An instrument offered for a role. */
export interface ReplacementOption {
  readonly id: string;
  readonly label: string;
}

/** One (module, role) that uses the instrument being removed, as the dialog shows it. */
export interface DependentRow {
  readonly key: string;
  readonly moduleId: string;
  readonly role: string;
  readonly moduleState: DependentInfo['moduleState'];
  readonly running: boolean;
  /** What the role needs, e.g. "power measurement"; undefined for a role the type lacks. */
  readonly needs: string | undefined;
  readonly candidates: readonly ReplacementOption[];
  /** The chosen replacement, or '' when none is chosen. */
  readonly choice: string;
}

function roleSpec(module: ModuleView | undefined, role: string): RoleSpec | undefined {
  if (!module || !isModuleType(module.type)) return undefined;
  return (moduleTypes[module.type].roles as Readonly<Record<string, RoleSpec>>)[role];
}

/** "pm_b — 1830-C reference arm", or the id alone when the instrument has no name. */
function optionLabel(view: InstrumentView): string {
  const status = view.status === 'running' ? '' : ` (${view.status})`;
  return view.name ? `${view.id} — ${view.name}${status}` : `${view.id}${status}`;
}

/** The rows of the dialog: each dependent with its capable replacements and current choice. */
export function dependentRows(
  targetId: string,
  dependents: readonly DependentInfo[],
  modules: Readonly<Record<string, ModuleView>>,
  instruments: readonly InstrumentView[],
  replacements: Readonly<Record<string, string>>,
): readonly DependentRow[] {
  return dependents.map((d) => {
    const spec = roleSpec(modules[d.moduleId], d.role);
    const capability: Capability | undefined = spec?.capability;
    const candidates = capability
      ? instruments.filter((i) => i.id !== targetId && i.capabilities.includes(capability)).map((i) => ({ id: i.id, label: optionLabel(i) }))
      : [];
    const key = roleKey(d.moduleId, d.role);
    return {
      key,
      moduleId: d.moduleId,
      role: d.role,
      moduleState: d.moduleState,
      running: d.running,
      needs: capability ? capabilityLabels[capability] : undefined,
      candidates,
      choice: replacements[key] ?? '',
    };
  });
}

/** The line next to "Reassign and remove": why it is unavailable, or what it will do. */
export function reassignNote(targetId: string, rows: readonly DependentRow[], ready: boolean): string {
  const running = rows.some((r) => r.running) ? ' Running modules are stopped for the change and started again.' : '';
  if (rows.some((r) => r.candidates.length === 0)) return 'Not possible: a role has no other instrument that can fill it.';
  return (ready ? `Assigns each role and removes ${targetId} in one step: if any part fails, nothing changes.` : 'Choose an instrument for every role first.') + running;
}
