/** The modules list: one card per module with its state, role assignments and Start / Stop. */
import type { ReactNode } from 'react';
import type { ModuleView } from '../../../shared/model/runtime.js';
import { ActionButton } from '../../components/ActionButton.js';
import { formatStat, type ModuleRole } from './module-roles.js';
import type { RunCardView } from './module-run-view.js';

export type { ModuleRole } from './module-roles.js';


export interface ModuleCardProps {
  readonly module: ModuleView;
  readonly typeLabel: string;
  readonly roles: readonly ModuleRole[];
  readonly canStart: boolean;
  /** Why Start is unavailable (the core's words): the button's tooltip and a visible line. */
  readonly startReason: string | undefined;
  readonly canStop: boolean;
  /** The latest run, or null before the module ever ran. */
  readonly run: RunCardView | null;
  /** The results plot (or figures) of the latest run. */
  readonly results: ReactNode;
  readonly busy: boolean;
  /** Role changes are staged: allowed while the module runs (the commit stops it). */
  readonly staging: boolean;
  readonly onStart: () => void;
  readonly onStop: () => void;
  readonly onAssign: (role: string, instrumentId: string | null) => void;
}

/**
 * One module: buttons named "Start <id>" and "Stop <id>", and per role a select named
 * "<role> of <id>" offering the compatible instruments (locked while the module runs, unless
 * the change is staged). A staged choice shows in the select, marked "staged".
 */
export function ModuleCard({ module, typeLabel, roles, canStart, startReason, canStop, run, results, busy, staging, onStart, onStop, onAssign }: ModuleCardProps) {
  const stats = Object.entries(module.stats);
  const locked = module.state === 'running' && !staging;
  return (
    <li className="module" data-module-id={module.id}>
      <div className="module-head">
        <code className="module-id">{module.id}</code>
        <span className="type-label">{typeLabel}</span>
        <span className={`status status-${module.state}`}>{module.state}</span>
      </div>
      {module.stateReason ? (
        <div className={module.state === 'degraded' ? 'status-reason status-reason-degraded' : 'status-reason'}>{module.stateReason}</div>
      ) : null}
      <dl className="module-roles">
        {roles.map((r) => (
          <div key={r.role}>
            <dt>
              {r.role}
              {r.label.toLowerCase() !== r.role.replaceAll('_', ' ') ? <span className="muted"> · {r.label}</span> : null}
            </dt>
            <dd>
              <span aria-hidden="true">→ </span>
              <select
                className={!r.instrumentId && r.required ? 'role-select unassigned-required' : 'role-select'}
                aria-label={`${r.role} of ${module.id}`}
                value={(r.staged === undefined ? r.instrumentId : r.staged) ?? ''}
                disabled={locked || busy}
                title={locked ? 'Stop the module to change its instruments' : undefined}
                onChange={(e) => onAssign(r.role, e.target.value === '' ? null : e.target.value)}
              >
                <option value="">unassigned</option>
                {r.candidates.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
              {r.staged !== undefined ? (
                <span className="staged-mark">
                  staged<span className="visually-hidden">, now {r.instrumentId ?? 'unassigned'}</span>
                </span>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {stats.length > 0 ? (
        <dl className="module-stats">
          {stats.map(([k, v]) => (
            <div key={k}>
              <dt>{k.replaceAll('_', ' ')}</dt>
              <dd>{formatStat(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {run ? <RunSummaryView moduleId={module.id} run={run} /> : null}
      {results}
      <div className="module-actions">
        <ActionButton
          className="btn btn-small btn-primary"
          aria-label={`Start ${module.id}`}
          title={startReason}
          aria-describedby={startReason ? `start-reason-${module.id}` : undefined}
          unavailable={!canStart || busy}
          onClick={onStart}
        >
          Start
        </ActionButton>
        <ActionButton className="btn btn-small" aria-label={`Stop ${module.id}`} unavailable={!canStop || busy} onClick={onStop}>
          Stop
        </ActionButton>
        {startReason ? (
          <span className="start-reason" id={`start-reason-${module.id}`}>
            {startReason}
          </span>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The latest run: a progress bar named "Progress of <id>" with "point k of n" (a monitor shows
 * the points so far), how it ended and why, and the recording's file name.
 */
function RunSummaryView({ moduleId, run }: { moduleId: string; run: RunCardView }) {
  const { progress } = run;
  return (
    <div className="module-run" role="group" aria-label={`Run of ${moduleId}`}>
      {progress.total !== undefined ? (
        <progress
          className="run-progress"
          aria-label={`Progress of ${moduleId}`}
          value={progress.done}
          max={progress.total}
          aria-valuenow={progress.done}
          aria-valuemin={0}
          aria-valuemax={progress.total}
        />
      ) : null}
      <span className="run-progress-text">{progress.text}</span>
      {run.outcomeText ? <div className={`run-outcome run-outcome-${run.outcome ?? 'running'}`}>{run.outcomeText}</div> : null}
      {run.fileName ? (
        <div className="run-file">
          recording <code>{run.fileName}</code>
        </div>
      ) : null}
    </div>
  );
}

/** The region named "Modules", holding the cards passed in. */
export function ModulesPanel({ empty, staging, children }: { empty: boolean; staging: boolean; children: ReactNode }) {
  return (
    <section className="panel panel-modules" aria-labelledby="modules-heading">
      <div className="panel-head">
        <h2 id="modules-heading">Modules</h2>
        {staging ? <span className="tray-badge tray-badge-staging">Staging</span> : null}
      </div>
      {empty ? <p className="muted">No modules configured.</p> : <ul className="module-list">{children}</ul>}
    </section>
  );
}
