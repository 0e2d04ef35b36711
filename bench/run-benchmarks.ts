/** `npm run bench`: every benchmark, printed as one table (or JSON with --json). */
import { benchActor } from './actor-bench.js';
import { benchCliStart } from './cli-start-bench.js';
import { benchDependencies } from './dependency-bench.js';
import { benchHotReload } from './hot-reload-bench.js';
import { benchPersistence } from './persistence-bench.js';
import { benchSerial } from './serial-bench.js';
import { benchTransactions } from './transaction-bench.js';
import { benchVersioning } from './versioning-bench.js';
import { formatTable, type Summary } from './stats.js';

export async function runBenchmarks(options: { json: boolean }): Promise<number> {
  const rows: Summary[] = [...(await benchActor()), ...benchDependencies(), ...(await benchPersistence()), ...(await benchHotReload()), ...(await benchTransactions()), ...(await benchVersioning()), ...(await benchSerial()), ...(await benchCliStart())];
  if (options.json) console.log(JSON.stringify(rows, null, 2));
  else console.log(formatTable(rows));
  return 0;
}
