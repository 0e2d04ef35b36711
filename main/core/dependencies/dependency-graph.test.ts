import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModuleConfig } from '../../../shared/model/config.js';
import { DependencyGraph } from './dependency-graph.js';

describe('DependencyGraph', () => {
  it('records assignments and answers dependents sorted by module, then role', () => {
    const g = new DependencyGraph();
    g.assign('scan', 'detector', 'pm');
    g.assign('alpha', 'power_meter', 'pm');
    g.assign('scan', 'aux', 'pm');
    g.assign('scan', 'rotator', 'rot');
    expect(g.dependentsOf('pm')).toEqual([
      { moduleId: 'alpha', role: 'power_meter' },
      { moduleId: 'scan', role: 'aux' },
      { moduleId: 'scan', role: 'detector' },
    ]);
    expect(g.dependentsOf('rot')).toEqual([{ moduleId: 'scan', role: 'rotator' }]);
    expect(g.dependentsOf('nobody')).toEqual([]);
    expect(g.isInUse('pm')).toBe(true);
    expect(g.isInUse('nobody')).toBe(false);
  });

  it('replaces the old edge when a role is reassigned', () => {
    const g = new DependencyGraph();
    g.assign('watch', 'power_meter', 'pm1');
    g.assign('watch', 'power_meter', 'pm2');
    expect(g.dependentsOf('pm1')).toEqual([]);
    expect(g.isInUse('pm1')).toBe(false);
    expect(g.dependentsOf('pm2')).toEqual([{ moduleId: 'watch', role: 'power_meter' }]);
    expect(g.edges()).toEqual([{ instrumentId: 'pm2', moduleId: 'watch', role: 'power_meter' }]);
    g.assign('watch', 'power_meter', 'pm2');
    expect(g.edges()).toHaveLength(1);
  });

  it('unassigns one role and answers what it pointed at', () => {
    const g = new DependencyGraph();
    g.assign('scan', 'detector', 'pm');
    g.assign('scan', 'rotator', 'rot');
    expect(g.unassign('scan', 'detector')).toBe('pm');
    expect(g.unassign('scan', 'detector')).toBeUndefined();
    expect(g.unassign('other', 'rotator')).toBeUndefined();
    expect(g.isInUse('pm')).toBe(false);
    expect(g.dependentsOf('rot')).toEqual([{ moduleId: 'scan', role: 'rotator' }]);
  });

  it('drops every edge of a removed module and no other', () => {
    const g = new DependencyGraph();
    g.assign('scan', 'detector', 'pm');
    g.assign('scan', 'rotator', 'rot');
    g.assign('scanner', 'detector', 'pm');
    g.removeModule('scan');
    expect(g.edges()).toEqual([{ instrumentId: 'pm', moduleId: 'scanner', role: 'detector' }]);
    expect(g.isInUse('rot')).toBe(false);
  });

  it('drops every edge to a removed instrument and answers who used it', () => {
    const g = new DependencyGraph();
    g.assign('watch', 'power_meter', 'pm');
    g.assign('scan', 'detector', 'pm');
    g.assign('scan', 'rotator', 'rot');
    expect(g.removeInstrument('pm')).toEqual([
      { moduleId: 'scan', role: 'detector' },
      { moduleId: 'watch', role: 'power_meter' },
    ]);
    expect(g.isInUse('pm')).toBe(false);
    expect(g.removeInstrument('pm')).toEqual([]);
    expect(g.edges()).toEqual([{ instrumentId: 'rot', moduleId: 'scan', role: 'rotator' }]);
  });

  it('lists edges in an order that does not depend on insertion order', () => {
    // "scan"+"detector" and "scand"+"etector" concatenate to the same text.
    const a = new DependencyGraph();
    a.assign('scan', 'detector', 'pm');
    a.assign('scand', 'etector', 'rot');
    const b = new DependencyGraph();
    b.assign('scand', 'etector', 'rot');
    b.assign('scan', 'detector', 'pm');
    expect(a.edges()).toEqual(b.edges());
    expect(a.edges().map((e) => e.moduleId)).toEqual(['scan', 'scand']);
  });

  it('builds from module configs, tolerating modules without roles', () => {
    const modules: Record<string, ModuleConfig> = {
      watch: { type: 'power_meter', roles: { power_meter: 'pm' } },
      scan: { type: 'polarization_scan', roles: { rotator: 'rot', detector: 'pm' } },
      idle: { type: 'camera' } as unknown as ModuleConfig,
    };
    const g = DependencyGraph.fromModules(modules);
    expect(g.edges()).toEqual([
      { instrumentId: 'pm', moduleId: 'scan', role: 'detector' },
      { instrumentId: 'rot', moduleId: 'scan', role: 'rotator' },
      { instrumentId: 'pm', moduleId: 'watch', role: 'power_meter' },
    ]);
  });
});

