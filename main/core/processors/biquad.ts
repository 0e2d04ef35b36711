/**
 * IIR biquad filters (the `iir` processor): low-pass, high-pass, band-pass (0 dB peak) and
 * band-stop, with coefficients from the RBJ audio-EQ cookbook and a transposed direct form II
 * step. Pure functions over an explicit state, so a chain keeps one state per channel.
 */

export type BiquadType = 'Lowpass' | 'Highpass' | 'Bandpass' | 'Bandstop';

/** Normalised coefficients (a0 = 1). */
export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** The two delay registers; undefined before the first sample. */
export interface BiquadState {
  z1: number;
  z2: number;
  primed: boolean;
}

/** Q of a second-order Butterworth filter: maximally flat pass band. */
export const BUTTERWORTH_Q = Math.SQRT1_2;

/** Coefficients normalised by a0; `f0` must lie below `fs / 2`. */
export function biquadCoefficients(type: BiquadType, f0: number, fs: number, q = BUTTERWORTH_Q): BiquadCoefficients {
  if (!(f0 > 0 && f0 < fs / 2)) throw new RangeError(`f0 (${f0} Hz) must lie between 0 and fs/2 (${fs / 2} Hz)`);
  const w0 = (2 * Math.PI * f0) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const a1 = -2 * cos;
  const a2 = 1 - alpha;
  const b = ((): [number, number, number] => {
    switch (type) {
      case 'Lowpass':
        return [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
      case 'Highpass':
        return [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
      case 'Bandpass':
        return [alpha, 0, -alpha];
      case 'Bandstop':
        return [1, -2 * cos, 1];
    }
  })();
  return { b0: b[0] / a0, b1: b[1] / a0, b2: b[2] / a0, a1: a1 / a0, a2: a2 / a0 };
}

/** A fresh state; the first sample primes it. */
export function initialBiquadState(): BiquadState {
  return { z1: 0, z2: 0, primed: false };
}

/** The gain at DC: what a constant input settles to. */
export function dcGain(c: BiquadCoefficients): number {
  return (c.b0 + c.b1 + c.b2) / (1 + c.a1 + c.a2);
}

/**
 * Filters one sample, updating `state`. The first sample primes the registers to the steady
 * state of a constant input, so a low-pass starts at the first reading instead of ramping up
 * from zero (which would look like a step that never happened).
 */
export function biquadStep(c: BiquadCoefficients, state: BiquadState, x: number): number {
  if (!state.primed) {
    const y0 = x * dcGain(c);
    state.z1 = y0 - c.b0 * x;
    state.z2 = c.b2 * x - c.a2 * y0;
    state.primed = true;
  }
  const y = c.b0 * x + state.z1;
  state.z1 = c.b1 * x - c.a1 * y + state.z2;
  state.z2 = c.b2 * x - c.a2 * y;
  return y;
}
