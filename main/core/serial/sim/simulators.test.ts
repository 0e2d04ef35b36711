/**
 * The four simulators at the protocol level: commands in, replies out, silence where the real
 * device is silent, exact received bytes, injected faults, and values that change plausibly.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DeviceSimulator } from './device-simulator.js';
import { ElliptecSim } from './elliptec-sim.js';
import { Esp300Sim, ESP300_VERSION } from './esp300-sim.js';
import { MaiTaiSim, MAITAI_IDENTITY } from './maitai-sim.js';
import { Newport1830cSim } from './newport-1830c-sim.js';
import { createSimulator, simulatorTypes } from './simulators.js';

/** Feeds `input` and returns the reply bytes sent, as text. */
function talk(sim: DeviceSimulator, input: string): string[] {
  const out: string[] = [];
  sim.attach({ send: (b) => out.push(b.toString('latin1')) });
  sim.receive(Buffer.from(input, 'latin1'));
  return out;
}

describe('Newport 1830-C simulator', () => {
  it('answers queries with LF, stays silent for setters, and records exact bytes', () => {
    let t = 0;
    const sim = new Newport1830cSim({ powerW: 1e-3, ripple: 0, noise: 0, now: () => t });
    expect(talk(sim, 'D?\nW?\nU?\nR?\n')).toEqual(['1.000E-3\n', '0800\n', '1\n', '7\n']);
    expect(talk(sim, 'W1064\nU2\nA1\nF3\nCS\nR5\n')).toEqual([]);
    expect(sim.state).toMatchObject({ wavelength: 1064, units: 2, attenuator: 1, filter: 3, range: 5 });
    expect(talk(sim, 'D?\n')).toEqual(['OVER\n']); // 1 mW on range 5 (full scale 20 µW)
    sim.state.range = 0;
    expect(talk(sim, 'D?\n')).toEqual(['0.00\n']); // 1 mW = 0 dBm
    expect(sim.received).toEqual(['D?\n', 'W?\n', 'U?\n', 'R?\n', 'W1064\n', 'U2\n', 'A1\n', 'F3\n', 'CS\n', 'R5\n', 'D?\n', 'D?\n']);
    t = 0;
  });

  it('reads dB and REL against the power when they were selected, and moves with time', () => {
    let t = 0;
    const sim = new Newport1830cSim({ powerW: 1e-3, noise: 0, now: () => t });
    talk(sim, 'U4\n');
    sim.state.powerW = 2e-3;
    expect(Number(talk(sim, 'D?\n')[0])).toBeCloseTo(2, 3);
    sim.state.units = 1;
    const a = talk(sim, 'D?\n')[0];
    t = 1750;
    expect(talk(sim, 'D?\n')[0]).not.toBe(a);
  });
});

describe('ESP300 simulator', () => {
  it('answers version and axis queries with CR LF, silent for setters and moves', () => {
    let t = 0;
    const sim = new Esp300Sim(() => t);
    expect(talk(sim, 'VE?\r\n')).toEqual([`${ESP300_VERSION}\r\n`]);
    expect(talk(sim, '1SN7\r\n1VA2.000000\r\n1AC4.000000\r\n1PA1.000000\r\n')).toEqual([]);
    expect(talk(sim, '1SN?\r\n1VA?\r\n1AC?\r\n1MD?\r\n')).toEqual(['7\r\n', '2.000000\r\n', '4.000000\r\n', '0\r\n']);
    t = 250;
    expect(Number(talk(sim, '1TP?\r\n')[0])).toBeCloseTo(0.5, 6);
    expect(talk(sim, '1TV?\r\n')).toEqual(['2.000000\r\n']);
    t = 600;
    expect(talk(sim, '1MD?\r\n')).toEqual(['1\r\n']);
    expect(Number(talk(sim, '1TP?\r\n')[0])).toBeCloseTo(1, 4);
    expect(talk(sim, '1ST\r\n2OR\r\n')).toEqual([]);
  });
});

