/**
 * The seeded fault injector of the chaos run. It lives in the parent, so faults outlive the
 * app's kills: during a life at most one file-system fault (fs-faults.ts) and one serial fault
 * (serial-sims.ts: a device vanishes, hangs or garbles replies) begin at random moments and end
 * after a random short span. Most are timed from the app's "ready", some from the spawn so they
 * hit start-up; whatever is still on at the kill is undone right after it, before the recovery
 * check, so the next life starts whole. Now and then a device is kept faulty while the recovery
 * check starts its core, which must show that instrument in error and bring it back after.
 *
 * Kinds are drawn from a seeded bag, refilled when empty, so every kind comes up within a few
 * lives; a kind drawn for a fault the life ended before goes back in.
 */
import type { BenchDisk } from './bench-disk.js';
import type { LifeHooks } from './child-life.js';
import type { AppCommand } from './expected-state.js';
import { FAULT_KINDS, type FaultKind, type FaultSummary } from './fault-kinds.js';
import { beginFileFault, FILE_FAULT_KINDS, type BenchPaths, type FileFaultKind } from './fs-faults.js';
import type { HandEdit, HandEditor } from './hand-editor.js';
import { monotonicMicros, type SeededRandom } from './seeded-random.js';
import { SERIAL_FAULT_KINDS, type SerialFaultKind, type SimulatedDevice } from './serial-sims.js';

export { describeFaults, faultKindsMissing, type FaultKind, type FaultSummary } from './fault-kinds.js';

export interface FaultTiming {
  /** Chance that a life gets a file-system fault, and a serial one. */
  readonly fileRate: number;
  readonly serialRate: number;
  /** When a fault begins, ms after the app is ready (or after the spawn, see below), and how long it lasts. */
  readonly startWithinMs: readonly [number, number];
  readonly spanMs: readonly [number, number];
  /** Share of faults timed from the spawn instead, so they hit the app's start-up. */
  readonly duringStartup: number;
  /** Chance that a serial device is faulty while the recovery check starts its core. */
  readonly duringCheck: number;
}

export const DEFAULT_FAULT_TIMING: FaultTiming = { fileRate: 0.5, serialRate: 0.4, startWithinMs: [0, 400], spanMs: [30, 500], duringStartup: 0.2, duringCheck: 0.1 };
export const NO_FAULTS: FaultTiming = { ...DEFAULT_FAULT_TIMING, fileRate: 0, serialRate: 0, duringCheck: 0 };

/** One fault as it happened, for the round's record (monotonic microseconds). */
export interface FaultEvent {
  readonly kind: FaultKind;
  readonly device?: string;
  readonly startedAt: number;
  endedAt?: number;
  /** Still on when the app was killed: undone after the kill. */
  outlivedKill?: boolean;
}

export interface LifeFaults {
  readonly events: FaultEvent[];
  /** Deleted files the person put back: saves, for the checks. */
  readonly putBacks: HandEdit[];
}

type Family = 'file' | 'serial';

interface Planned {
  readonly family: Family;
  readonly kind: FaultKind;
  readonly device?: SimulatedDevice;
  readonly garbled: number;
  readonly startMs: number;
  readonly spanMs: number;
  readonly fromSpawn: boolean;
}

interface Active {
  readonly event: FaultEvent;
  readonly undo: () => void | Promise<void>;
}

interface Life {
  /** Faults planned and not begun yet, and the timers of those armed. */
  readonly waiting: Set<Planned>;
  readonly timers: Set<ReturnType<typeof setTimeout>>;
  readonly active: Set<Active>;
  readonly events: FaultEvent[];
  readonly putBacks: HandEdit[];
  stopped: boolean;
}

