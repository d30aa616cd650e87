import { useSyncExternalStore, type ReactElement } from 'react'
import { TOPICS } from '../../../shared/contracts/entities.ts'
import type { TrustReplicaState } from '../../../shared/contracts/hub.ts'
import { DEFAULT_STALE_AFTER_MS, type Freshness } from '../../../shared/domain/freshness.ts'
import { topicFreshness } from '../../state/selectors.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { formatAge } from '../../ui/formatAge.ts'
import { FRESHNESS_MARK, FRESHNESS_WORD } from '../../ui/tones.ts'
import { sharedClock } from '../../ui/sharedClock.ts'
import './trustCells.css'

/** A trust is as fresh as its least fresh feed: STALE before no data before restored before live. */
const RANK: Readonly<Record<Freshness, number>> = { stale: 3, unknown: 2, restored: 1, replay: 0, live: 0 }

/** A trust's freshness over its feeds, and the oldest age among the feeds at that freshness. */
export function trustFreshness(
  trust: TrustReplicaState,
  now: number,
): { readonly freshness: Freshness; readonly ageMs: number | null } {
  let worst: Freshness = 'live'
  let ageMs: number | null = null
  for (const topic of TOPICS) {
    const state = trust.topics[topic]
    const freshness = topicFreshness(state, trust.connection, now, DEFAULT_STALE_AFTER_MS[topic])
    const age = state.confirmedAt === null ? null : Math.max(0, now - state.confirmedAt)
    if (RANK[freshness] > RANK[worst]) {
      worst = freshness
      ageMs = age
    } else if (freshness === worst && age !== null) ageMs = Math.max(ageMs ?? 0, age)
  }
  return { freshness: worst, ageMs }
}

/** A trust's cell: its word and, when not live, the age — re-rendered only when those change. */
function TrustCell({ trust }: { readonly trust: TrustReplicaState }): ReactElement {
  // On the shared clock: the freshness is re-read each second (a feed turning STALE with nothing
  // arriving), but the cell renders only when its word or its age's text changes.
  const shown = useSyncExternalStore(sharedClock.subscribe, () => {
    const { freshness, ageMs } = trustFreshness(trust, sharedClock.now())
    return `${freshness}|${freshness !== 'live' && ageMs !== null ? ` ${formatAge(ageMs)}` : ''}`
  })
  const bar = shown.indexOf('|')
  const freshness = shown.slice(0, bar) as Freshness
  const age = shown.slice(bar + 1)
  const mark = FRESHNESS_MARK[freshness]
  const detail = trust.connection.status === 'connected' ? null : trust.connection.detail
  return (
    <span
      className={`strip-trust-cell stale-badge freshness-${freshness} tone-${mark.tone}`}
      data-trust={trust.key}
      data-freshness={freshness}
      data-connection={trust.connection.status}
      title={[trust.name, trust.gatewayUrl, detail].filter(Boolean).join(' — ')}
    >
      <span aria-hidden="true">{mark.glyph} </span>
      {trust.key.toUpperCase()} {FRESHNESS_WORD[freshness]}
      {age}
    </span>
  )
}

/**
 * A collaborative's status strip: one cell per trust, its own gateway's connection and the
 * freshness of its feeds, so one trust STALE is seen as that trust, never as the whole wall.
 * Nothing for a single gateway (and no clock running for it).
 */
export function TrustCells(): ReactElement | null {
  const trusts = useWatchfloor((s) => s.trusts)
  if (trusts.length === 0) return null
  return (
    <span className="strip-trusts" data-testid="strip-trusts">
      {trusts.map((trust) => (
        <TrustCell key={trust.key} trust={trust} />
      ))}
    </span>
  )
}
