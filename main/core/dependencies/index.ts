/** Dependency tracking: which modules use which instruments in which roles. */
export { DependencyGraph } from './dependency-graph.js';
