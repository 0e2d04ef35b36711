/**
 * The chaos suite, small: the app killed with SIGKILL some forty times at random moments while
 * it runs seeded random operations on every write path (changes, cascades, change sets with and
 * without a confirmation window, snapshots, rollbacks, Save to file) and a person's editor
 * saves the same file; after every kill a fresh core recovers and every promise is checked
 * (see chaos-run.ts and after-kill-check.ts). The commands come from every client the app has:
 * the core in-process, a WebSocket, the Electron IPC glue and `daq call` processes
 * (chaos-clients.ts). Meanwhile the file is made read-only, deleted and put back, its folder
 * renamed away and back, the disk filled, and the serial devices vanish, hang or answer garbage
 * (chaos-faults.ts). `npm run chaos` is the large run.
 * CHAOS_KILLS and CHAOS_SEED change the size and the seed.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from './chaos-protocol.js';
import { describeFaults, faultKindsMissing } from './chaos-faults.js';
import { runChaos } from './chaos-run.js';
import { ensureCliBuilt } from './daq-call-client.js';

const kills = Number(process.env['CHAOS_KILLS'] ?? 40);
const seed = Number(process.env['CHAOS_SEED'] ?? 20261206);

describe('the app killed at random on every write path', () => {
  // The children check too, but a build inside the first life would eat its time.
  beforeAll(() => ensureCliBuilt(resolve(import.meta.dirname, '../..')), 60_000);

  it(`keeps the file, acknowledged changes, hand edits, versions and transactions whole across ${kills} kills (seed ${seed})`, async () => {
    // Shorter lives than the large run: as many kills, a fraction of the time. The editor saves
    // in place here: a save by rename in the very microseconds of the app's own rename is the
    // one loss the OS leaves no way to catch, and the large run (`npm run chaos`) reports it.
    const summary = await runChaos({ kills, seed, killDelayMs: [50, 700], renameSaves: false });
    const failure = summary.failure;
    const report = failure ? `${failure.findings.map((f) => `[${f.invariant}] ${f.message}`).join('\n')}\n\n${failure.report}` : '';
    expect(failure, report).toBeUndefined();
    console.log(
      `chaos: ${summary.kills} kills, ${summary.commandsSent} commands (${summary.acknowledged} acknowledged, ${summary.interruptedByKill} cut by the kill), ` +
        `${summary.handSaves} hand saves, ${summary.checks} invariant checks, ${Math.round(summary.durationMs / 1000)} s; ` +
        `by client (sent/acknowledged): ${CLIENT_KINDS.map((c) => `${c} ${summary.byClient[c].commands}/${summary.byClient[c].acknowledged}`).join(', ')}`,
    );
    // The kills must have landed in a working app, or the run proved nothing.
    expect(summary.kills).toBe(kills);
    expect(summary.acknowledged).toBeGreaterThan(kills);
    expect(summary.interruptedByKill).toBeGreaterThan(0);
    expect(summary.handSaves).toBeGreaterThan(kills);
    // Every client must have carried changes the file kept, or its path silently stopped working.
    for (const client of CLIENT_KINDS) {
      expect(summary.byClient[client].commands, `commands sent through ${client}`).toBeGreaterThan(0);
      expect(summary.byClient[client].acknowledged, `commands acknowledged through ${client}`).toBeGreaterThan(0);
    }
    // File-system and serial faults (chaos-faults.ts): a kind not possible here is said, not skipped silently.
    console.log(`chaos faults: ${describeFaults(summary.faults).join('\n  ')}\nlost ${summary.lost}, corrupt ${summary.corrupt}`);
    expect(summary.lost, 'acknowledged changes neither in the file nor reported unsaved').toBe(0);
    expect(summary.corrupt, 'looks at a file that was not a complete config').toBe(0);
    // Kinds are drawn from a bag, so a run of some twenty lives or more meets each of them.
    if (kills >= 20) expect(faultKindsMissing(summary.faults), 'fault kinds that never happened').toEqual([]);
  }, 240_000);
});
