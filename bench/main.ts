/** `npm run bench [-- --json] [-- --only group,group]`: the benchmarks as one table, or JSON. */
import { runBenchmarks } from './run-benchmarks.js';

const at = process.argv.indexOf('--only');
const only = at >= 0 ? (process.argv[at + 1] ?? '').split(',').filter(Boolean) : undefined;
process.exitCode = await runBenchmarks({ json: process.argv.includes('--json'), ...(only ? { only } : {}) });
