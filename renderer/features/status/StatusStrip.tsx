import { useLayoutEffect, useRef, type ReactElement } from 'react'
import type { TopicState } from '../../../shared/contracts/hub.ts'
import type { Freshness } from '../../../shared/domain/freshness.ts'
import { REALTIME_TOPICS, type Topic } from '../../../shared/contracts/entities.ts'
import { linkSecurityOf } from '../../../shared/domain/linkSecurity.ts'
import { selectAlarmSummary, selectConnection, selectHello } from '../../state/selectors.ts'
import { TopicsAge, useConfirmedTitle } from '../../state/TopicsAge.tsx'
import { useFreshnessWords } from '../../state/useTopicFreshness.ts'
import { useWatchfloor, watchfloorStore, type WatchfloorState } from '../../state/watchfloorStore.ts'
import { StaleBadge } from '../../ui/StaleBadge.tsx'
import { AgeText } from '../../ui/AgeText.tsx'
import { shortTrustName } from '../../ui/shortTrustName.ts'
import { ALARM_PRIORITY_MARK } from '../../ui/tones.ts'
import { useClock } from '../../ui/sharedClock.ts'
import { TrustCells } from './TrustCells.tsx'

const TOPIC_LABEL: Readonly<Record<Topic, string>> = {
  beds: 'Beds',
  assets: 'Equipment',
  network: 'Network',
  cyber: 'Cyber',
  waiting: 'Waiting list',
}

const CONNECTION_WORD = {
  connecting: 'CONNECTING',
  connected: 'CONNECTED',
  disconnected: 'DISCONNECTED',
} as const
const CONNECTION_GLYPH = { connecting: '◌', connected: '●', disconnected: '✕' } as const
const CONNECTION_TONE = { connecting: 'warn', connected: 'ok', disconnected: 'critical' } as const

/**
 * One feed's badge: its word (LIVE, STALE, …) and age. It re-renders when the word changes; per
 * batch only the age's text (a `TopicsAge` leaf, when its words change) and the attributes below
 * move, written outside React by store subscriptions: `data-seq` and `data-resyncs` (operators'
 * tools and e2e tests see a resync happen) and the title ("confirmed at hh:mm:ss", `useConfirmedTitle`). No stylesheet
 * selects on them, so the browser restyles nothing for them.
 */
function TopicBadge({ topic }: { readonly topic: Topic }): ReactElement {
  const freshness = useFreshnessWords([topic]) as Freshness
  const restored = useWatchfloor((s) => s.topics[topic].restored)
  const confirmed = useWatchfloor((s) => s.topics[topic].confirmedAt !== null)
  const ref = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null) return
    let written: TopicState | null = null
    const write = (state: WatchfloorState): void => {
      const topicState = state.topics[topic]
      if (topicState === written) return
      written = topicState
      element.setAttribute('data-seq', String(topicState.seq))
      element.setAttribute('data-resyncs', String(topicState.resyncs))
    }
    write(watchfloorStore.getState())
    return watchfloorStore.subscribe(write)
  }, [topic])
  const badge = useRef<HTMLSpanElement>(null)
  useConfirmedTitle(badge, [topic], TOPIC_LABEL[topic], freshness)
  return (
    <span data-topic={topic} ref={ref}>
      <StaleBadge
        freshness={freshness}
        // Only whether there is an age to show: the age itself is the leaf's, the title written above.
        confirmedAt={confirmed ? 0 : null}
        age={<TopicsAge topics={[topic]} />}
        title={null}
        badgeRef={badge}
        label={TOPIC_LABEL[topic]}
        restored={restored}
        detailed
      />
    </span>
  )
}

function Clock(): ReactElement {
  // A leaf on the shared clock: only this re-renders each second.
  const now = useClock(1000)
  const time = new Date(now).toLocaleTimeString('en-GB', { hour12: false })
  const day = new Date(now).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })
  return (
    <span className="strip-clock" aria-label="time">
      <span className="strip-time">{time}</span> <span className="strip-day">{day}</span>
    </span>
  )
}

