/**
 * One life of the app under chaos, seen from the parent: the bundled child is started on the
 * bench, the person's editor saves at random moments while it runs, and SIGKILL ends it at a
 * random moment (usually while it works, sometimes while it is still starting and recovering).
 * Everything the child wrote before it died is collected.
 */
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLines, type ChildLine } from './chaos-protocol.js';
import type { HandEdit, HandEditor } from './hand-editor.js';
import type { SeededRandom } from './seeded-random.js';

export interface LifeTiming {
  /** Delay from the child's "ready" to the kill, ms (drawn uniformly). */
  readonly killDelayMs: readonly [number, number];
  /** Pause between two saves of the editor, ms. */
  readonly saveEveryMs: readonly [number, number];
  /** Share of lives killed during start-up (counted from the spawn instead). */
  readonly killDuringStartup: number;
}

export interface Life {
  readonly lines: ChildLine[];
  readonly edits: HandEdit[];
  readonly killedBeforeReady: boolean;
  readonly stderr: string;
}

/**
 * Bundles the child entry to one plain-JS file, inside the repository so its bare imports
 * resolve; one file per run, so a test and a large run at the same time do not share one.
 */
export async function bundleChild(root: string): Promise<string> {
  const folder = join(root, 'node_modules', '.cache', 'daq-chaos');
  await mkdir(folder, { recursive: true });
  const outfile = join(folder, `chaos-child-${process.pid}.mjs`);
  await build({ entryPoints: [join(root, 'scripts/chaos/chaos-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent' });
  return outfile;
}

/** What else happens during a life, told when it begins (the spawn), when the app is ready, and at the kill. */
export interface LifeHooks {
  started(): void;
  ready(): void;
  killed(): void;
}

/**
 * `killRng` draws the kill moment and `saveRng` the saves: apart, so how many saves fit in a
 * life on this machine does not move the kill moments the seed gives.
 */
export function liveAndKill(bundle: string, root: string, args: readonly string[], editor: HandEditor, killRng: SeededRandom, saveRng: SeededRandom, timing: LifeTiming, hooks?: LifeHooks): Promise<Life> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bundle, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    hooks?.started();
    const edits: HandEdit[] = [];
    let stdout = '';
    let stderr = '';
    let ready = false;
    let killed = false;
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    const kill = (): void => {
      killed = true;
      if (saveTimer) clearTimeout(saveTimer);
      hooks?.killed();
      child.kill('SIGKILL');
    };
    const scheduleSave = (): void => {
      saveTimer = setTimeout(() => {
        if (killed) return;
        const edit = editor.save(saveRng);
        if (edit) edits.push(edit);
        scheduleSave();
      }, saveRng.int(timing.saveEveryMs[0], timing.saveEveryMs[1]));
    };
    const duringStartup = killRng.chance(timing.killDuringStartup);
    const startupDelay = killRng.int(5, 250);
    const delay = killRng.int(timing.killDelayMs[0], timing.killDelayMs[1]);
    if (duringStartup) setTimeout(kill, startupDelay);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (ready || !stdout.includes('"type":"ready"')) return;
      ready = true;
      if (killed) return;
      hooks?.ready();
      scheduleSave();
      if (!duringStartup) setTimeout(kill, delay);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close' waits for stdout to be drained: every line written before the kill is in.
    child.once('close', (code, signal) => {
      if (saveTimer) clearTimeout(saveTimer);
      hooks?.killed();
      if (signal === 'SIGKILL' && killed) done({ lines: parseLines(stdout), edits, killedBeforeReady: !ready, stderr });
      else fail(new Error(`the chaos child ended by itself (code ${code}, signal ${signal}):\n${stderr.slice(-4000)}`));
    });
  });
}
