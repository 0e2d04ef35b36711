/**
 * Dependency graph queries at lab-wide scale: 1,000 instruments and 1,000 modules with three
 * roles each. Measures `dependentsOf` (the GUI's "used by" and the removal check) and
 * `isInUse` per query. Goal: p95 under 10 µs per query.
 */
import { DependencyGraph } from '../main/core/dependencies/index.js';
import { summarise, type Summary } from './stats.js';

export function benchDependencies(queries = 20_000): Summary[] {
  const instruments = 1000;
  const graph = new DependencyGraph();
  for (let m = 0; m < 1000; m += 1) {
    for (const [r, role] of ['detector', 'rotator', 'laser'].entries()) graph.assign(`module_${m}`, role, `inst_${(m * 3 + r) % instruments}`);
  }
  const dependents: number[] = [];
  const inUse: number[] = [];
  let sink = 0;
  // Batches of 100 queries per sample: a single query is below the timer's resolution.
  const batch = 100;
  for (let q = 0; q < queries / batch; q += 1) {
    let t0 = performance.now();
    for (let i = 0; i < batch; i += 1) sink += graph.dependentsOf(`inst_${(q * batch + i) % instruments}`).length;
    dependents.push((performance.now() - t0) / batch);
    t0 = performance.now();
    for (let i = 0; i < batch; i += 1) sink += graph.isInUse(`inst_${(q * batch + i) % instruments}`) ? 1 : 0;
    inUse.push((performance.now() - t0) / batch);
  }
  if (sink < 0) console.log(sink);
  return [
    summarise('dependents query (1k instruments, 1k modules)', dependents.slice(20), 'p95 < 10 µs'),
    summarise('removal check isInUse (1k × 1k)', inUse.slice(20), 'p95 < 10 µs'),
  ];
}
