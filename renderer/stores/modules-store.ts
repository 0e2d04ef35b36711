/** The modules the core runs, as last reported, in the core's order. */
import { create } from 'zustand';
import type { ModuleView } from '../../shared/model/runtime.js';

export interface ModulesState {
  readonly ids: readonly string[];
  readonly byId: Readonly<Record<string, ModuleView>>;
}

interface ModulesActions {
  snapshotLoaded(modules: readonly ModuleView[]): void;
  moduleChanged(module: ModuleView): void;
  moduleRemoved(id: string): void;
}

export const initialModulesState: ModulesState = { ids: [], byId: {} };

/** The modules store; components read it through the hooks below. */
export const useModulesStore = create<ModulesState & ModulesActions>()((set) => ({
  ...initialModulesState,
  snapshotLoaded: (modules) =>
    set({ ids: modules.map((m) => m.id), byId: Object.fromEntries(modules.map((m) => [m.id, m])) }),
  moduleChanged: (module) =>
    set((s) => ({
      ids: Object.hasOwn(s.byId, module.id) ? s.ids : [...s.ids, module.id],
      byId: { ...s.byId, [module.id]: module },
    })),
  moduleRemoved: (id) =>
    set((s) => {
      if (!Object.hasOwn(s.byId, id)) return s;
      const { [id]: _gone, ...byId } = s.byId;
      return { ids: s.ids.filter((x) => x !== id), byId };
    }),
}));

/** Module ids in display order. */
export function selectModuleIds(s: ModulesState): readonly string[] {
  return s.ids;
}

/** One module's view, or undefined once it is gone. */
export function selectModule(id: string): (s: ModulesState) => ModuleView | undefined {
  return (s) => s.byId[id];
}

/**
 * Whether a module can be started now: the core says so in the view (an unfilled role, an
 * instrument not running); an older view without the flag falls back to "not while running".
 */
export function canStart(module: ModuleView): boolean {
  return module.canStart ?? module.state !== 'running';
}

/** Why Start is unavailable, in the core's words, or undefined when it is available. */
export function cannotStartReason(module: ModuleView): string | undefined {
  if (canStart(module)) return undefined;
  return module.cannotStartReason ?? (module.state === 'running' ? 'already running' : undefined);
}

/** Whether a module can be stopped now (only a running module can). */
export function canStop(module: ModuleView): boolean {
  return module.state === 'running';
}

/** Module ids in display order. */
export function useModuleIds(): readonly string[] {
  return useModulesStore(selectModuleIds);
}

/** One module's view. */
export function useModule(id: string): ModuleView | undefined {
  return useModulesStore(selectModule(id));
}
