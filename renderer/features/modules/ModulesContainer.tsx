/**
 * The modules section, wired to the modules store and the operations.
 * Names: region "Modules"; per module `li[data-module-id]` with buttons "Start <id>" and
 * "Stop <id>", and one select "<role> of <id>" per role. While a change set takes changes, a
 * choice is staged (the select shows it, marked "staged") and the panel shows "Staging".
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useOperations } from '../../app/operations-context.js';
import { useInstrumentsStore } from '../../stores/instruments-store.js';
import { useModuleRun } from '../../stores/module-runs-store.js';
import { canStart, canStop, cannotStartReason, useModule, useModuleIds } from '../../stores/modules-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { useStagingOn, useTrayOpenSet } from '../../stores/staging-store.js';
import { stagedMarks } from '../transactions/change-set-view.js';
import { moduleRoles, moduleTypeLabel, withStagedRoles } from './module-roles.js';
import { latestRun, runCardView } from './module-run-view.js';
import { ModuleResults } from './ModuleResults.js';
import { ModuleCard, ModulesPanel } from './ModulesPanel.js';
import { resultsView } from './results-plot.js';

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
  const recorded = useModuleRun(id);
  const run = latestRun(recorded?.run, module?.run);
  if (!module) return null;
  return (
    <ModuleCard
      module={module}
      typeLabel={moduleTypeLabel(module.type)}
      roles={withStagedRoles(id, moduleRoles(module, instruments), stagedRoles)}
      canStart={canStart(module)}
      startReason={cannotStartReason(module)}
      canStop={canStop(module)}
      run={runCardView(run)}
      results={run ? <ModuleResultsContainer id={id} type={module.type} params={module.params} runId={run.runId} /> : null}
      busy={busy}
      staging={staging}
      onStart={() => void operations.startModule(id)}
      onStop={() => void operations.stopModule(id)}
      onAssign={(role, instrumentId) => void operations.assignRole(id, role, instrumentId)}
    />
  );
}

interface ModuleResultsContainerProps {
  readonly id: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly runId: string;
}

/**
 * The results of the module's latest run. The run events carry points only from the moment
 * the window saw them, so results are asked for once per run (points and units) and the
 * events append to them.
 */
function ModuleResultsContainer({ id, type, params, runId }: ModuleResultsContainerProps) {
  const operations = useOperations();
  const recorded = useModuleRun(id);
  const loaded = recorded?.run.runId === runId && recorded.columns !== null;
  useEffect(() => {
    if (!loaded) void operations.loadModuleResults(id);
  }, [operations, id, runId, loaded]);
  const points = recorded?.run.runId === runId ? recorded.points : undefined;
  const columns = recorded?.columns ?? null;
  const view = useMemo(() => resultsView(type, points ?? [], columns, params), [type, points, columns, params]);
  return <ModuleResults moduleId={id} view={view} />;
}
