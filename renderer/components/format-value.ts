/**
 * Number formatting for live readouts: SI base units get an engineering prefix (0.00101 W reads
 * "1.010 mW", like the meter's own display, four significant digits); other units (nm, mm, deg,
 * counts) keep their scale with five significant digits and at most six decimals, the finest step
 * the controllers report. A reading within noise of zero reads "0": a power meter's floor is
 * around a picowatt, so "-20.77 pW" would only be noise written out in full.
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

/**
 * Below these a reading is noise around zero: a picowatt or picoampere is under what the bench's
 * meters resolve, a nanovolt under any voltage the sources here produce (a sine through zero
 * computed in floating point lands near 1e-11 V, not on 0). Other units: under half the last of
 * six decimals.
 */
const noiseFloor: Readonly<Record<string, number>> = { W: 1e-12, A: 1e-12, V: 1e-9 };
const PLAIN_FLOOR = 5e-7;

/** A reading with its unit, e.g. "1.010 mW", "812.3 nm", "1010 counts", "0 W". */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `${String(value)} ${unit}`.trim();
  const floor = noiseFloor[unit] ?? (prefixed.has(unit) ? 0 : PLAIN_FLOOR);
  if (Math.abs(value) < floor || value === 0) return `0 ${unit}`.trim();
  if (prefixed.has(unit)) return `${engineering(value)}${unit}`;
  return `${plain(value)} ${unit}`.trim();
}

function engineering(value: number): string {
  const abs = Math.abs(value);
  for (const [scale, prefix] of prefixes) {
    if (abs >= scale * 0.9995) return `${(value / scale).toPrecision(4)} ${prefix}`;
  }
  // Below a pico-unit where no floor applies (Hz, s): stay on the smallest prefix, not "8.7e-13".
  return `${Number((value / 1e-12).toPrecision(2))} p`;
}

function plain(value: number): string {
  if (Math.abs(value) >= 1e6) return value.toExponential(3).replace('e+', 'e');
  // Five significant digits, then no more than six decimals; trailing zeros dropped.
  return String(Number(Number(value.toPrecision(5)).toFixed(6)));
}

/** `HH:MM:SS.mmm` in local time, the log's time column; the raw string if it is no date. */
export function formatLogTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
