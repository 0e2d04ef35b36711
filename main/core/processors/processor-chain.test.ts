import { describe, expect, it } from 'vitest';
import { ProcessorChain } from './processor-chain.js';

describe('ProcessorChain', () => {
  it('passes readings through unchanged when empty', () => {
    expect(new ProcessorChain().process('power', 1e-3, 'W', 5)).toEqual([{ channel: 'power', value: 1e-3, unit: 'W', timestamp: 5 }]);
  });

  it('applies its stages in order, keeping the channel name, with one filter state per channel', () => {
    const chain = new ProcessorChain([
      { type: 'iir', filter_type: 'Lowpass', f0: 1, fs: 20 },
      { type: 'iir', filter_type: 'Lowpass', f0: 2, fs: 20 },
    ]);
    chain.process('power', 1, 'W', 0);
    chain.process('wavelength', 800, 'nm', 0);
    const p = chain.process('power', 2, 'W', 1)[0]!;
    const w = chain.process('wavelength', 800, 'nm', 1)[0]!;
    expect(p.channel).toBe('power');
    expect(p.value).toBeGreaterThan(1);
    expect(p.value).toBeLessThan(1.05);
    expect(w).toEqual({ channel: 'wavelength', value: expect.closeTo(800, 9), unit: 'nm', timestamp: 1 });
  });

  it('an fft stage adds a peak-frequency summary every hop and leaves the value as it is', () => {
    const chain = new ProcessorChain([{ type: 'fft', window_size: 64, overlap: 48, sampling_rate: 100 }]);
    const summaries: number[] = [];
    for (let i = 0; i < 128; i += 1) {
      const v = Math.sin((2 * Math.PI * 12.5 * i) / 100);
      const out = chain.process('sine_wave', v, 'V', i);
      expect(out[0]!.value).toBe(v);
      for (const extra of out.slice(1)) {
        expect(extra).toMatchObject({ channel: 'sine_wave_fft_peak_hz', unit: 'Hz' });
        summaries.push(extra.value);
      }
    }
    expect(summaries).toHaveLength(5); // at samples 64, 80, 96, 112, 128
    for (const f of summaries) expect(f).toBeCloseTo(12.5, 5);
  });
});
