/**
 * Number formatting for live readouts: SI base units get an engineering prefix (0.00101 W reads
 * "1.010 mW", like the meter's own display); other units (nm, mm, deg, counts) keep their
 * scale and show five significant digits.
 */

const prefixed = new Set(['W', 'V', 'A', 'Hz', 's', 'F', 'Ω']);
const prefixes: ReadonlyArray<readonly [number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];

/** A reading with its unit, e.g. "1.010 mW", "812.3 nm", "1010 counts". */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${String(value)} ${unit}`.trim();
  if (prefixed.has(unit)) return `${engineering(value)}${unit}`;
  return `${plain(value)} ${unit}`.trim();
}

function engineering(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0 ';
  for (const [scale, prefix] of prefixes) {
    if (abs >= scale * 0.9995) return `${(value / scale).toPrecision(4)} ${prefix}`;
  }
  // Below a pico-unit (a sine crossing zero): stay on the smallest prefix, not "8.7e-13".
  return `${Number((value / 1e-12).toPrecision(2))} p`;
}

function plain(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(3);
  return String(Number(value.toPrecision(5)));
}

/** `HH:MM:SS.mmm` in local time, the log's time column; the raw string if it is no date. */
export function formatLogTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
