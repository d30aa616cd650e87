/**
 * What makes a replaying window unmistakable from across the room: a band in replay's violet
 * (used for nothing else) reading `REPLAY hh:mm:ss`, and the same violet framing the whole window
 * (ReplayFrame). The controls sit in the band: the time picker, the timeline strip marked with the
 * alarms raised and acknowledged, pause, 1× / 10× / 60×, next alarm, and Live in one action.
 *
 * While a board replays, the banner above stays live; a live high alarm unacknowledged puts a
 * "Back to live" call in the band itself, so the past never hides the present.
 */
import { useCallback, useState, useSyncExternalStore, type ReactElement } from 'react'
import { REPLAY_SPEEDS, type ReplayCommand, type ReplaySpeed } from '../../../shared/contracts/replay.ts'
import { runDetached } from '../../../shared/util/runDetached.ts'
import type { Host } from '../../host/Host.ts'
import { selectLiveAlarms, selectReplay, selectTheme } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'
import { sharedClock } from '../../ui/sharedClock.ts'
import { formatReplayClock, formatReplayDay, fromDateTimeLocal, toDateTimeLocal } from './replayTime.ts'
import { ReplayStrip } from './ReplayStrip.tsx'
import './replay.css'

/** Sends a command; a refusal is shown in the band (never thrown). */
function useReplayCommand(host: Host): { send: (command: ReplayCommand) => void; error: string | null } {
  const [error, setError] = useState<string | null>(null)
  const send = useCallback(
    (command: ReplayCommand) => {
      runDetached(
        host.replay(command).then((result) => setError(result.ok ? null : result.error)),
        logDetachedFailure('replay command'),
      )
    },
    [host],
  )
  return { send, error }
}

/** The way into replay: a button that opens the band at an hour ago (desktop bar, wall corner). */
export function ReplayLauncher({ host }: { readonly host: Host }): ReactElement | null {
  const replay = useWatchfloor(selectReplay)
  const { send } = useReplayCommand(host)
  if (replay !== null) return null
  return (
    <button
      type="button"
      className="replay-launch"
      data-testid="replay-launch"
      onClick={() =>
        send({ type: 'seek', at: Date.now() - 3_600_000, rangeFrom: Date.now() - 6 * 3_600_000 })
      }
    >
      ◷ Replay…
    </button>
  )
}

/**
 * The replayed day when it is not today: a leaf on the shared clock, re-rendered only when its
 * words change (at midnight), so the band does no work each second — and nothing ticks while live.
 */
function ReplayDay({ at }: { readonly at: number }): ReactElement | null {
  const day = useSyncExternalStore(sharedClock.subscribe, () => formatReplayDay(at, sharedClock.now()))
  return day === null ? null : <span className="replay-day">{day}</span>
}

/** The band; nothing when the window is live. */
export function ReplayBand({ host }: { readonly host: Host }): ReactElement | null {
  const replay = useWatchfloor(selectReplay)
  const liveAlarms = useWatchfloor(selectLiveAlarms)
  const theme = useWatchfloor(selectTheme)
  const { send, error } = useReplayCommand(host)
  const [picked, setPicked] = useState<string | null>(null)
  if (replay === null) return null
  const liveHigh = liveAlarms.find((a) => a.priority === 'high' && a.state === 'unacknowledged')
  const shownError = replay.error ?? error
  const speedWord = replay.playing ? `▶ ${replay.speed}×` : replay.caughtUp ? 'CAUGHT UP' : '❚❚ PAUSED'
  const go = (): void => {
    const at = fromDateTimeLocal(picked ?? toDateTimeLocal(replay.at))
    if (at !== null) send({ type: 'seek', at })
    // The picker shows the replayed moment again (it follows playback and Next alarm).
    setPicked(null)
  }
  return (
    <section
      className={`replay-band replay-band-${theme}`}
      aria-label="Replay"
      data-testid="replay-band"
      data-replay-at={replay.at}
      data-loading={replay.loading ? 'true' : 'false'}
      data-playing={replay.playing ? 'true' : 'false'}
      data-speed={replay.speed}
    >
      <div className="replay-head">
        <span className="replay-word" role="status" data-testid="replay-clock">
          REPLAY {formatReplayClock(replay.at)}
        </span>
        <ReplayDay at={replay.at} />
        <span className="replay-state">{replay.loading ? 'REBUILDING…' : speedWord}</span>
        {liveHigh === undefined ? null : (
          <button
            type="button"
            className="replay-live-alarm"
            data-testid="replay-live-alarm"
            onClick={() => send({ type: 'live' })}
          >
            LIVE HIGH ALARM: {liveHigh.title} — back to live
          </button>
        )}
        <button
          type="button"
          className="replay-live"
          data-testid="replay-live"
          onClick={() => send({ type: 'live' })}
        >
          ● Live
        </button>
      </div>
      <div className="replay-controls">
        <label className="replay-pick">
          <span>Moment</span>
          <input
            type="datetime-local"
            step={1}
            data-testid="replay-time"
            value={picked ?? toDateTimeLocal(replay.at)}
            onChange={(e) => setPicked(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') go()
            }}
          />
        </label>
        <button type="button" data-testid="replay-go" onClick={go}>
          Go
        </button>
        <button
          type="button"
          data-testid="replay-pause"
          aria-pressed={!replay.playing}
          onClick={() => send({ type: 'pause' })}
        >
          ❚❚ Pause
        </button>
        {REPLAY_SPEEDS.map((speed: ReplaySpeed) => (
          <button
            key={speed}
            type="button"
            data-testid={`replay-play-${speed}`}
            aria-pressed={replay.playing && replay.speed === speed}
            onClick={() => send({ type: 'play', speed })}
          >
            ▶ {speed}×
          </button>
        ))}
        <button type="button" data-testid="replay-next-alarm" onClick={() => send({ type: 'next-alarm' })}>
          ⏭ Next alarm
        </button>
      </div>
      <ReplayStrip replay={replay} onSeek={(at) => send({ type: 'seek', at })} />
      {shownError === null ? null : (
        <p className="replay-error" role="alert" data-testid="replay-error">
          {shownError}
        </p>
      )}
    </section>
  )
}
