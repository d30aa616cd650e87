import type { ReactElement } from 'react'
import type { ReplayStatus } from '../../../shared/contracts/replay.ts'
import { ALARM_PRIORITY_MARK } from '../../ui/tones.ts'
import { formatReplayClock, stripFraction } from './replayTime.ts'

/**
 * The timeline strip: the replay's range, a mark per alarm raised (its priority's glyph) and per
 * acknowledgement (✓, who), the replayed moment as a line. A click on the strip moves there; each
 * mark is a button too (keyboard), titled with what happened and who.
 */
export function ReplayStrip({
  replay,
  onSeek,
}: {
  readonly replay: ReplayStatus
  readonly onSeek: (at: number) => void
}): ReactElement {
  const { rangeFrom, rangeTo } = replay
  const left = (at: number): string => `${(stripFraction(at, rangeFrom, rangeTo) * 100).toFixed(2)}%`
  return (
    <div className="replay-strip" data-testid="replay-strip" data-markers={replay.markers.length}>
      <span className="replay-strip-end">{formatReplayClock(rangeFrom)}</span>
      {/* A pointer shortcut: from the keyboard, the time picker and the marks' buttons do the same. */}
      {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- see above */}
      <div
        className="replay-strip-track"
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect()
          onSeek(Math.round(rangeFrom + ((e.clientX - box.left) / box.width) * (rangeTo - rangeFrom)))
        }}
      >
        {replay.markers.map((marker) => (
          <button
            key={`${marker.kind}-${marker.fingerprint}-${marker.at}`}
            type="button"
            className={`replay-mark replay-mark-${marker.kind} prio-${marker.priority}`}
            style={{ left: left(marker.at) }}
            data-kind={marker.kind}
            data-at={marker.at}
            title={`${formatReplayClock(marker.at)} ${marker.kind === 'raised' ? 'raised' : `acknowledged by ${marker.by ?? 'someone'}`}: ${marker.title}`}
            aria-label={`${formatReplayClock(marker.at)} ${marker.kind}: ${marker.title}`}
            onClick={(e) => {
              e.stopPropagation()
              onSeek(marker.at)
            }}
          >
            {marker.kind === 'raised' ? ALARM_PRIORITY_MARK[marker.priority].glyph : '✓'}
          </button>
        ))}
        <span className="replay-cursor" style={{ left: left(replay.at) }} aria-hidden="true" />
      </div>
      <span className="replay-strip-end">{formatReplayClock(rangeTo)}</span>
    </div>
  )
}
