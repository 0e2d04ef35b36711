/**
 * `npm run bench`: every benchmark, printed as one table (or JSON with --json).
 * `npm run bench -- --only versioning,persistence` runs just those groups.
 */
import { benchActor } from './actor-bench.js';
import { benchCliStart } from './cli-start-bench.js';
import { benchDependencies } from './dependency-bench.js';
import { benchHotReload } from './hot-reload-bench.js';
import { benchPersistence } from './persistence-bench.js';
import { benchSerial } from './serial-bench.js';
import { benchTransactions } from './transaction-bench.js';
import { benchVersioning } from './versioning-bench.js';
import { formatTable, type Summary } from './stats.js';

/** The groups, in the order the table shows them. */
const groups: Record<string, () => Summary[] | Promise<Summary[]>> = {
  actor: benchActor,
  dependencies: benchDependencies,
  persistence: benchPersistence,
  'hot-reload': benchHotReload,
  transactions: benchTransactions,
  versioning: benchVersioning,
  serial: benchSerial,
  'cli-start': benchCliStart,
};

export async function runBenchmarks(options: { json: boolean; only?: readonly string[] }): Promise<number> {
  const unknown = (options.only ?? []).filter((name) => !(name in groups));
  if (unknown.length > 0) {
    console.error(`bench: no group ${unknown.join(', ')} (known: ${Object.keys(groups).join(', ')})`);
    return 2;
  }
  const rows: Summary[] = [];
  for (const [name, run] of Object.entries(groups)) if (!options.only || options.only.includes(name)) rows.push(...(await run()));
  if (options.json) console.log(JSON.stringify(rows, null, 2));
  else console.log(formatTable(rows));
  return 0;
}
