import type { ReactElement } from 'react'
import type { PanelProps } from '../../board/panelTypes.ts'
import { selectSources } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { StatusDot } from '../../ui/StatusDot.tsx'
import { AgeText } from '../../ui/AgeText.tsx'
import { SOURCE_STATUS_MARK } from '../../ui/tones.ts'

/** Health of every source adapter as the gateway reports it: status, rate, rejects, last message. */
export function FeedHealthPanel(_props: PanelProps): ReactElement {
  const sources = useWatchfloor(selectSources)
  if (sources.length === 0) return <PanelMessage>No source health received yet.</PanelMessage>
  return (
    <div className="list-panel">
      <table className="list-table">
        <thead>
          <tr>
            <th>Source</th>
            <th>Status</th>
            <th className="num">Rate/s</th>
            <th className="num" title="Messages rejected since the gateway started">
              Rej.
            </th>
            <th>Last</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} data-source={s.id} title={s.detail ?? undefined}>
              <td title={s.topics.join(', ')}>{s.id}</td>
              <td>
                <StatusDot mark={SOURCE_STATUS_MARK[s.status]} label={s.status} /> {s.status.toUpperCase()}
              </td>
              <td className="num">{s.ratePerSec.toFixed(1)}</td>
              <td className="num">{s.rejectedCount}</td>
              <td>
                {s.lastMessageAt === null ? (
                  '—'
                ) : (
                  <>
                    <AgeText since={s.lastMessageAt} /> ago
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
