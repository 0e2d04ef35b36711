/**
 * A generic plot: data in, a uPlot canvas out. The instance is made once per shape (axes and
 * series) and then only fed new data, so a live plot does not rebuild on every point. Its
 * width follows the container. uPlot sets sizes through the element style API, which the CSP
 * allows; its stylesheet is bundled (imported in main.tsx), never injected at run time.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { plotColumns, plotOptions, plotSummary, type PlotData } from './plot-model.js';

export interface PlotProps {
  readonly data: PlotData;
  readonly height?: number;
  /** Names the figure for assistive technology and tests. */
  readonly label: string;
}

/** A shape key: a new one means new axes or series, so the instance is rebuilt. */
function shapeOf(data: PlotData): string {
  return JSON.stringify([data.x.label, data.x.unit, data.x.time, data.series.map((s) => [s.label, s.unit, s.color, s.reference])]);
}

/** A figure named `label` holding the canvas and a caption with the point count. */
export function Plot({ data, height = 220, label }: PlotProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;
  const shape = shapeOf(data);

  // Creating, resizing and destroying the canvas are imperative DOM work with no React form.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const width = Math.max(200, host.clientWidth);
    const plot = new uPlot(plotOptions(dataRef.current, width, height), plotColumns(dataRef.current), host);
    plotRef.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, host.clientWidth), height }));
    resize.observe(host);
    return () => {
      resize.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    plotRef.current?.setData(plotColumns(data));
  }, [data]);

  const summary = plotSummary(data);
  return (
    <figure className="plot" aria-label={label} data-points={data.x.values.length}>
      <div ref={hostRef} className="plot-canvas" />
      <figcaption className="plot-caption">{summary}</figcaption>
    </figure>
  );
}
