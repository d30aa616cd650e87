import { useMemo, type ReactElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import {
  DRILL_DOWN_EVENT,
  drillDownRequestSchema,
  type DrillDownRequest,
} from '../../../shared/domain/kpis/drillDownRequest.ts'
import { rowSetById } from '../../../shared/domain/kpis/kpiRows.ts'
import { ModalBackdrop, useEscape } from '../../ui/ModalBackdrop.tsx'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { EntityTable } from './EntityTable.tsx'

/** A request that did not parse is a bug in its sender: say what was wrong, in the dialog. */
function InvalidRequestDialog({
  error,
  onClose,
}: {
  readonly error: string
  readonly onClose: () => void
}): ReactElement {
  useEscape(onClose)
  return (
    // Escape (useEscape) closes it from the keyboard; a click anywhere does too.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- see above
    <div className="dd-backdrop" onClick={onClose}>
      <div className="dd-dialog dd-small" role="alertdialog" aria-label="Drill-down failed">
        <PanelMessage tone="critical">This drill-down could not be opened: {error}</PanelMessage>
      </div>
    </div>
  )
}

function DrillDownDialog({
  request,
  onClose,
}: {
  readonly request: DrillDownRequest
  readonly onClose: () => void
}): ReactElement {
  const rowSet = rowSetById(request.rowSet)
  // One object per request: the table refilters when it changes.
  const only = useMemo(
    () =>
      rowSet === undefined
        ? undefined
        : {
            set: rowSet,
            scope: {
              ...(request.siteId === null ? {} : { siteId: request.siteId }),
              ...(request.wardId === null ? {} : { wardId: request.wardId }),
            },
            config: request.rowConfig,
          },
    [rowSet, request],
  )
  const view = useMemo(
    () => ({ sort: request.sort ?? undefined, columns: request.columns ?? undefined }),
    [request],
  )
  return (
    <ModalBackdrop className="dd-backdrop" onClose={onClose}>
      <div
        className="dd-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={request.title}
        data-row-set={request.rowSet}
      >
        {/* Not a <header>: outside a sectioning element that would be a second banner landmark. */}
        <div className="dd-header">
          <h2>{request.title}</h2>
          {rowSet ? <span className="dd-rows">Showing: {rowSet.label}</span> : null}
          <button type="button" className="dd-close" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        <div className="dd-body">
          {rowSet && only ? (
            <EntityTable entity={rowSet.entity} view={view} rows={only} desktop wall={false} />
          ) : (
            <PanelMessage tone="critical">No such set of rows: {request.rowSet}</PanelMessage>
          )}
        </div>
      </div>
    </ModalBackdrop>
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
    if (root === null) {
      const container = document.createElement('div')
      container.className = 'dd-root'
      document.body.appendChild(container)
      root = createRoot(container)
    }
    const close = (): void => root?.render(null)
    root.render(
      parsed.success ? (
        <DrillDownDialog key={Date.now()} request={parsed.data} onClose={close} />
      ) : (
        <InvalidRequestDialog
          key={Date.now()}
          error={parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
          onClose={close}
        />
      ),
    )
  })
}
