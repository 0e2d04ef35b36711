/**
 * Which modules use which instrument, in which role: instrument → {(module, role)}. Kept exact
 * on every change (assign, unassign, module removed, instrument removed); the predecessor
 * only cleaned up on instrument removal, so its entries went stale.
 */
import type { ModuleConfig } from '../../../shared/model/config.js';
import type { Dependent } from '../../../shared/model/runtime.js';

export class DependencyGraph {
  /** instrument id → "module\u0000role" → dependent */
  private readonly byInstrument = new Map<string, Map<string, Dependent>>();
  /** "module\u0000role" → instrument id, so reassigning a role replaces its old edge */
  private readonly byRole = new Map<string, string>();

  /** Builds the graph from `[modules.<id>.roles]`. */
  static fromModules(modules: Readonly<Record<string, ModuleConfig>>): DependencyGraph {
    const graph = new DependencyGraph();
    for (const [moduleId, mod] of Object.entries(modules)) {
      for (const [role, instrumentId] of Object.entries(mod.roles ?? {})) graph.assign(moduleId, role, instrumentId);
    }
    return graph;
  }

  assign(moduleId: string, role: string, instrumentId: string): void {
    this.unassign(moduleId, role);
    const key = roleKey(moduleId, role);
    let set = this.byInstrument.get(instrumentId);
    if (!set) {
      set = new Map();
      this.byInstrument.set(instrumentId, set);
    }
    set.set(key, { moduleId, role });
    this.byRole.set(key, instrumentId);
  }

  /** Clears one role; answers the instrument it pointed at, if any. */
  unassign(moduleId: string, role: string): string | undefined {
    const key = roleKey(moduleId, role);
    const instrumentId = this.byRole.get(key);
    if (instrumentId === undefined) return undefined;
    this.byRole.delete(key);
    const set = this.byInstrument.get(instrumentId);
    set?.delete(key);
    if (set && set.size === 0) this.byInstrument.delete(instrumentId);
    return instrumentId;
  }

  /** Drops every edge of a module (module removed). */
  removeModule(moduleId: string): void {
    for (const key of [...this.byRole.keys()]) {
      const [mod, role] = key.split('\u0000') as [string, string];
      if (mod === moduleId) this.unassign(mod, role);
    }
  }

  /** Drops every edge to an instrument and answers the roles that were using it. */
  removeInstrument(instrumentId: string): Dependent[] {
    const dependents = this.dependentsOf(instrumentId);
    for (const d of dependents) this.unassign(d.moduleId, d.role);
    return dependents;
  }

  /** The (module, role) pairs using an instrument, sorted for stable output. */
  dependentsOf(instrumentId: string): Dependent[] {
    const set = this.byInstrument.get(instrumentId);
    if (!set) return [];
    return [...set.values()].sort((a, b) => a.moduleId.localeCompare(b.moduleId) || a.role.localeCompare(b.role));
  }

  /** Whether an instrument can go without breaking a module. */
  isInUse(instrumentId: string): boolean {
    return (this.byInstrument.get(instrumentId)?.size ?? 0) > 0;
  }

  /** Every edge, for comparing two graphs in tests and diagnostics. */
  edges(): { instrumentId: string; moduleId: string; role: string }[] {
    return [...this.byRole.entries()]
      .map(([key, instrumentId]) => {
        const [moduleId, role] = key.split('\u0000') as [string, string];
        return { instrumentId, moduleId, role };
      })
      // Module, then role: comparing the concatenation tied "scan"+"detector" with
      // "scand"+"etector", so two equal graphs could list their edges in different orders.
      .sort((a, b) => a.moduleId.localeCompare(b.moduleId) || a.role.localeCompare(b.role));
  }
}

function roleKey(moduleId: string, role: string): string {
  return `${moduleId}\u0000${role}`;
}
