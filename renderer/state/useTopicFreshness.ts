import type { Topic } from '../../shared/contracts/entities.ts'
import type { TopicState } from '../../shared/contracts/hub.ts'
import { DEFAULT_STALE_AFTER_MS, type Freshness } from '../../shared/domain/freshness.ts'
import { useNow } from '../ui/useNow.ts'
import { topicFreshness } from './selectors.ts'
import { useWatchfloor } from './watchfloorStore.ts'

export type TopicFreshnessView = {
  readonly topic: Topic
  readonly freshness: Freshness
  /** Age of the topic's data (since last confirmed live); null when never confirmed. */
  readonly ageMs: number | null
  /** The restore behind a `restored` freshness. */
  readonly restored: TopicState['restored']
}

/** A topic's freshness and age, re-evaluated every second even when no data arrives. */
export function useTopicFreshness(topic: Topic): TopicFreshnessView {
  const now = useNow(1000)
  const state = useWatchfloor((s) => s.topics[topic])
  const connection = useWatchfloor((s) => s.connection)
  const replaying = useWatchfloor((s) => s.replay !== null)
  return {
    topic,
    freshness: topicFreshness(state, connection, now, DEFAULT_STALE_AFTER_MS[topic], replaying),
    ageMs: state.confirmedAt === null ? null : Math.max(0, now - state.confirmedAt),
    restored: state.restored,
  }
}

/** The freshness of several topics with one clock and one subscription (stable topic order). */
export function useTopicsFreshness(topics: readonly Topic[]): TopicFreshnessView[] {
  const now = useNow(1000)
  const states = useWatchfloor((s) => s.topics)
  const connection = useWatchfloor((s) => s.connection)
  const replaying = useWatchfloor((s) => s.replay !== null)
  return topics.map((topic) => {
    const state = states[topic]
    return {
      topic,
      freshness: topicFreshness(state, connection, now, DEFAULT_STALE_AFTER_MS[topic], replaying),
      ageMs: state.confirmedAt === null ? null : Math.max(0, now - state.confirmedAt),
      restored: state.restored,
    }
  })
}