function Connection(): ReactElement {
  const connection = useWatchfloor(selectConnection)
  const tone = CONNECTION_TONE[connection.status]
  const title = connection.detail ?? connection.gatewayUrl
  return (
    <>
      <span className={`strip-connection tone-${tone}`} data-connection={connection.status} title={title}>
        <span aria-hidden="true">{CONNECTION_GLYPH[connection.status]}</span>{' '}
        {CONNECTION_WORD[connection.status]}
        {connection.status === 'connected' ? null : (
          <span className="strip-connection-age">
            {' '}
            <AgeText since={connection.since} />
          </span>
        )}
      </span>
      {/* Why, in words an operator can act on (e.g. a refused token), while not connected. */}
      {connection.status !== 'connected' && connection.detail ? (
        <span className="strip-connection-detail">{connection.detail}</span>
      ) : null}
    </>
  )
}

/**
 * INSECURE LINK while the gateway is reached over http/ws on the network: the token and the feed
 * cross it in clear. Shown whatever the connection state (every attempt sends the token).
 */
function InsecureLink(): ReactElement | null {
  const gatewayUrl = useWatchfloor((s) => selectConnection(s).gatewayUrl)
  if (linkSecurityOf(gatewayUrl) !== 'insecure') return null
  return (
    <span
      className="strip-insecure tone-critical"
      data-testid="insecure-link"
      role="status"
      title={`${gatewayUrl} is reached without TLS: the access token and the feed cross the network unencrypted. Ask IT to enable TLS on the gateway (server.tls).`}
    >
      <span aria-hidden="true">⚠</span> INSECURE LINK
    </span>
  )
}

function AlarmCount(): ReactElement {
  const summary = useWatchfloor(selectAlarmSummary)
  const connected = useWatchfloor(selectConnection).status === 'connected'
  const mark = summary.highest ? ALARM_PRIORITY_MARK[summary.highest] : null
  return (
    <span
      className={`strip-alarms${mark ? ` tone-${mark.tone}` : ''}`}
      data-alarms={summary.active}
      title={`${summary.unacknowledged} unacknowledged`}
    >
      {mark ? <span aria-hidden="true">{mark.glyph} </span> : null}
      {summary.active === 0
        ? connected
          ? 'No alarms'
          : 'Alarms unknown'
        : `${summary.active} alarm${summary.active === 1 ? '' : 's'}`}
      {summary.unacknowledged > 0 ? ` · ${summary.unacknowledged} unack` : ''}
    </span>
  )
}

/**
 * The strip on every board: trust and site, clock, connection, each feed's age (STALE past its
 * threshold) and the active alarm count. An operator must never mistake stale data for live.
 */
export function StatusStrip({
  boardLabel,
}: {
  /** On a wall (no tabs) the strip names the board on screen, e.g. "Capacity 1/3". */
  readonly boardLabel?: string
}): ReactElement {
  const hello = useWatchfloor(selectHello)
  const connection = useWatchfloor(selectConnection)
  const sites = hello?.sites.map((s) => s.shortName).join(' · ') ?? ''
  // The waiting list has a cell where a source delivers one (a PTL source, the demo): a trust
  // without one is not shown a feed it never had as UNKNOWN.
  const hasWaiting = useWatchfloor(
    (s) => s.sources.some((source) => source.topics.includes('waiting')) || s.entities.waiting.size > 0,
  )
  const topics: readonly Topic[] = hasWaiting ? [...REALTIME_TOPICS, 'waiting'] : REALTIME_TOPICS
  return (
    <header
      className={`status-strip status-${connection.status}`}
      data-testid="status-strip"
      data-connection-status={connection.status}
    >
      <span className="strip-trust" title={[hello?.trust.name, sites].filter(Boolean).join(' — ')}>
        {/* Abbreviated by rule, never cut: on a wall it wraps rather than end in "…". */}
        <span className="strip-trust-name">{hello ? shortTrustName(hello.trust.name) : 'Watchfloor'}</span>
        {sites ? <span className="strip-sites">{sites}</span> : null}
      </span>
      {boardLabel ? <span className="strip-board">{boardLabel}</span> : null}
      <Connection />
      <InsecureLink />
      <TrustCells />
      <span className="strip-feeds">
        {topics.map((topic) => (
          <TopicBadge key={topic} topic={topic} />
        ))}
      </span>
      <AlarmCount />
      <Clock />
    </header>
  )
}
