import type { ReactNode } from 'react';

/**
 * An icon in a sessions grid row (details, copy, launch, approve…). A plain button styled by the grid's
 * `details-button` class, not IconButton: these cells render in every visible row on every poll, and MUI's
 * ButtonBase (ripple, focus-visible tracking) costs several times more per row. Tab reaches it only in the
 * focused cell, and a click does not also select the row.
 */
export function RowIconButton({
  title,
  label,
  action,
  focused,
  disabled,
  onClick,
  children,
}: {
  title?: string;
  /** What the button does to which row, for screen readers. */
  label: string;
  /** `data-action`, for tests and styling. */
  action?: string;
  focused: boolean;
  disabled?: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="details-button"
      title={title}
      aria-label={label}
      data-action={action}
      tabIndex={focused ? 0 : -1}
      disabled={disabled}
      onClick={(event) => {
        event.stopPropagation();
        onClick();
      }}
    >
      {children}
    </button>
  );
}
