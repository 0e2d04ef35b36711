/**
 * The data model of the generic plot: an x axis (a quantity or time) and series over it, each
 * with its unit, plus the uPlot options built from it. Pure, so the choices are testable
 * without a canvas; `Plot.tsx` only hands these to uPlot.
 */
import type uPlot from 'uplot';

export interface PlotAxis {
  readonly label: string;
  readonly unit: string;
}

export interface PlotSeries extends PlotAxis {
  /** One value per x, null where the series has none. */
  readonly values: readonly (number | null)[];
  readonly color: string;
  /** A reference line (a threshold): dashed, no point markers. */
  readonly reference?: boolean;
}

export interface PlotData {
  /** `time`: x values are seconds since the epoch, drawn as clock times. */
  readonly x: PlotAxis & { readonly values: readonly number[]; readonly time?: boolean };
  readonly series: readonly PlotSeries[];
}

/** Distinct colors for several channels, readable on the light theme. */
export const PLOT_COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'] as const;

/** The color of the n-th series, cycling. */
export function plotColor(n: number): string {
  return PLOT_COLORS[n % PLOT_COLORS.length] as string;
}

/** "Power (W)"; a unitless quantity keeps its bare label. */
export function axisTitle(axis: PlotAxis): string {
  return axis.unit ? `${axis.label} (${axis.unit})` : axis.label;
}

/**
 * A y tick in few characters: milliwatts read in W as 1.05e-3, not as a column of "0.001"
 * (uPlot's default rounds small values to its step's decimals and repeats them). `digits` is
 * the significant digits kept.
 */
export function formatTick(value: number, digits = 3): string {
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 1e-2 || size >= 1e5) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits + 1)));
}

/** The ticks of one axis, with as many digits as it takes to tell neighbours apart. */
export function formatTicks(values: readonly number[]): string[] {
  for (let digits = 3; digits < 8; digits += 1) {
    const labels = values.map((v) => formatTick(v, digits));
    if (new Set(labels).size === labels.length) return labels;
  }
  return values.map((v) => String(v));
}

/** Markers help read a few points (a scan's angles); on a dense trace they only smear it. */
const MARKERS_UP_TO = 200;

/**
 * uPlot options for `data` at a size. Series sharing a unit share a y scale, so a threshold
 * drawn in W sits on the power axis; a second unit gets its own axis on the right.
 */
export function plotOptions(data: PlotData, width: number, height: number): uPlot.Options {
  const units = [...new Set(data.series.map((s) => s.unit))];
  const scaleOf = (unit: string) => `y${units.indexOf(unit)}`;
  const markers = data.x.values.length <= MARKERS_UP_TO;
  return {
    width,
    height,
    scales: { x: { time: data.x.time === true }, ...Object.fromEntries(units.map((u) => [scaleOf(u), { auto: true }])) },
    axes: [
      { label: axisTitle(data.x), stroke: '#444' },
      ...units.map((unit, i) => {
        const first = data.series.find((s) => s.unit === unit && !s.reference) ?? data.series.find((s) => s.unit === unit);
        return {
          scale: scaleOf(unit),
          label: axisTitle({ label: first?.label ?? '', unit }),
          stroke: '#444',
          side: i === 0 ? 3 : 1,
          size: 70,
          values: (_plot: uPlot, splits: number[]) => formatTicks(splits),
        };
      }),
    ],
    series: [
      { label: axisTitle(data.x) },
      ...data.series.map((s) => ({
        label: axisTitle(s),
        scale: scaleOf(s.unit),
        stroke: s.color,
        width: s.reference ? 1 : 1.5,
        // Channels read at different moments leave gaps on a shared time axis: draw across them.
        spanGaps: true,
        ...(s.reference ? { dash: [6, 4], points: { show: false } } : { points: { show: markers } }),
      })),
    ],
  };
}

/** The columns uPlot draws: x first, then each series (it wants plain mutable arrays). */
export function plotColumns(data: PlotData): uPlot.AlignedData {
  return [Array.from(data.x.values), ...data.series.map((s) => Array.from(s.values))];
}

/** What the plot's figure says in words: the points it holds (the canvas itself says nothing). */
export function plotSummary(data: PlotData): string {
  const n = data.x.values.length;
  const names = data.series.filter((s) => !s.reference).map((s) => s.label);
  return `${names.join(', ')} against ${data.x.label.toLowerCase()}: ${n} ${n === 1 ? 'point' : 'points'}`;
}
