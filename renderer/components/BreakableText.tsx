/** Text that wraps at its path separators only: a `<wbr>` after each "/" and ":" (see path-breaks.ts). */
import { Fragment } from 'react';
import { pathSegments } from './path-breaks.js';

export function BreakableText({ text }: { text: string }) {
  const segments = pathSegments(text);
  return (
    <>
      {segments.map((segment, i) => (
        <Fragment key={i}>
          {segment}
          {i < segments.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}
