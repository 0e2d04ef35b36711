/** `npm run bench [-- --json]`: every benchmark as one table, or JSON. */
import { runBenchmarks } from './run-benchmarks.js';

process.exitCode = await runBenchmarks({ json: process.argv.includes('--json') });
