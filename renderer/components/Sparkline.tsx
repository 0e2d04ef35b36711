/**
 * A small SVG trend line of the last points of one channel. Decorative: the value next to it
 * carries the information, so it is hidden from assistive technology.
 */

export interface SparklineProps {
  readonly points: readonly number[] | undefined;
  readonly width?: number;
  readonly height?: number;
}

/** Scales the points into the box; a flat series is drawn through the middle. */
export function sparklinePath(points: readonly number[], width: number, height: number): string {
  if (points.length === 0) return '';
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  const span = max - min;
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const pad = 1.5;
  return points
    .map((p, i) => {
      const y = span === 0 ? height / 2 : pad + (1 - (p - min) / span) * (height - 2 * pad);
      return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** The trend line; nothing is drawn until two points exist. */
export function Sparkline({ points, width = 84, height = 20 }: SparklineProps) {
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      {points && points.length > 1 ? <polyline points={sparklinePath(points, width, height)} /> : null}
    </svg>
  );
}
