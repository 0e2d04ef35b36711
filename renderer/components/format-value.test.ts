import { describe, expect, it } from 'vitest';
import { formatLogTime, formatValue } from './format-value.js';
import { sparklinePath } from './Sparkline.js';

describe('formatValue', () => {
  it('uses engineering prefixes for SI base units', () => {
    expect(formatValue(0.0010098, 'W')).toBe('1.010 mW');
    expect(formatValue(-0.6145, 'V')).toBe('-614.5 mV');
    expect(formatValue(2.5e-6, 'W')).toBe('2.500 µW');
    expect(formatValue(1500, 'Hz')).toBe('1.500 kHz');
    expect(formatValue(0, 'W')).toBe('0 W');
    expect(formatValue(8.698e-13, 'Hz')).toBe('0.87 pHz');
  });

  it('reads noise around zero as 0', () => {
    expect(formatValue(-2.077e-11, 'V')).toBe('0 V');
    expect(formatValue(4e-13, 'W')).toBe('0 W');
    expect(formatValue(-9.9e-13, 'W')).toBe('0 W');
    expect(formatValue(1.5e-12, 'W')).toBe('1.500 pW');
    expect(formatValue(2.4e-7, 'mm')).toBe('0 mm');
    expect(formatValue(-0, 'deg')).toBe('0 deg');
  });

  it('keeps the scale of already-scaled units', () => {
    expect(formatValue(800.0412, 'nm')).toBe('800.04 nm');
    expect(formatValue(1009.754, 'counts')).toBe('1009.8 counts');
    expect(formatValue(1, 'state')).toBe('1 state');
    expect(formatValue(1.5e-5, 'mm')).toBe('0.000015 mm');
    expect(formatValue(12.345678, 'mm')).toBe('12.346 mm');
    expect(formatValue(-0.00012345, 'deg')).toBe('-0.000123 deg');
    expect(formatValue(2_500_000, 'counts')).toBe('2.500e6 counts');
  });
});

describe('formatLogTime', () => {
  it('shows HH:MM:SS.mmm and passes through what is not a date', () => {
    expect(formatLogTime('2026-01-01T10:00:00.042Z')).toMatch(/^\d\d:\d\d:\d\d\.042$/);
    expect(formatLogTime('soon')).toBe('soon');
  });
});

describe('sparklinePath', () => {
  it('scales points into the box, highest at the top', () => {
    expect(sparklinePath([0, 1], 10, 10)).toBe('0.0,8.5 10.0,1.5');
    expect(sparklinePath([3, 3, 3], 10, 10)).toBe('0.0,5.0 5.0,5.0 10.0,5.0');
    expect(sparklinePath([], 10, 10)).toBe('');
  });
});
