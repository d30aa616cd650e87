import { useEffect, type ReactElement, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

/**
 * A modal over the board for a tile's Details that are not a table of entities (the escalation
 * level's parameters, PAR levels). Escape, the ✕ or a click outside closes it.
 */
export function KpiDialog({
  title,
  onClose,
  children,
}: {
  readonly title: string
  readonly onClose: () => void
  readonly children: ReactNode
}): ReactElement {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return createPortal(
    // A click on the backdrop (outside the dialog) closes it; from the keyboard, Escape (above)
    // and the Close button do.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- see above
    <div
      className="kpi-dialog-backdrop"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose()
      }}
    >
      <div className="kpi-dialog" role="dialog" aria-modal="true" aria-label={title}>
        <header className="kpi-dialog-header">
          <h2>{title}</h2>
          <button type="button" className="kpi-dialog-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="kpi-dialog-body">{children}</div>
      </div>
    </div>,
    document.body,
  )
}
