/**
 * The staging tray: a drawer named "Change set" below the main content (beside it on very wide
 * windows); it takes its own room and never covers the tables. Its body is what the change set
 * is at: staging, waiting for confirmation, or how it ended. Presentational: everything comes
 * in as props.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { ActionButton } from '../../components/ActionButton.js';

export interface StagingTrayProps {
  /** "Staging", "Applying directly", "Waiting for confirmation", "Done". */
  readonly badge: { readonly text: string; readonly tone: 'staging' | 'direct' | 'waiting' | 'done' };
  /** "expires in 4:12" for an open change set; null otherwise. */
  readonly expiry: string | null;
  /** In the head: the "Stage changes" switch. */
  readonly toggle?: ReactNode;
  readonly children: ReactNode;
  /** A second column (the file preview), scrolling on its own. */
  readonly side?: ReactNode;
  /** Kept in view below the scrolling body: the commit buttons. */
  readonly footer?: ReactNode;
}

/** The `<aside>` named "Change set". */
export function StagingTray({ badge, expiry, toggle, children, side, footer }: StagingTrayProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // "Start a change set" goes away once clicked: keyboard focus moves on to the tray it opened
  // rather than falling back to the page. Moving focus has no declarative form.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) headingRef.current?.focus();
  }, []);
  return (
    <aside className="staging-tray" aria-labelledby="staging-tray-title">
      <div className="tray-head">
        <h2 id="staging-tray-title" ref={headingRef} tabIndex={-1}>
          Change set
        </h2>
        <span className={`tray-badge tray-badge-${badge.tone}`}>{badge.text}</span>
        {toggle}
        {expiry ? <span className="tray-expiry">{expiry}</span> : null}
      </div>
      <div className={side ? 'tray-body tray-body-split' : 'tray-body'}>
        <div className="tray-main">{children}</div>
        {side ? <div className="tray-side">{side}</div> : null}
      </div>
      {footer ? <div className="tray-foot">{footer}</div> : null}
    </aside>
  );
}

/** The "Stage changes" switch: on, the GUI's changes are staged; off, they apply at once. */
export function StageToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <label
      className="tray-toggle"
      title={on ? 'Add, Save, Remove and role changes go into this change set' : 'Changes apply at once, as without a change set'}
    >
      <input type="checkbox" role="switch" checked={on} onChange={(e) => onChange(e.target.checked)} />
      Stage changes
    </label>
  );
}

export interface ConfirmCountdownProps {
  readonly operationCount: number;
  /** "0:42": the time left before the core rolls the commit back. */
  readonly timeLeft: string;
  readonly overdue: boolean;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onRollBack: () => void;
}

/** A commit waiting for confirmation: the countdown, "Confirm" and "Roll back now". */
export function ConfirmCountdown({ operationCount, timeLeft, overdue, busy, onConfirm, onRollBack }: ConfirmCountdownProps) {
  return (
    <div className="tray-confirm">
      <p>
        {operationCount} {operationCount === 1 ? 'change is' : 'changes are'} committed and running. Check the bench, then confirm; without
        confirmation the commit is rolled back.
      </p>
      <p className="countdown" role="timer" aria-live="off">
        {overdue ? 'Rolling back…' : <>Rolled back in <strong>{timeLeft}</strong></>}
      </p>
      <div className="form-actions">
        <ActionButton className="btn btn-primary" unavailable={busy || overdue} onClick={onConfirm}>
          Confirm
        </ActionButton>
        <ActionButton className="btn btn-danger" unavailable={busy || overdue} onClick={onRollBack}>
          Roll back now
        </ActionButton>
      </div>
    </div>
  );
}

/** The core's last refusal of a tray action ("Commit change set failed: CONFLICT: …"). */
export function TrayRefusal({ text }: { text: string | null }) {
  if (text === null) return null;
  return (
    <p className="form-error tray-refusal" role="alert">
      {text}
    </p>
  );
}

/** How the change set ended, until closed (or a few seconds pass). */
export function TrayOutcome({ tone, text, onClose }: { tone: 'ok' | 'warn'; text: string; onClose: () => void }) {
  return (
    <div className="tray-outcome-box">
      <p className={`tray-outcome tray-outcome-${tone}`} role="status">
        {text}
      </p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
