/**
 * The child's picture of the bench while it picks operations: which instruments exist (and
 * which can be a power meter), and which module roles point where. It is built from the
 * running configuration before each operation and moved along by staged operations, so a
 * change set is staged against the state its earlier operations leave.
 */
import type { StagedOperation } from '../../shared/model/transactions.js';
import { EDITOR_INSTRUMENT, type Facts } from './config-facts.js';
import type { SeededRandom } from './seeded-random.js';

/** Every change the chaos run makes is one of these, as a command or staged in a change set. */
export type BenchChange = Extract<StagedOperation, { kind: 'update-parameter' | 'add-instrument' | 'remove-instrument' | 'assign-role' | 'unassign-role' }>;

const ROLE = 'power_meter';

interface SettingsLike {
  readonly instruments?: Record<string, Record<string, unknown>>;
  readonly modules?: Record<string, { roles?: Record<string, string> }>;
}

export class BenchView {
  /**
   * Instrument id → its mock profile; the editor's instrument and the serial ones (their devices
   * are the faults' to upset, chaos-faults.ts) are left out: the app's operations never touch them.
   */
  readonly instruments = new Map<string, string>();
  /** Module id → role → instrument id. */
  readonly roles = new Map<string, Map<string, string>>();

  constructor(settings: SettingsLike) {
    for (const [id, config] of Object.entries(settings.instruments ?? {})) {
      if (id !== EDITOR_INSTRUMENT && config['type'] === 'mock') this.instruments.set(id, typeof config['profile'] === 'string' ? config['profile'] : 'signal');
    }
    for (const [id, mod] of Object.entries(settings.modules ?? {})) this.roles.set(id, new Map(Object.entries(mod.roles ?? {})));
  }

  /** Instruments some module role points at. */
  used(): string[] {
    const used = new Set<string>();
    for (const roles of this.roles.values()) for (const id of roles.values()) used.add(id);
    return [...this.instruments.keys()].filter((id) => used.has(id));
  }

  dependentModules(id: string): string[] {
    return [...this.roles.entries()].filter(([, roles]) => [...roles.values()].includes(id)).map(([moduleId]) => moduleId).sort();
  }

  /** A random change that should pass the app's checks now; undefined when none fits. */
  pickChange(rng: SeededRandom, newId: () => string): BenchChange | undefined {
    const ids = [...this.instruments.keys()];
    const used = new Set(this.used());
    const unused = ids.filter((id) => !used.has(id));
    const meters = ids.filter((id) => this.instruments.get(id) === 'power_meter');
    const assigned = [...this.roles.entries()].filter(([, roles]) => roles.has(ROLE)).map(([id]) => id);
    const kind = rng.weighted({
      'update-parameter': ids.length ? 40 : 0,
      // Keep the bench between a few and a dozen instruments.
      'add-instrument': ids.length < 12 ? (ids.length < 3 ? 60 : 15) : 0,
      'remove-instrument': unused.length ? (ids.length > 8 ? 30 : 10) : 0,
      'assign-role': meters.length && this.roles.size ? 15 : 0,
      'unassign-role': assigned.length ? 8 : 0,
    });
    switch (kind) {
      case 'update-parameter':
        return { kind, id: rng.pick(ids), param: 'amplitude', value: rng.int(0, 8000) / 8 };
      case 'add-instrument': {
        const profile = rng.chance(0.5) ? 'power_meter' : 'signal';
        return { kind, id: newId(), config: { type: 'mock', profile, sample_rate_hz: 10, amplitude: rng.int(0, 8000) / 8 } };
      }
      case 'remove-instrument':
        return unused.length ? { kind, id: rng.pick(unused) } : undefined;
      case 'assign-role':
        return meters.length && this.roles.size ? { kind, moduleId: rng.pick([...this.roles.keys()]), role: ROLE, instrumentId: rng.pick(meters) } : undefined;
      case 'unassign-role':
        return assigned.length ? { kind, moduleId: rng.pick(assigned), role: ROLE } : undefined;
    }
  }

  /** Moves the picture along as if `change` had been applied. */
  apply(change: BenchChange): void {
    if (change.kind === 'add-instrument') this.instruments.set(change.id, String(change.config['profile'] ?? 'signal'));
    if (change.kind === 'remove-instrument') this.instruments.delete(change.id);
    if (change.kind === 'assign-role') this.roles.get(change.moduleId)?.set(change.role, change.instrumentId);
    if (change.kind === 'unassign-role') this.roles.get(change.moduleId)?.delete(change.role);
  }

  removeModules(moduleIds: readonly string[]): void {
    for (const id of moduleIds) this.roles.delete(id);
  }
}

/** The facts a change leaves in the file once written. */
export function promiseOf(change: BenchChange): Facts {
  switch (change.kind) {
    case 'update-parameter':
      return { [`instruments.${change.id}.${change.param}`]: change.value as number };
    case 'add-instrument':
      return {
        [`instruments.${change.id}`]: change.config.type,
        [`instruments.${change.id}.amplitude`]: change.config['amplitude'] as number,
        [`instruments.${change.id}.profile`]: change.config['profile'] as string,
      };
    case 'remove-instrument':
      return { [`instruments.${change.id}`]: null };
    case 'assign-role':
      return { [`modules.${change.moduleId}.roles.${change.role}`]: change.instrumentId };
    case 'unassign-role':
      return { [`modules.${change.moduleId}.roles.${change.role}`]: null };
  }
}

/** The direct command for a change, and the staging command that puts it in a change set. */
export function commandsOf(change: BenchChange): { direct: [string, Record<string, unknown>]; staged: [string, Record<string, unknown>] } {
  const { kind: _kind, ...fields } = change;
  switch (change.kind) {
    case 'update-parameter':
      return { direct: ['UpdateInstrumentParameter', fields], staged: ['StageParameterUpdate', fields] };
    case 'add-instrument':
      return { direct: ['AddInstrumentDynamic', fields], staged: ['StageInstrumentAdd', fields] };
    case 'remove-instrument':
      return { direct: ['RemoveInstrumentDynamic', fields], staged: ['StageInstrumentRemove', fields] };
    case 'assign-role':
      return { direct: ['AssignInstrumentToModule', fields], staged: ['StageModuleAssign', fields] };
    case 'unassign-role':
      return { direct: ['UnassignInstrumentFromModule', fields], staged: ['StageModuleUnassign', fields] };
  }
}
