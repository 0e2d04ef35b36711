/**
 * The modules section, wired to the modules store and the operations.
 * Names: region "Modules"; per module `li[data-module-id]` with buttons "Start <id>" and
 * "Stop <id>", and one select "<role> of <id>" per role.
 */
import { useOperations } from '../../app/operations-context.js';
import { useShallow } from 'zustand/react/shallow';
import { useInstrumentsStore } from '../../stores/instruments-store.js';
import { canStart, canStop, useModule, useModuleIds } from '../../stores/modules-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { moduleRoles, moduleTypeLabel } from './module-roles.js';
import { ModuleCard, ModulesPanel } from './ModulesPanel.js';

/** The modules region. */
export function ModulesContainer() {
  const ids = useModuleIds();
  return (
    <ModulesPanel empty={ids.length === 0}>
      {ids.map((id) => (
        <ModuleCardContainer key={id} id={id} />
      ))}
    </ModulesPanel>
  );
}

function ModuleCardContainer({ id }: { id: string }) {
  const operations = useOperations();
  const module = useModule(id);
  const busy = useIsPending(operationKey.module(id));
  const instruments = useInstrumentsStore(useShallow((s) => s.ids.map((i) => s.byId[i]).filter((v) => v !== undefined)));
  if (!module) return null;
  return (
    <ModuleCard
      module={module}
      typeLabel={moduleTypeLabel(module.type)}
      roles={moduleRoles(module, instruments)}
      canStart={canStart(module)}
      canStop={canStop(module)}
      busy={busy}
      onStart={() => void operations.startModule(id)}
      onStop={() => void operations.stopModule(id)}
      onAssign={(role, instrumentId) => void operations.assignRole(id, role, instrumentId)}
    />
  );
}
