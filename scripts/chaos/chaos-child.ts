/**
 * One life of the app under chaos: a core on the bench file (hot reload, versioning and
 * transactions on), running seeded random operations back to back until the parent kills it.
 * Its commands come from several clients of that core, as in the app: the core in-process, the
 * browser-mode server (a WebSocket, and `daq call` processes) and the Electron IPC glue (see
 * chaos-clients.ts). Bundled to plain JS before a run, so each of the many lives starts quickly;
 * it runs in the repository, which is where the CLI and the glue's sources are found.
 *
 * Arguments: <config path> <seed> <id prefix>. Ids of new instruments start with the prefix,
 * so no life reuses an id an earlier one added (a rollback may bring that one back).
 */
import { createCore } from '../../main/core/index.js';
import { startClients } from './chaos-clients.js';
import { ChaosOperations } from './chaos-operations.js';
import { emit } from './chaos-protocol.js';
import { ensureCliBuilt } from './daq-call-client.js';
import { loadIpcGlue } from './ipc-glue.js';
import { deriveSeed, SeededRandom } from './seeded-random.js';

const [configPath, seedText, idPrefix] = process.argv.slice(2);
if (!configPath || !seedText || !idPrefix) throw new Error('usage: chaos-child <config path> <seed> <id prefix>');
const rng = new SeededRandom(Number(seedText));
const clientRng = new SeededRandom(deriveSeed(Number(seedText), 0xc11e));
const root = process.cwd();

const core = createCore({
  configPath,
  // Warnings and errors go to the parent: a hand edit kept aside is reported there.
  logSink: (entry) => {
    if (entry.level === 'warn' || entry.level === 'error') emit({ type: 'log', level: entry.level, message: entry.message });
  },
  persistRetryMs: 2000,
  transactionSweepMs: 500,
});
// A start-up that hangs would leave the parent waiting for a "ready" that never comes: ending
// here instead fails the run with this child's stderr.
const startupWatchdog = setTimeout(() => {
  console.error('the chaos child did not get ready within 60 s');
  process.exit(70);
}, 60_000);
// The CLI's freshness check, then the glue's bundle (both use the one esbuild service, which
// the glue's loader stops), while the core starts.
const [, glue] = await Promise.all([core.start(), ensureCliBuilt(root).then(() => loadIpcGlue(root))]);
const clients = await startClients(core, glue, root);
const operations = new ChaosOperations(clients, rng, clientRng, configPath, idPrefix);
await operations.settleWaitingCommits();
// A `daq call` is a process start: a few hundred ms, over a second on a busy machine, longer
// than many a life. So in some lives one operation goes through it before "ready", where the
// kill's clock starts: only a kill during start-up cuts it, and its answer counts like any
// other. The `daq call`s drawn later are mostly cut by the kill, which is worth having too.
if (clientRng.chance(0.3)) await operations.runOne('cli');
clearTimeout(startupWatchdog);
emit({ type: 'ready', pid: process.pid });

for (;;) {
  await operations.runOne();
  // Now and then a pause, so hot reloads of the person's edits land between commands too.
  if (rng.chance(0.15)) await new Promise((resume) => setTimeout(resume, rng.int(1, 40)));
}
