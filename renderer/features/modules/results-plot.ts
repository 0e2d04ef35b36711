/**
 * What a module's results look like, by module type: power against angle for a polarisation
 * scan, power against time with the low/high band for a power monitor, and the last frame's
 * figures for imaging. Pure: points and columns in, plot data or a figures table out.
 */
import type { RunColumn, RunPoint } from '../../../shared/model/runs.js';
import { plotColor, type PlotData } from '../../components/plot-model.js';

export type ResultsView =
  | { readonly kind: 'plot'; readonly data: PlotData }
  | { readonly kind: 'figures'; readonly figures: readonly { readonly name: string; readonly value: number; readonly unit: string }[] }
  | { readonly kind: 'none' };

function unitOf(columns: readonly RunColumn[] | null, name: string, fallback: string): string {
  return columns?.find((c) => c.name === name)?.unit ?? fallback;
}

function numberOf(params: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = params[key];
  return typeof value === 'number' ? value : undefined;
}

/** Scan points with both an angle and a power, ordered as taken. */
function scanPlot(points: readonly RunPoint[], columns: readonly RunColumn[] | null): PlotData {
  const taken = points.filter((p) => p.values['power'] !== undefined && (p.values['angle'] ?? p.values['angle_set']) !== undefined);
  return {
    x: { label: 'Angle', unit: unitOf(columns, 'angle', 'deg'), values: taken.map((p) => p.values['angle'] ?? (p.values['angle_set'] as number)) },
    series: [{ label: 'Power', unit: unitOf(columns, 'power', 'W'), values: taken.map((p) => p.values['power'] as number), color: plotColor(0) }],
  };
}

/** Power over time with the thresholds as dashed lines in the same unit. */
function monitorPlot(points: readonly RunPoint[], columns: readonly RunColumn[] | null, params: Readonly<Record<string, unknown>>): PlotData {
  const taken = points.filter((p) => p.values['power'] !== undefined);
  const unit = unitOf(columns, 'power', 'W');
  const band = (label: string, key: string, color: string) => {
    const level = numberOf(params, key);
    return level === undefined ? [] : [{ label, unit, values: taken.map(() => level), color, reference: true }];
  };
  return {
    x: { label: 'Time', unit: '', time: true, values: taken.map((p) => p.time / 1000) },
    series: [
      { label: 'Power', unit, values: taken.map((p) => p.values['power'] as number), color: plotColor(0) },
      ...band('Low threshold', 'low_threshold', '#9a6700'),
      ...band('High threshold', 'high_threshold', '#d1242f'),
    ],
  };
}

/** The plot or figures for a module's latest run. */
export function resultsView(
  moduleType: string,
  points: readonly RunPoint[],
  columns: readonly RunColumn[] | null,
  params: Readonly<Record<string, unknown>>,
): ResultsView {
  if (moduleType === 'polarization_scan') return { kind: 'plot', data: scanPlot(points, columns) };
  if (moduleType === 'power_meter') return { kind: 'plot', data: monitorPlot(points, columns, params) };
  const last = points[points.length - 1];
  if (!last) return { kind: 'none' };
  return {
    kind: 'figures',
    figures: Object.entries(last.values).map(([name, value]) => ({ name, value, unit: unitOf(columns, name, '') })),
  };
}
