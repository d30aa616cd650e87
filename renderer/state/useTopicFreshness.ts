import type { Topic } from '../../shared/contracts/entities.ts'
import type { ConnectionState, TopicState } from '../../shared/contracts/hub.ts'
import { DEFAULT_STALE_AFTER_MS, type Freshness } from '../../shared/domain/freshness.ts'
import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/shallow'
import { useWakeAt } from '../ui/useWakeAt.ts'
import { topicFreshness } from './selectors.ts'
import {
  useWatchfloor,
  watchfloorStore,
  type WatchfloorState,
  type WatchfloorStore,
} from './watchfloorStore.ts'

export type TopicFreshnessView = {
  readonly topic: Topic
  readonly freshness: Freshness
  /** When the topic's data was last confirmed live; null when never. Show its age with `AgeText`. */
  readonly confirmedAt: number | null
  /** The restore behind a `restored` freshness. */
  readonly restored: TopicState['restored']
}

/**
 * When a topic's freshness next changes with no message arriving: confirmed data turns stale once
 * its age passes the threshold; null when nothing is due on the clock alone (a message, a
 * reconnect or a restore changes the store, which re-renders the reader anyway).
 */
export function freshnessChangesAt(
  topic: Topic,
  state: TopicState,
  connection: ConnectionState,
  now: number,
): number | null {
  if (state.confirmedAt === null || connection.status !== 'connected') return null
  const at = state.confirmedAt + DEFAULT_STALE_AFTER_MS[topic]
  return at >= now ? at : null
}

function viewOf(
  topic: Topic,
  state: TopicState,
  connection: ConnectionState,
  now: number,
  replaying: boolean,
): TopicFreshnessView {
  return {
    topic,
    freshness: topicFreshness(state, connection, now, DEFAULT_STALE_AFTER_MS[topic], replaying),
    confirmedAt: state.confirmedAt,
    restored: state.restored,
  }
}

const RANK: Readonly<Record<Freshness, number>> = { stale: 0, replay: 1, restored: 1, unknown: 2, live: 3 }

/** Older first: never confirmed counts as the newest, as an age of 0 did. */
const older = (a: number | null, b: number | null): boolean => a !== null && (b === null || a < b)

/** The worst freshness among views (a panel's topics), with the oldest confirmation; null for none. */
export function worstFreshness(views: readonly TopicFreshnessView[]): TopicFreshnessView | null {
  let result: TopicFreshnessView | null = null
  for (const view of views) {
    if (
      !result ||
      RANK[view.freshness] < RANK[result.freshness] ||
      (view.freshness === result.freshness && older(view.confirmedAt, result.confirmedAt))
    ) {
      result = view
    }
  }
  return result
}

/** The views of `topics` in `state` at `now` (no subscription: for leaves and imperative readers). */
export function topicsViewsOf(
  topics: readonly Topic[],
  state: Pick<WatchfloorState, 'topics' | 'connection' | 'replay'>,
  now: number,
): TopicFreshnessView[] {
  const replaying = state.replay !== null
  return topics.map((topic) => viewOf(topic, state.topics[topic], state.connection, now, replaying))
}

/**
 * A topic's freshness: the component re-renders when the store changes the topic or the
 * connection, and at the moment its data turns STALE with nothing arriving — not every second.
 */
export function useTopicFreshness(topic: Topic): TopicFreshnessView {
  const state = useWatchfloor((s) => s.topics[topic])
  const connection = useWatchfloor((s) => s.connection)
  const replaying = useWatchfloor((s) => s.replay !== null)
  const now = Date.now()
  useWakeAt(freshnessChangesAt(topic, state, connection, now))
  return viewOf(topic, state, connection, now, replaying)
}

/**
 * The freshness of several topics with one subscription and one timer (stable topic order). It
 * re-renders when one of *these* topics changes (each topic's state is kept by reference while
 * unchanged), not when another feed's batch arrives: a waiting-list panel's badge does no work for
 * a beds batch.
 */
export function useTopicsFreshness(
  topics: readonly Topic[],
  store: WatchfloorStore = watchfloorStore,
): TopicFreshnessView[] {
  const states = useStore(
    store,
    useShallow((s) => topics.map((topic) => s.topics[topic])),
  )
  const connection = useStore(store, (s) => s.connection)
  const replaying = useStore(store, (s) => s.replay !== null)
  const now = Date.now()
  let next: number | null = null
  const views: TopicFreshnessView[] = []
  for (let i = 0; i < topics.length; i += 1) {
    const topic = topics[i]
    const state = states[i]
    if (topic === undefined || state === undefined) continue
    const at = freshnessChangesAt(topic, state, connection, now)
    if (at !== null && (next === null || at < next)) next = at
    views.push(viewOf(topic, state, connection, now, replaying))
  }
  useWakeAt(next)
  return views
}

function wordsOf(
  topics: readonly Topic[],
  state: Pick<WatchfloorState, 'topics' | 'connection' | 'replay'>,
  now: number,
): string {
  const replaying = state.replay !== null
  return topics
    .map((topic) =>
      topicFreshness(state.topics[topic], state.connection, now, DEFAULT_STALE_AFTER_MS[topic], replaying),
    )
    .join(',')
}

/**
 * Only the freshness words of `topics` (e.g. `live,live,stale,live`), for views that draw
 * differently when a feed is not live but show no age (the map's grey wash, a panel's STALE veil,
 * the overview's "not live"): the component re-renders when a word changes — at a threshold, a
 * reconnect, a restore — not on every batch that moves `confirmedAt`. Its one timer is armed for
 * the next threshold and, when it fires with the data confirmed since, re-armed without a render.
 */
export function useFreshnessWords(
  topics: readonly Topic[],
  store: WatchfloorStore = watchfloorStore,
): string {
  const key = topics.join(',')
  const words = useStore(store, (s) => wordsOf(topics, s, Date.now()))
  const [, setWoken] = useState(0)
  useEffect(() => {
    const watched = (key === '' ? [] : key.split(',')) as Topic[]
    let timer: ReturnType<typeof setTimeout> | null = null
    const arm = (): void => {
      const state = store.getState()
      const now = Date.now()
      if (wordsOf(watched, state, now) !== words) {
        setWoken((n) => n + 1)
        return
      }
      let next: number | null = null
      for (const topic of watched) {
        const at = freshnessChangesAt(topic, state.topics[topic], state.connection, now)
        if (at !== null && (next === null || at < next)) next = at
      }
      if (next !== null) timer = setTimeout(arm, next - now + 1)
    }
    arm()
    return () => {
      if (timer !== null) clearTimeout(timer)
    }
  }, [key, words, store])
  return words
}

/**
 * The restore times of `topics` as one key (empty entries for topics not restored): a view that
 * prints "RESTORED hh:mm" re-renders when a restore starts, ends or moves, and on nothing else.
 */
export function useRestoredAsOf(topics: readonly Topic[], store: WatchfloorStore = watchfloorStore): string {
  return useStore(store, (s) => topics.map((topic) => s.topics[topic].restored?.asOf ?? '').join(','))
}
