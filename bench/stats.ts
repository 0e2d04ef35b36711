/** Small statistics for benchmark tables: medians and 95th percentiles of samples in ms. */
export interface Summary {
  readonly name: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly goal?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function summarise(name: string, samples: readonly number[], goal?: string): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, runs: sorted.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), ...(goal ? { goal } : {}) };
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

export function formatTable(rows: readonly Summary[]): string {
  const header = ['benchmark', 'runs', 'median', 'p95', 'goal'];
  const body = rows.map((r) => [r.name, String(r.runs), fmt(r.medianMs), fmt(r.p95Ms), r.goal ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
