import { useMemo, type ReactElement } from 'react'
import {
  drillDownRequestSchema,
  type DrillDownRequest,
} from '../../../shared/domain/kpis/drillDownRequest.ts'
import { rowSetById } from '../../../shared/domain/kpis/kpiRows.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
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

/**
 * Shows the drill-down the store asks for (`drillDown`, set by a KPI tile or census cell on a
 * desktop): a dialog holding the table behind the KPI. Mounted once by the app shell; closing it
 * clears the request.
 */
export function DrillDownHost(): ReactElement | null {
  const intent = useWatchfloor((s) => s.drillDown)
  const close = useWatchfloor((s) => s.closeDrillDown)
  // The request is parsed at the tables' edge: a sender's bug shows in the dialog, not as a blank.
  const parsed = useMemo(() => (intent ? drillDownRequestSchema.safeParse(intent.request) : null), [intent])
  if (!intent || !parsed) return null
  return parsed.success ? (
    <DrillDownDialog key={intent.seq} request={parsed.data} onClose={close} />
  ) : (
    <InvalidRequestDialog
      key={intent.seq}
      error={parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
      onClose={close}
    />
  )
}
