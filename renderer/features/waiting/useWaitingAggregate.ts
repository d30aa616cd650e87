import { useMemo } from 'react'
import type { CalendarDate, WaitingEntity } from '../../../shared/contracts/waiting.ts'
import { londonDateOf } from '../../../shared/domain/waiting/rttWaits.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { shortTrustName } from '../../ui/shortTrustName.ts'
import { useNow } from '../../ui/useNow.ts'
import { aggregateWaiting, type WaitingAggregate } from './aggregateWaiting.ts'

export type WaitingView = {
  readonly aggregate: WaitingAggregate
  readonly today: CalendarDate
  /** How many waiting entities there are at all (0: no extract received yet). */
  readonly size: number
  /** The waiting table itself (a new reference when it changes), for views of their own. */
  readonly table: ReadonlyMap<string, WaitingEntity>
  /** A trust's name as this wall shows it (its id when the gateway has not named it). */
  readonly trustLabel: (trustId: string) => string
}

/**
 * The aggregate of the waiting list, recomputed when the table changes (an extract arrived) or the
 * London date does (every wait is a week older on the day it completes one) — not per flush.
 */
export function useWaitingAggregate(): WaitingView {
  const table = useWatchfloor((s) => s.entities.waiting)
  const trust = useWatchfloor((s) => s.hello?.trust ?? null)
  const now = useNow(60_000)
  const today = londonDateOf(now)
  const aggregate = useMemo(() => aggregateWaiting(table.values(), today), [table, today])
  const trustLabel = useMemo(
    () =>
      (trustId: string): string =>
        trust !== null && trust.id === trustId ? shortTrustName(trust.name) : trustId,
    [trust],
  )
  return { aggregate, today, size: table.size, table, trustLabel }
}

/** Percent with no decimals, or a dash for no list. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10} %`
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB')
}
