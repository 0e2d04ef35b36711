/**
 * `npm run chaos -- --kills 1000 --seed 42`: the large chaos run (see chaos-run.ts). Prints
 * progress as it goes and a summary at the end; exits 1 with the round's full record at the
 * first broken promise (with --keep-going: every kind of broken promise, once each, and how
 * often it showed). Without --seed a seed is drawn and printed, so any run can be replayed.
 */
import { describeFaults } from './chaos-faults.js';
import { runChaos, type ChaosSummary } from './chaos-run.js';

const args = process.argv.slice(2);

function option(name: string, fallback: number): number {
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  const text = args[at]?.includes('=') ? args[at]?.split('=')[1] : args[at + 1];
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number, got ${JSON.stringify(text)}`);
  return value;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function printSummary(s: ChaosSummary): void {
  const lines = [
    `chaos run, seed ${s.seed}: ${s.failure ? 'FAILED' : 'every promise held'}`,
    `  kills                      ${s.kills} (${s.killedDuringStartup} during start-up and recovery)`,
    `  operations (commands sent) ${s.commandsSent}`,
    `  acknowledged               ${s.acknowledged}`,
    `  answered, not acknowledged ${s.notAcknowledged} (refused, or persisted: false)`,
    `  interrupted by the kill    ${s.interruptedByKill}`,
    `  by client (sent/acked)     ${Object.entries(s.byClient).map(([client, c]) => `${client} ${c.commands}/${c.acknowledged}`).join(', ')}`,
    `  hand saves                 ${s.handSaves} (${s.keptWithLog + s.keptWithoutLog} not in the file but kept in .daq/hand-edits/, ${s.keptWithoutLog} of them before a log line got out)`,
    `  written back by a save     ${s.writtenBackBySaves} key(s) found at an older value because a hand save ran across an acknowledged change`,
    `  interrupted commits        ${s.interruptedCommits.old} resolved to the old state, ${s.interruptedCommits.new} to the new, ${s.interruptedCommits.unprovable} not provable (a save ran across, or nothing to tell)`,
    `  faults                     ${describeFaults(s.faults).join('\n                             ')}`,
    `  lost                       ${s.lost} acknowledged change(s) neither in the file nor reported unsaved`,
    `  corrupt                    ${s.corrupt} look(s) at a file that was not a complete config (old or new)`,
    `  invariant checks           ${s.checks}`,
    `  time                       ${duration(s.durationMs)} (app lives ${duration(s.livesMs)}, checks ${duration(s.checksMs)})`,
  ];
  if (s.strayTemps.length) lines.push(`  temp files start-up leaves in .daq/ (no promise either way): ${s.strayTemps.length}`);
  console.log(lines.join('\n'));
}

const kills = option('kills', 1000);
const keepGoing = args.includes('--keep-going');
const seed = option('seed', Math.floor(Math.random() * 2 ** 31));
console.log(`chaos run: ${kills} kills, seed ${seed}`);
let lastPrint = 0;
const summary = await runChaos({
  kills,
  seed,
  keepGoing,
  onProgress: (s) => {
    if (Date.now() - lastPrint < 10_000 && s.kills !== kills) return;
    lastPrint = Date.now();
    console.log(`  ${s.kills}/${kills} kills, ${s.acknowledged} acknowledged, ${s.handSaves} hand saves, ${s.checks} checks, ${duration(s.durationMs)}`);
  },
});
printSummary(summary);
for (const { failure, rounds } of summary.failureKinds) {
  console.log(`\n=== broken promise, first in round ${failure.round}${keepGoing ? `, in ${rounds} round(s) in all` : ''}:`);
  for (const f of failure.findings) console.log(`  [${f.invariant}] ${f.message}`);
  console.log(`\n${failure.report}`);
}
if (summary.failure) {
  console.log(`\nthe bench folder is kept: ${summary.failure.folder}`);
  process.exitCode = 1;
}
