import type { ReactElement, ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { ModalBackdrop } from '../../ui/ModalBackdrop.tsx'

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
  return createPortal(
    <ModalBackdrop className="kpi-dialog-backdrop" onClose={onClose}>
      <div className="kpi-dialog" role="dialog" aria-modal="true" aria-label={title}>
        <header className="kpi-dialog-header">
          <h2>{title}</h2>
          <button type="button" className="kpi-dialog-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="kpi-dialog-body">{children}</div>
      </div>
    </ModalBackdrop>,
    document.body,
  )
}
