import { describe, expect, it } from 'vitest';
import { parseNumber, parsePower, parseQuantity, parseWavelength, rejectErrorReply } from './reply-parsing.js';

describe('unit-aware reply parsing', () => {
  it('reads the 1830-C scientific notation and plain numbers', () => {
    expect(parseNumber('+.75E-9')).toBe(0.75e-9);
    expect(parseNumber('5E-9')).toBe(5e-9);
    expect(parseNumber('1.234E-6')).toBe(1.234e-6);
    expect(parseNumber(' 0780 ')).toBe(780);
    expect(parseNumber('-15.24')).toBe(-15.24);
    expect(parseNumber('820nm')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber('1.2.3')).toBeUndefined();
  });

  it('splits a number from its unit suffix', () => {
    expect(parseQuantity('820nm')).toEqual({ value: 820, unit: 'nm' });
    expect(parseQuantity('3.00 W')).toEqual({ value: 3, unit: 'W' });
    expect(parseQuantity('50%')).toEqual({ value: 50, unit: '%' });
    expect(parseQuantity('nm820')).toBeUndefined();
  });

  it('scales power to watts and flags a percentage instead of reading it as watts', () => {
    expect(parsePower('3.00W')).toEqual({ kind: 'watts', watts: 3 });
    expect(parsePower('100mW')).toEqual({ kind: 'watts', watts: expect.closeTo(0.1, 12) });
    expect(parsePower('100MW')).toEqual({ kind: 'watts', watts: expect.closeTo(0.1, 12) });
    expect(parsePower('250uW')).toEqual({ kind: 'watts', watts: expect.closeTo(250e-6, 15) });
    expect(parsePower('2.5')).toEqual({ kind: 'watts', watts: 2.5 });
    expect(parsePower('50%')).toEqual({ kind: 'percent', percent: 50 });
    expect(parsePower('3.00V')).toBeUndefined();
  });

  it('reads a wavelength with or without nm, and nothing else', () => {
    expect(parseWavelength('820nm')).toBe(820);
    expect(parseWavelength('820NM')).toBe(820);
    expect(parseWavelength('800')).toBe(800);
    expect(parseWavelength('3.00W')).toBeUndefined();
  });

  it('turns ERR, OVER and UNDER replies into DEVICE_ERROR with their meaning', () => {
    expect(() => rejectErrorReply('OVER', 'D?', 'Newport 1830-C')).toThrow('Newport 1830-C answered "OVER" to "D?" (signal above the range)');
    expect(() => rejectErrorReply('UNDER', 'D?', 'Newport 1830-C')).toThrow('(signal below the range)');
    expect(() => rejectErrorReply('ERR 12', 'W?', 'x')).toThrow(expect.objectContaining({ code: 'DEVICE_ERROR' }));
    expect(() => rejectErrorReply('1.0E-3', 'D?', 'x')).not.toThrow();
  });
});