type Op =
  | { op: 'assign'; moduleId: string; role: string; instrumentId: string }
  | { op: 'unassign'; moduleId: string; role: string }
  | { op: 'removeModule'; moduleId: string }
  | { op: 'removeInstrument'; instrumentId: string };

describe('DependencyGraph property', () => {
  // "scan"/"scand" with "detector"/"etector" make concatenated keys collide.
  const moduleId = fc.constantFrom('m1', 'm2', 'scan', 'scand');
  const role = fc.constantFrom('rotator', 'detector', 'etector', 'laser');
  const instrumentId = fc.constantFrom('pm', 'rot', 'laser', 'cam', 'pm_2');
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('assign' as const), moduleId, role, instrumentId }),
    fc.record({ op: fc.constant('unassign' as const), moduleId, role }),
    fc.record({ op: fc.constant('removeModule' as const), moduleId }),
    fc.record({ op: fc.constant('removeInstrument' as const), instrumentId }),
  );

  it('after any sequence of operations equals the graph rebuilt from the resulting role maps', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const graph = new DependencyGraph();
        /** The model the graph must mirror: module → role → instrument. */
        const roles = new Map<string, Map<string, string>>();
        for (const o of ops) {
          switch (o.op) {
            case 'assign': {
              graph.assign(o.moduleId, o.role, o.instrumentId);
              if (!roles.has(o.moduleId)) roles.set(o.moduleId, new Map());
              roles.get(o.moduleId)?.set(o.role, o.instrumentId);
              break;
            }
            case 'unassign': {
              const expected = roles.get(o.moduleId)?.get(o.role);
              expect(graph.unassign(o.moduleId, o.role)).toBe(expected);
              roles.get(o.moduleId)?.delete(o.role);
              break;
            }
            case 'removeModule':
              graph.removeModule(o.moduleId);
              roles.delete(o.moduleId);
              break;
            case 'removeInstrument': {
              const users = graph.removeInstrument(o.instrumentId);
              const expectedUsers = [...roles].flatMap(([m, rs]) => [...rs].filter(([, i]) => i === o.instrumentId).map(([r]) => ({ moduleId: m, role: r })));
              expect(users).toHaveLength(expectedUsers.length);
              expect(users).toEqual(expect.arrayContaining(expectedUsers));
              for (const rs of roles.values()) for (const [r, i] of rs) if (i === o.instrumentId) rs.delete(r);
              break;
            }
          }
        }
        const modules: Record<string, ModuleConfig> = {};
        for (const [m, rs] of roles) modules[m] = { type: 'polarization_scan', roles: Object.fromEntries(rs) };
        const rebuilt = DependencyGraph.fromModules(modules);
        expect(graph.edges()).toEqual(rebuilt.edges());
        for (const i of ['pm', 'rot', 'laser', 'cam', 'pm_2']) {
          expect(graph.dependentsOf(i)).toEqual(rebuilt.dependentsOf(i));
          expect(graph.isInUse(i)).toBe(rebuilt.dependentsOf(i).length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
