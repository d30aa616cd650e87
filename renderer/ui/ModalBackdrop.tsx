import { useEffect, type ReactElement, type ReactNode } from 'react'

/** Calls `onClose` when Escape is pressed, while the calling component is mounted. */
export function useEscape(onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
}

/**
 * The backdrop of a modal dialog: a click on it (outside the dialog) or Escape closes the dialog;
 * the dialog's own Close button is the caller's. One mechanism for every dialog over a board.
 */
export function ModalBackdrop({
  className,
  onClose,
  children,
}: {
  readonly className: string
  readonly onClose: () => void
  readonly children: ReactNode
}): ReactElement {
  useEscape(onClose)
  return (
    // A click on the backdrop (outside the dialog) closes it; from the keyboard, Escape (above)
    // and the dialog's Close button do.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- see above
    <div
      className={className}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose()
      }}
    >
      {children}
    </div>
  )
}
