/**
 * The collaborative board's place for the waiting lists (issue 16's PTL half): the `waiting-lists`
 * panel kind is registered here until the waiting-list feature registers its own panel under the
 * same kind (one line in renderer/app/panelRegistry.ts), so the board keeps its layout either way.
 */
import type { ReactElement } from 'react'
import type { PanelProps } from '../../board/panelTypes.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'

export function WaitingListsSlot(_props: PanelProps): ReactElement {
  return <PanelMessage>Waiting lists across the trusts: no waiting-list feed in this version.</PanelMessage>
}
