/**
 * The modules section, wired to the modules store and the operations.
 * Names: region "Modules"; per module `li[data-module-id]` with buttons "Start <id>" and
 * "Stop <id>", and one select "<role> of <id>" per role. While a change set takes changes, a
 * choice is staged (the select shows it, marked "staged") and the panel shows "Staging".
 */
import { useOperations } from '../../app/operations-context.js';
import { useShallow } from 'zustand/react/shallow';
import { useInstrumentsStore } from '../../stores/instruments-store.js';
import { canStart, canStop, useModule, useModuleIds } from '../../stores/modules-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { useStagingOn, useTrayOpenSet } from '../../stores/staging-store.js';
import { stagedMarks } from '../transactions/change-set-view.js';
import { moduleRoles, moduleTypeLabel, withStagedRoles } from './module-roles.js';
import { ModuleCard, ModulesPanel } from './ModulesPanel.js';

/** The modules region. */
export function ModulesContainer() {
  const ids = useModuleIds();
  const staging = useStagingOn();
  return (
    <ModulesPanel empty={ids.length === 0} staging={staging}>
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
  const staging = useStagingOn();
  const stagedRoles = stagedMarks(useTrayOpenSet()?.operations ?? null).roles;
  const instruments = useInstrumentsStore(useShallow((s) => s.ids.map((i) => s.byId[i]).filter((v) => v !== undefined)));
  if (!module) return null;
  return (
    <ModuleCard
      module={module}
      typeLabel={moduleTypeLabel(module.type)}
      roles={withStagedRoles(id, moduleRoles(module, instruments), stagedRoles)}
      canStart={canStart(module)}
      canStop={canStop(module)}
      busy={busy}
      staging={staging}
      onStart={() => void operations.startModule(id)}
      onStop={() => void operations.stopModule(id)}
      onAssign={(role, instrumentId) => void operations.assignRole(id, role, instrumentId)}
    />
  );
}
