import { describe, expect, it } from 'vitest';
import { biquadCoefficients, biquadStep, dcGain, initialBiquadState, type BiquadCoefficients, type BiquadType } from './biquad.js';

/** |H(e^jw)| of a biquad at frequency f. */
function gainAt(c: BiquadCoefficients, f: number, fs: number): number {
  const w = (2 * Math.PI * f) / fs;
  const re = (a0: number, a1: number, a2: number): [number, number] => [a0 + a1 * Math.cos(w) + a2 * Math.cos(2 * w), -(a1 * Math.sin(w) + a2 * Math.sin(2 * w))];
  const [nr, ni] = re(c.b0, c.b1, c.b2);
  const [dr, di] = re(1, c.a1, c.a2);
  return Math.hypot(nr, ni) / Math.hypot(dr, di);
}

const run = (type: BiquadType, input: readonly number[], f0 = 1, fs = 20): number[] => {
  const c = biquadCoefficients(type, f0, fs);
  const s = initialBiquadState();
  return input.map((x) => biquadStep(c, s, x));
};

describe('biquad coefficients', () => {
  it('have the textbook responses: Butterworth -3 dB at f0, unity pass band, rejection in the stop band', () => {
    const fs = 1000;
    const lp = biquadCoefficients('Lowpass', 50, fs);
    expect(gainAt(lp, 50, fs)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(dcGain(lp)).toBeCloseTo(1, 12);
    expect(gainAt(lp, 400, fs)).toBeLessThan(0.02);
    const hp = biquadCoefficients('Highpass', 50, fs);
    expect(gainAt(hp, 50, fs)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(dcGain(hp)).toBeCloseTo(0, 12);
    const bp = biquadCoefficients('Bandpass', 50, fs, 2);
    expect(gainAt(bp, 50, fs)).toBeCloseTo(1, 6);
    expect(gainAt(bp, 5, fs)).toBeLessThan(0.1);
    const bs = biquadCoefficients('Bandstop', 50, fs, 2);
    expect(gainAt(bs, 50, fs)).toBeLessThan(1e-9);
    expect(gainAt(bs, 5, fs)).toBeGreaterThan(0.95);
  });

  it('refuses a cutoff at or above Nyquist', () => {
    expect(() => biquadCoefficients('Lowpass', 10, 20)).toThrow(RangeError);
    expect(() => biquadCoefficients('Lowpass', 0, 20)).toThrow(RangeError);
  });
});

describe('biquadStep', () => {
  it('starts a low-pass at the first value (no ramp from zero) and smooths a step monotonically', () => {
    const out = run('Lowpass', [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(out.slice(0, 3)).toEqual([1, 1, 1].map((v) => expect.closeTo(v, 12)));
    expect(out[3]).toBeGreaterThan(1);
    expect(out[3]).toBeLessThan(1.1);
    for (let i = 4; i < 12; i += 1) expect(out[i]).toBeGreaterThan(out[i - 1]!);
    expect(out.at(-1)).toBeCloseTo(2, 1);
  });

  it('a high-pass removes a constant and passes a step’s edge', () => {
    const out = run('Highpass', [5, 5, 5, 5, 6, 6, 6]);
    expect(out.slice(0, 4).every((v) => Math.abs(v) < 1e-12)).toBe(true);
    expect(out[4]).toBeGreaterThan(0.5);
  });
});