export class FaultInjector {
  /** Faults that cannot be made here, with the reason (said in the summary, never skipped silently). */
  readonly unavailable = new Map<FaultKind, string>();
  private readonly counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  private readonly tally = { outlivedKill: 0, duringCheck: 0, recreatedFolders: 0, unsavedDuringFaults: 0 };
  private readonly recreatedHeld: string[] = [];
  private readonly bags = new Map<Family, FaultKind[]>();
  private life: Life | undefined;
  private heldOverCheck: Active | undefined;
  /** Serial lines go out one after another; a failure of the harness itself ends the run. */
  private serialWork: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly paths: BenchPaths,
    private readonly disk: BenchDisk,
    private readonly devices: readonly SimulatedDevice[],
    private readonly editor: HandEditor,
    private readonly timing: FaultTiming,
  ) {
    if (disk.unavailable) this.unavailable.set('full-disk', disk.unavailable);
    if (devices.length === 0) for (const kind of SERIAL_FAULT_KINDS) this.unavailable.set(kind, 'the bench has no serial devices');
  }

  summary(): FaultSummary {
    return { byKind: { ...this.counts }, notPossible: Object.fromEntries(this.unavailable), ...this.tally, recreatedHeld: [...this.recreatedHeld] };
  }

  /** The hooks of one life (child-life.ts). */
  hooksFor(rng: SeededRandom): LifeHooks {
    return { started: () => this.beginLife(rng), ready: () => this.arm(false), killed: () => this.stopLife() };
  }

  /** Counts the life's changes reported unsaved while a file-system fault was on: proof the faults bite. */
  noteAnswers(events: readonly FaultEvent[], commands: readonly AppCommand[]): void {
    const fileFaults = events.filter((e) => !e.device);
    for (const { intent, outcome } of commands) {
      if (!outcome?.ok || outcome.acknowledged || outcome.code !== 'PERSIST_FAILED') continue;
      if (fileFaults.some((e) => e.startedAt <= intent.at && intent.at <= (e.endedAt ?? Infinity))) this.tally.unsavedDuringFaults += 1;
    }
  }

  /** The next kind of a family from its bag, refilled in a seeded order when empty. */
  private draw(family: Family, rng: SeededRandom): FaultKind | undefined {
    let bag = this.bags.get(family) ?? [];
    if (bag.length === 0) {
      bag = (family === 'file' ? FILE_FAULT_KINDS : SERIAL_FAULT_KINDS).filter((k) => !this.unavailable.has(k));
      for (let i = bag.length - 1; i > 0; i -= 1) {
        const j = rng.int(0, i);
        [bag[i], bag[j]] = [bag[j] as FaultKind, bag[i] as FaultKind];
      }
      this.bags.set(family, bag);
    }
    return bag.shift();
  }

  /** Plans this life's faults at the spawn and arms those timed from it. */
  private beginLife(rng: SeededRandom): void {
    this.life = { waiting: new Set(), timers: new Set(), active: new Set(), events: [], putBacks: [], stopped: false };
    for (const [family, rate] of [['file', this.timing.fileRate], ['serial', this.timing.serialRate]] as const) {
      if (!rng.chance(rate)) continue;
      const kind = this.draw(family, rng);
      if (!kind) continue;
      this.life.waiting.add({
        family,
        kind,
        ...(family === 'serial' ? { device: rng.pick(this.devices) } : {}),
        garbled: rng.int(1, 8),
        startMs: rng.int(this.timing.startWithinMs[0], this.timing.startWithinMs[1]),
        spanMs: rng.int(this.timing.spanMs[0], this.timing.spanMs[1]),
        fromSpawn: rng.chance(this.timing.duringStartup),
      });
    }
    this.arm(true);
  }

  private arm(fromSpawn: boolean): void {
    const life = this.life;
    if (!life || life.stopped) return;
    for (const plan of life.waiting) {
      if (plan.fromSpawn !== fromSpawn) continue;
      const timer = setTimeout(() => {
        life.timers.delete(timer);
        life.waiting.delete(plan);
        if (!life.stopped) this.begin(life, plan);
      }, plan.startMs);
      life.timers.add(timer);
    }
  }

  private begin(life: Life, plan: Planned): void {
    const active = plan.device ? this.beginSerial(plan.kind as SerialFaultKind, plan.device, plan.garbled) : this.beginFile(plan.kind as FileFaultKind, life);
    if (!active) return;
    life.events.push(active.event);
    life.active.add(active);
    const timer = setTimeout(() => {
      life.timers.delete(timer);
      if (life.active.delete(active)) void this.end(active);
    }, plan.spanMs);
    life.timers.add(timer);
  }

  /** Stops the life's timers at the kill, so no fault begins or ends on its own after it. */
  private stopLife(): void {
    const life = this.life;
    if (!life || life.stopped) return;
    life.stopped = true;
    for (const timer of life.timers) clearTimeout(timer);
    life.timers.clear();
    // Drawn but never begun: the kinds go back in their bags.
    for (const plan of life.waiting) this.bags.get(plan.family)?.unshift(plan.kind);
    life.waiting.clear();
  }

  /** Undoes what is still on after the kill and hands back what the life's faults did. */
  async endLife(): Promise<LifeFaults> {
    this.stopLife();
    const life = this.life;
    this.life = undefined;
    if (!life) return { events: [], putBacks: [] };
    for (const active of life.active) {
      active.event.outlivedKill = true;
      this.tally.outlivedKill += 1;
      await this.end(active);
    }
    await this.settled();
    return { events: life.events, putBacks: life.putBacks };
  }

  /** Maybe keeps a device faulty (gone or silent) while the recovery check starts; answers which. */
  async holdOverCheck(rng: SeededRandom): Promise<Map<string, SerialFaultKind>> {
    const faulty = new Map<string, SerialFaultKind>();
    if (this.devices.length === 0 || !rng.chance(this.timing.duringCheck)) return faulty;
    const kind = rng.pick<SerialFaultKind>(['vanish', 'hang']);
    const device = rng.pick(this.devices);
    this.heldOverCheck = this.beginSerial(kind, device, 0);
    this.tally.duringCheck += 1;
    await this.settled();
    faulty.set(device.spec.id, kind);
    return faulty;
  }

  async releaseAfterCheck(): Promise<void> {
    const held = this.heldOverCheck;
    this.heldOverCheck = undefined;
    if (held) await this.end(held);
    await this.settled();
  }

  private async settled(): Promise<void> {
    await this.serialWork;
    if (this.failure) throw this.failure;
  }

  /** Undoes a fault; a failure to undo (the harness's, not the app's) ends the run at the next settle. */
  private async end(active: Active): Promise<void> {
    try {
      await active.undo();
      active.event.endedAt = monotonicMicros();
    } catch (err) {
      this.failure ??= err;
    }
  }

  private serial(work: () => Promise<void>): Promise<void> {
    this.serialWork = this.serialWork.then(work).catch((err: unknown) => {
      this.failure ??= err;
    });
    return this.serialWork;
  }

  private beginSerial(kind: SerialFaultKind, device: SimulatedDevice, garbled: number): Active {
    this.counts[kind] += 1;
    const startedAt = monotonicMicros();
    void this.serial(() => device.startFault(kind, garbled));
    return { event: { kind, device: device.spec.id, startedAt }, undo: () => this.serial(() => device.endFault(kind)) };
  }

  private beginFile(kind: FileFaultKind, life: Life): Active | undefined {
    const begun = beginFileFault(kind, {
      paths: this.paths,
      disk: this.disk,
      editor: this.editor,
      putBack: (edit) => life.putBacks.push(edit),
      recreated: (held) => {
        // What the app (or anything else) made there says who made the folder again.
        if (this.recreatedHeld.length < 3) this.recreatedHeld.push(held.length ? held.join(', ') : '(empty)');
        return (this.tally.recreatedFolders += 1);
      },
    });
    if (!begun) return undefined;
    this.counts[kind] += 1;
    return { event: { kind, startedAt: begun.startedAt }, undo: begun.undo };
  }
}
