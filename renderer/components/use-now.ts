/**
 * The current time, refreshed every `intervalMs` while `active`: countdowns re-render with it
 * and compute what they show from it in their selectors.
 */
import { useEffect, useState } from 'react';

/** `Date.now()`, updated on an interval while `active`. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
