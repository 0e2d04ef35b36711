import { describe, expect, it } from 'vitest';
import { fftInPlace, hann, nextPowerOfTwo, peakFrequency } from './fft.js';

describe('fft', () => {
  it('transforms an impulse to a flat spectrum and a cosine to its two bins', () => {
    const re = new Float64Array([1, 0, 0, 0, 0, 0, 0, 0]);
    const im = new Float64Array(8);
    fftInPlace(re, im);
    expect([...re]).toEqual(Array(8).fill(1));
    const c = new Float64Array(8).map((_, i) => Math.cos((2 * Math.PI * 2 * i) / 8));
    const ci = new Float64Array(8);
    fftInPlace(c, ci);
    expect(c[2]).toBeCloseTo(4, 9);
    expect(c[6]).toBeCloseTo(4, 9);
    expect(Math.abs(c[1]!)).toBeLessThan(1e-9);
  });

  it('finds the peak frequency of a sine, padding a window that is not a power of two', () => {
    const fs = 1000;
    const samples = Array.from({ length: 1000 }, (_, i) => 3 + Math.sin((2 * Math.PI * 50 * i) / fs));
    const peak = peakFrequency(samples, fs);
    expect(peak.frequency).toBeGreaterThan(48);
    expect(peak.frequency).toBeLessThan(52);
    expect(nextPowerOfTwo(1000)).toBe(1024);
    expect(hann(5)[0]).toBe(0);
    expect(hann(5)[2]).toBe(1);
  });
});
