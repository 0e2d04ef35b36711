/**
 * An instrument's `[processors.<id>]` chain, applied in order to every reading it emits. Each
 * channel has its own filter state (a power reading must not be filtered together with a
 * wavelength). The processed value keeps the raw channel's name. `iir` stages filter the value;
 * an `fft` stage passes the value through unchanged and, every hop (window minus overlap),
 * adds a summary reading `<channel>_fft_peak_hz`: the strongest frequency in the last window.
 */
import type { ProcessorConfig } from '../../../shared/model/config.js';
import { biquadCoefficients, biquadStep, initialBiquadState, type BiquadCoefficients, type BiquadState } from './biquad.js';
import { peakFrequency } from './fft.js';

/** A reading leaving the chain (the processed value, or a summary). */
export interface ProcessedReading {
  readonly channel: string;
  readonly value: number;
  readonly unit: string;
  readonly timestamp: number;
}

type StageState = { kind: 'iir'; state: BiquadState } | { kind: 'fft'; window: number[]; sinceLast: number };

type Stage =
  | { kind: 'iir'; coefficients: BiquadCoefficients }
  | { kind: 'fft'; size: number; hop: number; sampleRate: number };

function buildStage(config: ProcessorConfig): Stage {
  if (config.type === 'iir') return { kind: 'iir', coefficients: biquadCoefficients(config.filter_type, config.f0, config.fs, config.q) };
  return { kind: 'fft', size: config.window_size, hop: Math.max(1, config.window_size - config.overlap), sampleRate: config.sampling_rate };
}

/** The processor chain of one instrument, with its per-channel state. */
export class ProcessorChain {
  private readonly stages: readonly Stage[];
  private readonly states = new Map<string, StageState[]>();

  /** Builds the stages; throws RangeError for a config the schema would refuse. */
  constructor(configs: readonly ProcessorConfig[] = []) {
    this.stages = configs.map(buildStage);
  }

  get length(): number {
    return this.stages.length;
  }

  /** Runs one reading through the chain: the processed reading first, then any summaries. */
  process(channel: string, value: number, unit: string, timestamp: number): ProcessedReading[] {
    if (this.stages.length === 0) return [{ channel, value, unit, timestamp }];
    const states = this.stateOf(channel);
    const extra: ProcessedReading[] = [];
    let v = value;
    this.stages.forEach((stage, i) => {
      const s = states[i]!;
      if (stage.kind === 'iir' && s.kind === 'iir') v = biquadStep(stage.coefficients, s.state, v);
      else if (stage.kind === 'fft' && s.kind === 'fft') {
        const summary = this.fftStep(stage, s, v);
        if (summary !== undefined) extra.push({ channel: `${channel}_fft_peak_hz`, value: summary, unit: 'Hz', timestamp });
      }
    });
    return [{ channel, value: v, unit, timestamp }, ...extra];
  }

  private stateOf(channel: string): StageState[] {
    let states = this.states.get(channel);
    if (!states) {
      states = this.stages.map((s): StageState => (s.kind === 'iir' ? { kind: 'iir', state: initialBiquadState() } : { kind: 'fft', window: [], sinceLast: 0 }));
      this.states.set(channel, states);
    }
    return states;
  }

  private fftStep(stage: Extract<Stage, { kind: 'fft' }>, s: Extract<StageState, { kind: 'fft' }>, v: number): number | undefined {
    s.window.push(v);
    if (s.window.length > stage.size) s.window.shift();
    s.sinceLast += 1;
    if (s.window.length < stage.size || s.sinceLast < stage.hop) return undefined;
    s.sinceLast = 0;
    return peakFrequency(s.window, stage.sampleRate).frequency;
  }
}
