import type { ReactElement } from 'react'
import type { PanelProps } from '../../board/panelTypes.ts'
import { selectUnhealthyDevices } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { StatusDot } from '../../ui/StatusDot.tsx'
import { DEVICE_STATUS_MARK } from '../../ui/tones.ts'
import { AgeText } from '../../ui/AgeText.tsx'

/** Rows kept on screen: a wall panel has room for about this many; the count says how many more. */
const MAX_ROWS = 40

/** Network devices that are down, unknown or degraded, worst and longest first. */
export function DeviceIssuesPanel(_props: PanelProps): ReactElement {
  const devices = useWatchfloor(selectUnhealthyDevices)
  if (devices.length === 0) return <PanelMessage>Every network device is up.</PanelMessage>
  const shown = devices.slice(0, MAX_ROWS)
  return (
    <div className="list-panel">
      <table className="list-table">
        <thead>
          <tr>
            <th>Status</th>
            <th>Device</th>
            <th>Kind</th>
            <th>Serves</th>
            <th>For</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.id} data-status={d.status}>
              <td>
                <StatusDot mark={DEVICE_STATUS_MARK[d.status]} label={d.status} /> {d.status.toUpperCase()}
              </td>
              <td>{d.name}</td>
              <td>{d.kind.replace('-', ' ')}</td>
              <td>{d.servesUnitIds.length} units</td>
              <td>
                <AgeText since={d.statusSince} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {devices.length > shown.length ? (
        <div className="list-more">and {devices.length - shown.length} more</div>
      ) : null}
    </div>
  )
}
