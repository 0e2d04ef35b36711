/**
 * The `fft` processor's maths: a Hann window and an in-place radix-2 FFT. A window whose size
 * is not a power of two is zero-padded to the next one, which only refines the frequency grid.
 */

/** The Hann window of `n` points. */
export function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i += 1) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / Math.max(1, n - 1));
  return w;
}

/** The smallest power of two not below `n`. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** In-place iterative radix-2 FFT; `re.length` must be a power of two. */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len *= 2) {
    const angle = (-2 * Math.PI) / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < len / 2; k += 1) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = start + k;
        const b = a + len / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

/**
 * The strongest non-DC frequency of `samples` taken at `sampleRate` Hz (Hann-windowed, mean
 * removed), with its amplitude spectrum magnitude.
 */
export function peakFrequency(samples: readonly number[], sampleRate: number): { frequency: number; magnitude: number } {
  const n = nextPowerOfTwo(samples.length);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const mean = samples.reduce((s, v) => s + v, 0) / Math.max(1, samples.length);
  const w = hann(samples.length);
  samples.forEach((v, i) => (re[i] = (v - mean) * w[i]!));
  fftInPlace(re, im);
  let best = 1;
  let bestMag = -1;
  for (let k = 1; k <= n / 2; k += 1) {
    const mag = Math.hypot(re[k]!, im[k]!);
    if (mag > bestMag) {
      bestMag = mag;
      best = k;
    }
  }
  return { frequency: (best * sampleRate) / n, magnitude: (2 * bestMag) / samples.length };
}
