/**
 * Derived selectors that build a new array must hand back the same array while their inputs are
 * unchanged: zustand v5 re-renders (and can loop forever) on every new reference.
 */

/** Wraps `compute` so equal inputs (by reference, argument by argument) return the last output. */
export function memoizeLast<Args extends readonly unknown[], R>(compute: (...args: Args) => R): (...args: Args) => R {
  let lastArgs: Args | undefined;
  let lastResult: R;
  return (...args: Args): R => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => Object.is(a, args[i]))) {
      return lastResult;
    }
    lastResult = compute(...args);
    lastArgs = args;
    return lastResult;
  };
}
