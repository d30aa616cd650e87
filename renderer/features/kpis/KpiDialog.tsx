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
    <div className="kpi-dialog-backdrop" onClick={onClose}>
      <div
        className="kpi-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onClick={(e) => e.stopPropagation()}
      >
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
