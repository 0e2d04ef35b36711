/**
 * The larger live plot of one instrument, a modal dialog named "Trend of <id>": a "Time window"
 * select (30 s, 2 min, 10 min), one checkbox per channel, the plot with each unit on its axis,
 * and "Close" (Escape closes too).
 */
import { useEffect, useRef } from 'react';
import { Plot } from '../../components/Plot.js';
import type { PlotData } from '../../components/plot-model.js';

export interface TrendDialogProps {
  readonly id: string;
  readonly windows: readonly { readonly ms: number; readonly label: string }[];
  readonly windowMs: number;
  readonly channels: readonly { readonly name: string; readonly unit: string; readonly shown: boolean }[];
  readonly data: PlotData;
  readonly onWindow: (ms: number) => void;
  readonly onToggleChannel: (name: string) => void;
  readonly onClose: () => void;
}

export function TrendDialog({ id, windows, windowMs, channels, data, onWindow, onToggleChannel, onClose }: TrendDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // Opening a modal dialog and giving focus back are DOM commands with no declarative form.
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const titleId = `trend-${id}-title`;
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog-plot"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>
        Trend of <code>{id}</code>
      </h2>
      <div className="plot-window">
        <label>
          Time window{' '}
          <select value={windowMs} onChange={(e) => onWindow(Number(e.target.value))}>
            {windows.map((w) => (
              <option key={w.ms} value={w.ms}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        {channels.length > 1
          ? channels.map((c) => (
              <label key={c.name}>
                <input type="checkbox" checked={c.shown} onChange={() => onToggleChannel(c.name)} /> {c.name}
                {c.unit ? ` (${c.unit})` : ''}
              </label>
            ))
          : null}
      </div>
      <Plot data={data} height={320} label={`Trend plot of ${id}`} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
