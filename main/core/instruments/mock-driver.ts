/**
 * The `mock` instrument: a software source that streams until it is stopped (the predecessor's
 * mock stopped after a finite burst without saying so). Its `profile` decides what it stands in
 * for; every parameter is live. Standing in for a stage it takes `move_to` and arrives at once:
 * its position then reads the target.
 */
import type { InstrumentConfig } from '../../../shared/model/config.js';
import { channelsOf, type MockProfile } from '../../../shared/model/instrument-types.js';
import { AppError } from '../../../shared/errors.js';
import type { ActionArgs, ActionOutcome } from '../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { DriverContext, InstrumentDriver } from './driver.js';

/** Emission ticks are capped so a 1 MHz source costs one timer, not a million. */
const MIN_TICK_MS = 20;
const MAX_SAMPLES_PER_TICK = 1000;

interface MockSettings {
  profile: MockProfile;
  rateHz: number;
  samplesPerPeriod: number;
  amplitude: number;
  offset: number;
}

function settingsOf(config: InstrumentConfig): MockSettings {
  const num = (key: string, fallback: number): number => (typeof config[key] === 'number' ? (config[key] as number) : fallback);
  return {
    profile: (typeof config['profile'] === 'string' ? config['profile'] : 'signal') as MockProfile,
    rateHz: num('sample_rate_hz', 10),
    samplesPerPeriod: num('num_samples', 64),
    amplitude: num('amplitude', 1),
    offset: num('offset', 0),
  };
}

/** The value of each channel of a profile at a phase (radians). */
function sample(s: MockSettings, channel: string, phase: number): number {
  const wave = Math.sin(phase);
  switch (channel) {
    case 'sine_wave':
      return s.offset + s.amplitude * (wave + 0.02 * Math.sin(7 * phase));
    case 'cosine_wave':
      return s.offset + s.amplitude * Math.cos(phase);
    case 'power':
      return Math.max(0, 1e-3 * s.amplitude * (1 + 0.1 * wave) + s.offset);
    case 'position':
      return s.offset + s.amplitude * wave;
    case 'wavelength':
      return 800 + s.offset + 0.05 * s.amplitude * wave;
    case 'mean_intensity':
      return 1000 * s.amplitude * (1 + 0.05 * wave) + s.offset;
    default:
      return wave;
  }
}

export class MockDriver implements InstrumentDriver {
  private settings: MockSettings | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private phase = 0;
  private lastTick = 0;
  private owed = 0;
  /** Where a `move_to` sent the simulated stage; until then its position sweeps like a signal. */
  private target: number | undefined;

  constructor(private readonly ctx: DriverContext) {}

  async connect(config: InstrumentConfig): Promise<void> {
    this.settings = settingsOf(config);
    this.lastTick = this.ctx.clock.now();
    this.restartTimer();
  }

  async applyParameter(_path: string, _value: ParamValue, config: InstrumentConfig): Promise<void> {
    this.settings = settingsOf(config);
    this.restartTimer();
  }

  async runAction(action: string, args: ActionArgs): Promise<ActionOutcome> {
    if (action !== 'move_to' || this.settings?.profile !== 'stage') throw new AppError('VALIDATION', `this mock has no action "${action}"`);
    this.target = Number(args['position']);
    return { completed: true, position: this.target };
  }

  async disconnect(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private restartTimer(): void {
    if (this.timer) clearInterval(this.timer);
    const s = this.settings;
    if (!s) return;
    const tickMs = Math.max(MIN_TICK_MS, 1000 / s.rateHz);
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref?.();
  }

  private tick(): void {
    const s = this.settings;
    if (!s) return;
    const now = this.ctx.clock.now();
    this.owed += ((now - this.lastTick) / 1000) * s.rateHz;
    this.lastTick = now;
    const due = Math.min(Math.floor(this.owed), MAX_SAMPLES_PER_TICK);
    this.owed = Math.min(this.owed - due, MAX_SAMPLES_PER_TICK);
    const channels = channelsOf('mock', { profile: s.profile } as Record<string, ParamValue>);
    for (let i = 0; i < due; i += 1) {
      this.phase += (2 * Math.PI) / s.samplesPerPeriod;
      const t = now - ((due - 1 - i) * 1000) / s.rateHz;
      for (const ch of channels) {
        const value = ch.name === 'position' && this.target !== undefined ? this.target : sample(s, ch.name, this.phase);
        this.ctx.emit(ch.name, value, ch.unit, t);
      }
    }
  }
}
