/** The modules list: one card per module with its state, role assignments and Start / Stop. */
import type { ReactNode } from 'react';
import type { ModuleView } from '../../../shared/model/runtime.js';
import { ActionButton } from '../../components/ActionButton.js';
import { formatStat, type ModuleRole } from './module-roles.js';

export type { ModuleRole } from './module-roles.js';


export interface ModuleCardProps {
  readonly module: ModuleView;
  readonly typeLabel: string;
  readonly roles: readonly ModuleRole[];
  readonly canStart: boolean;
  readonly canStop: boolean;
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
export function ModuleCard({ module, typeLabel, roles, canStart, canStop, busy, staging, onStart, onStop, onAssign }: ModuleCardProps) {
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
      <div className="module-actions">
        <ActionButton className="btn btn-small btn-primary" aria-label={`Start ${module.id}`} unavailable={!canStart || busy} onClick={onStart}>
          Start
        </ActionButton>
        <ActionButton className="btn btn-small" aria-label={`Stop ${module.id}`} unavailable={!canStop || busy} onClick={onStop}>
          Stop
        </ActionButton>
      </div>
    </li>
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
