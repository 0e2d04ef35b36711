/**
 * A button that stays focusable while unavailable: `aria-disabled` instead of `disabled`, so a
 * keyboard user who pressed Start does not lose focus when Start becomes unavailable.
 */
import type { ButtonHTMLAttributes } from 'react';

export interface ActionButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  readonly unavailable?: boolean;
}

/** A `type="button"` button whose click does nothing while `unavailable`. */
export function ActionButton({ unavailable = false, onClick, type = 'button', ...rest }: ActionButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={unavailable || undefined}
      onClick={(e) => {
        if (unavailable) e.preventDefault();
        else onClick?.(e);
      }}
    />
  );
}