describe('MaiTai simulator', () => {
  it('takes CR, LF and CR LF, long and short spellings, any case; replies carry units', () => {
    let t = 0;
    const sim = new MaiTaiSim(() => t);
    expect(talk(sim, '*IDN?\r')).toEqual([`${MAITAI_IDENTITY}\n`]);
    expect(talk(sim, '\nwav?\nREAD:WAV?\r\nread:pow?\rSHUTTER?\n')).toEqual(['800nm\n', '800nm\n', expect.stringMatching(/^\d\.\d\dW\n$/), '0\n']);
    expect(sim.received.slice(0, 2)).toEqual(['*IDN?\r\n', 'wav?\n']);
    expect(talk(sim, 'WAVELENGTH:900\r\nSHUT 1\r\n')).toEqual([]);
    expect(talk(sim, 'WAVELENGTH?\r\nSHUT?\r\n')).toEqual(['900nm\n', '1\n']);
    t = 500; // tunes at 100 nm/s
    expect(talk(sim, 'READ:WAVELENGTH?\r\n')).toEqual(['850nm\n']);
    talk(sim, 'OFF\r\n');
    expect(talk(sim, 'READ:POWER?\r\n*STB?\r\n')).toEqual(['0mW\n', '0\n']);
    talk(sim, 'ON\r\n');
    sim.state.powerFormat = 'percent';
    expect(talk(sim, 'POWER?\r\n')[0]).toMatch(/^\d+%\n$/);
  });

  it('ignores a wavelength outside the tuning range', () => {
    const sim = new MaiTaiSim(() => 0);
    talk(sim, 'WAVELENGTH:1200\r\n');
    expect(talk(sim, 'WAVELENGTH?\r\n')).toEqual(['800nm\n']);
  });
});

describe('ELL14 bus simulator', () => {
  it('cuts unterminated commands by their length and answers only for mounts on the bus', () => {
    const sim = new ElliptecSim({ addresses: [0, 10], now: () => 0 });
    // type 0E, serial, year 2023, firmware 17, hardware 01, travel 0168 (360°), 00023000 pulses/turn
    expect(talk(sim, '0inAin3in')).toEqual(['0IN0E11400510202317010168' + '00023000\r\n', 'AIN0E11400520202317010168' + '00023000\r\n']);
    expect(sim.received).toEqual(['0in', 'Ain', '3in']);
    expect(talk(sim, '0gpAsv50Agv0gsAxx')).toEqual(['0PO00000000\r\n', 'AGS00\r\n', 'AGV50\r\n', '0GS00\r\n', 'AGS03\r\n']);
    expect(talk(sim, 'Asv65')).toEqual(['AGS04\r\n']);
  });

  it('answers a move with PO only when it has finished, and skips noise between commands', () => {
    // The move's duration is the point: fake time, so "not yet" and "now" are exact instants.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const sim = new ElliptecSim({ addresses: [1], degPerSecond: 3600, now: () => Date.now() });
      const out: string[] = [];
      sim.attach({ send: (b) => out.push(b.toString()) });
      sim.receive(Buffer.from('\x00\x7f1ma00008C00')); // 90° at 3600°/s: 25 ms
      expect(out).toEqual([]);
      vi.advanceTimersByTime(24);
      expect(out).toEqual([]);
      expect(sim.pulses(1)).toBeGreaterThan(0);
      expect(sim.pulses(1)).toBeLessThan(0x8c00);
      vi.advanceTimersByTime(1);
      expect(out).toEqual(['1PO00008C00\r\n']);
      sim.detach();
    } finally {
      vi.useRealTimers();
    }
  });

  it('homes with PO on arrival; a stop halts a move where it is (its PO then) and answers GS00', () => {
    let t = 0;
    const sim = new ElliptecSim({ addresses: [1], degPerSecond: 360, now: () => t });
    const out: string[] = [];
    sim.attach({ send: (b) => out.push(b.toString()) });
    sim.receive(Buffer.from('1ma00011800')); // 180° in 500 ms
    t = 250;
    sim.receive(Buffer.from('1st'));
    expect(out).toEqual(['1PO00008C00\r\n', '1GS00\r\n']);
    expect(sim.pulses(1)).toBe(0x8c00);
    t = 1000;
    expect(sim.pulses(1)).toBe(0x8c00);
    out.length = 0;
    sim.receive(Buffer.from('1st1ho0'));
    expect(out).toEqual(['1GS00\r\n']);
    expect(sim.received.slice(-2)).toEqual(['1st', '1ho0']);
    sim.detach();
  });
});

describe('faults, common to all simulators', () => {
  it('drops or garbles the next replies, then answers normally again', () => {
    const sim = new Newport1830cSim({ ripple: 0, noise: 0 });
    sim.injectFault('no-reply', 1);
    expect(talk(sim, 'W?\n')).toEqual([]);
    sim.injectFault('garbage', 1);
    expect(talk(sim, 'W?\n')).toEqual(['\xfe?\x8a!~\x00\xd5\n']);
    expect(talk(sim, 'W?\n')).toEqual(['0800\n']);
    sim.injectFault('no-reply');
    expect(talk(sim, 'W?\nW?\n')).toEqual([]);
    sim.clearFaults();
    expect(talk(sim, 'W?\n')).toEqual(['0800\n']);
  });

  it('exists for every serial type', () => {
    for (const type of simulatorTypes) expect(createSimulator(type)).toBeDefined();
  });
});
