import type { CSSProperties, ReactElement } from 'react'
import { z } from 'zod'
import {
  ASSET_STATES,
  BED_STATUSES,
  CYBER_SEVERITIES,
  DEVICE_STATUSES,
  REALTIME_TOPICS,
  type RealtimeTopic,
} from '../../../shared/contracts/entities.ts'
import { BED_STATUS_LABEL } from '../../../shared/domain/bedStatus.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'
import type { PanelConfig } from '../../board/boardSchema.ts'
import type { PanelProps } from '../../board/panelTypes.ts'
import {
  selectAssetCountsByState,
  selectBedCountsByStatus,
  selectDeviceCountsByStatus,
  selectOpenCyberCountsBySeverity,
} from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { Tile } from '../../ui/Tile.tsx'
import {
  ASSET_STATE_MARK,
  BED_STATUS_MARK,
  DEVICE_STATUS_MARK,
  SEVERITY_MARK,
  type ToneMark,
} from '../../ui/tones.ts'

// Waiting lists have panels of their own (features/waiting): a count by status says nothing of them.
const settingsSchema = z.object({ topic: z.enum(REALTIME_TOPICS) })

/** The topic a counts panel shows, from its settings; null when the settings are wrong. */
export function topicCountsTopic(panel: PanelConfig): RealtimeTopic | null {
  const parsed = settingsSchema.safeParse(panel.settings)
  return parsed.success ? parsed.data.topic : null
}

type Count = { readonly key: string; readonly label: string; readonly value: number; readonly mark: ToneMark }

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace('-', ' ')
}

function BedCounts(): ReactElement {
  const counts = useWatchfloor(selectBedCountsByStatus)
  return (
    <CountGrid
      counts={BED_STATUSES.map((s) => ({
        key: s,
        label: BED_STATUS_LABEL[s],
        value: counts[s],
        mark: BED_STATUS_MARK[s],
      }))}
    />
  )
}

function AssetCounts(): ReactElement {
  const counts = useWatchfloor(selectAssetCountsByState)
  return (
    <CountGrid
      counts={ASSET_STATES.map((s) => ({
        key: s,
        label: capitalise(s),
        value: counts[s],
        mark: ASSET_STATE_MARK[s],
      }))}
    />
  )
}

function DeviceCounts(): ReactElement {
  const counts = useWatchfloor(selectDeviceCountsByStatus)
  return (
    <CountGrid
      counts={DEVICE_STATUSES.map((s) => ({
        key: s,
        label: capitalise(s),
        value: counts[s],
        mark: DEVICE_STATUS_MARK[s],
      }))}
    />
  )
}

function CyberCounts(): ReactElement {
  const counts = useWatchfloor(selectOpenCyberCountsBySeverity)
  return (
    <CountGrid
      counts={CYBER_SEVERITIES.map((s) => ({
        key: s,
        label: capitalise(s),
        value: counts[s],
        mark: SEVERITY_MARK[s],
      }))}
    />
  )
}

function CountGrid({ counts }: { readonly counts: readonly Count[] }): ReactElement {
  // Column counts for the stylesheet: one row when the panel is wide, two balanced rows otherwise.
  const columns = { '--n': counts.length, '--half': Math.ceil(counts.length / 2) } as CSSProperties
  return (
    <div className="count-grid" style={columns}>
      {counts.map((c) => (
        <div key={c.key} data-count={c.key}>
          <Tile label={c.label} value={c.value} mark={c.mark} />
        </div>
      ))}
    </div>
  )
}

/** Counts by status for one topic (`settings.topic`): beds, equipment, devices or open cyber alerts. */
export function TopicCountsPanel({ panel }: PanelProps): ReactElement {
  const topic = topicCountsTopic(panel)
  if (topic === null)
    return <PanelMessage tone="critical">This panel needs a topic in its settings.</PanelMessage>
  switch (topic) {
    case 'beds':
      return <BedCounts />
    case 'assets':
      return <AssetCounts />
    case 'network':
      return <DeviceCounts />
    case 'cyber':
      return <CyberCounts />
    default:
      return assertNever(topic, 'topic')
  }
}
