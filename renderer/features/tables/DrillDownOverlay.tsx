import { useEffect, type ReactElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import {
  DRILL_DOWN_EVENT,
  drillDownRequestSchema,
  type DrillDownRequest,
} from '../../../shared/domain/kpis/drillDownRequest.ts'
import { EntityTable } from './EntityTable.tsx'

function DrillDownDialog({
  request,
  onClose,
}: {
  readonly request: DrillDownRequest
  readonly onClose: () => void
}): ReactElement {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const facets: Record<string, string[]> = { ...request.facets }
  if (request.wardId !== null) facets['wardId'] = [request.wardId]
  else if (request.siteId !== null) facets['siteId'] = [request.siteId]
  return (
    // A click on the backdrop (outside the dialog) closes it; from the keyboard, Escape (above)
    // and the Close button do.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- see above
    <div
      className="dd-backdrop"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose()
      }}
    >
      <div className="dd-dialog" role="dialog" aria-modal="true" aria-label={request.title}>
        {/* Not a <header>: outside a sectioning element that would be a second banner landmark. */}
        <div className="dd-header">
          <h2>{request.title}</h2>
          <button type="button" className="dd-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <div className="dd-body">
          <EntityTable
            entity={request.entity}
            view={{ facets, sort: request.sort ?? undefined, columns: request.columns ?? undefined }}
            desktop
            wall={false}
          />
        </div>
      </div>
    </div>
  )
}

let root: Root | null = null
let installed = false

/**
 * Answers KPI drill-down requests (desktop) with a dialog holding the table behind the KPI, in
 * its own React root so it needs nothing from the app shell. Idempotent.
 */
export function installDrillDownHost(): void {
  if (installed || typeof window === 'undefined') return
  installed = true
  window.addEventListener(DRILL_DOWN_EVENT, (event) => {
    const parsed = drillDownRequestSchema.safeParse((event as CustomEvent<unknown>).detail)
    if (!parsed.success) return
    if (root === null) {
      const container = document.createElement('div')
      container.className = 'dd-root'
      document.body.appendChild(container)
      root = createRoot(container)
    }
    const close = (): void => root?.render(null)
    root.render(<DrillDownDialog key={Date.now()} request={parsed.data} onClose={close} />)
  })
}
