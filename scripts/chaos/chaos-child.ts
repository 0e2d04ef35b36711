/**
 * One life of the app under chaos: a core on the bench file (hot reload, versioning and
 * transactions on), running seeded random operations back to back until the parent kills it.
 * Bundled to plain JS before a run, so each of the many lives starts quickly.
 *
 * Arguments: <config path> <seed> <id prefix>. Ids of new instruments start with the prefix,
 * so no life reuses an id an earlier one added (a rollback may bring that one back).
 */
import { createCore } from '../../main/core/index.js';
import { ChaosOperations } from './chaos-operations.js';
import { emit } from './chaos-protocol.js';
import { SeededRandom } from './seeded-random.js';

const [configPath, seedText, idPrefix] = process.argv.slice(2);
if (!configPath || !seedText || !idPrefix) throw new Error('usage: chaos-child <config path> <seed> <id prefix>');
const rng = new SeededRandom(Number(seedText));

const core = createCore({
  configPath,
  // Warnings and errors go to the parent: a hand edit kept aside is reported there.
  logSink: (entry) => {
    if (entry.level === 'warn' || entry.level === 'error') emit({ type: 'log', level: entry.level, message: entry.message });
  },
  persistRetryMs: 2000,
  transactionSweepMs: 500,
});
await core.start();
emit({ type: 'ready', pid: process.pid });

const operations = new ChaosOperations(core, rng, configPath, idPrefix);
await operations.settleWaitingCommits();
for (;;) {
  await operations.runOne();
  // Now and then a pause, so hot reloads of the person's edits land between commands too.
  if (rng.chance(0.15)) await new Promise((resume) => setTimeout(resume, rng.int(1, 40)));
}
