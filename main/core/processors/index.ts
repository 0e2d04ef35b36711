/** Processors: per-instrument chains of IIR filters and spectrum summaries over its readings. */
export { biquadCoefficients, biquadStep, BUTTERWORTH_Q, dcGain, initialBiquadState, type BiquadCoefficients, type BiquadState, type BiquadType } from './biquad.js';
export { fftInPlace, hann, nextPowerOfTwo, peakFrequency } from './fft.js';
export { ProcessorChain, type ProcessedReading } from './processor-chain.js';
