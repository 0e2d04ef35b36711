import { describe, expect, it } from 'vitest';
import { encodeCommand, LineSplitter, printable } from './framing.js';

const lines = (events: ReturnType<LineSplitter['push']>): string[] => events.map((e) => (e.kind === 'line' ? e.line : `<overflow ${e.bytes}>`));

describe('LineSplitter', () => {
  it('ends a reply line at LF, CR or CR LF and drops the empty lines between', () => {
    const s = new LineSplitter();
    expect(lines(s.push(Buffer.from('820nm\n3.00W\r\n0\r1\n\n')))).toEqual(['820nm', '3.00W', '0', '1']);
  });

  it('keeps an unfinished line until its end arrives, across chunks and a split CR LF', () => {
    const s = new LineSplitter();
    expect(lines(s.push(Buffer.from('+.75E')))).toEqual([]);
    expect(s.pending).toBe(5);
    expect(lines(s.push(Buffer.from('-9\r')))).toEqual(['+.75E-9']);
    expect(lines(s.push(Buffer.from('\n0PO00004650\r\n')))).toEqual(['0PO00004650']);
  });

  it('reports a run of bytes without a line end past the limit as an overflow and starts over', () => {
    const s = new LineSplitter(8);
    expect(lines(s.push(Buffer.from('0123456789')))).toEqual(['<overflow 10>']);
    expect(lines(s.push(Buffer.from('ok\n')))).toEqual(['ok']);
  });

  it('reset drops an unfinished line, so stale bytes cannot prefix the next reply', () => {
    const s = new LineSplitter();
    s.push(Buffer.from('garb'));
    s.reset();
    expect(lines(s.push(Buffer.from('1.0E-3\n')))).toEqual(['1.0E-3']);
  });

  it('keeps high bytes as they are (latin1), so garbage shows as garbage', () => {
    const s = new LineSplitter();
    expect(lines(s.push(Buffer.from([0xfe, 0x41, 0x0a])))).toEqual(['\xfeA']);
  });
});

describe('encodeCommand and printable', () => {
  it('appends the device terminator, or none', () => {
    expect(encodeCommand('D?', { terminator: '\n', replyTimeoutMs: 1 })).toEqual(Buffer.from('D?\n'));
    expect(encodeCommand('1VA5.000000', { terminator: '\r\n', replyTimeoutMs: 1 })).toEqual(Buffer.from('1VA5.000000\r\n'));
    expect(encodeCommand('0gp', { terminator: '', replyTimeoutMs: 1 })).toEqual(Buffer.from('0gp'));
  });

  it('shows control and high bytes as \\xNN and shortens long text', () => {
    expect(printable('\xfe?\x00A\r')).toBe('\\xfe?\\x00A\\x0d');
    expect(printable('x'.repeat(70))).toBe(`${'x'.repeat(60)}…`);
  });
});
