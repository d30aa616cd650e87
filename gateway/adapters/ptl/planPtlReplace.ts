/**
 * A new PTL extract replaces its source's list (docs/ptl.md, "What a new extract means"): the
 * operations that turn the pathways the gateway holds for the source into the extract's — new and
 * changed pathways upserted, pathways no longer on it removed (treated, or validated off the
 * list), unchanged ones left alone — plus the trust's summary for the day. An extract identical to
 * the last plans nothing, so a repeated upload writes nothing to the change log.
 */
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import type {
  CalendarDate,
  WaitingDay,
  WaitingEntity,
  WaitingPathway,
} from '../../../shared/contracts/waiting.ts'
import { addDays, summariseDay } from '../../../shared/domain/waiting/rttWaits.ts'
import type { StagedPathway } from './readPtlExtract.ts'

/** Daily summaries older than this are removed (trends show at most a year and a bit). */
export const DAY_SUMMARY_KEEP_DAYS = 400

export type PtlPlan = {
  readonly ops: readonly SourceOp[]
  readonly added: number
  readonly updated: number
  readonly removed: number
  readonly unchanged: number
  /** Whether the day's summary changed (a new day, or a changed list). */
  readonly summaryChanged: boolean
}

const samePathway = (a: StagedPathway, b: WaitingPathway): boolean =>
  a.trustId === b.trustId &&
  a.source === b.source &&
  a.treatmentFunction === b.treatmentFunction &&
  a.priority === b.priority &&
  a.clockStart === b.clockStart &&
  a.stage === b.stage &&
  a.tciDate === b.tciDate &&
  a.siteCode === b.siteCode

const sameSummary = (a: Omit<WaitingDay, 'updatedAt'>, b: WaitingDay): boolean =>
  JSON.stringify([a.bands, a.p2Overdue, a.byTreatmentFunction, a.trustId, a.source, a.date]) ===
  JSON.stringify([b.bands, b.p2Overdue, b.byTreatmentFunction, b.trustId, b.source, b.date])

export function dayEntityId(trustId: string, date: CalendarDate): string {
  return `day:${trustId}:${date}`
}

export function planPtlReplace(input: {
  readonly extract: ReadonlyMap<string, StagedPathway>
  /** What the gateway holds now, of every source (only this source's are replaced). */
  readonly current: Iterable<WaitingEntity>
  readonly source: string
  readonly trustId: string
  readonly today: CalendarDate
  readonly now: number
}): PtlPlan {
  const { extract, source, trustId, today, now } = input
  const ops: SourceOp[] = []
  const held = new Map<string, WaitingPathway>()
  let todaysSummary: WaitingDay | undefined
  const oldestKept = addDays(today, -DAY_SUMMARY_KEEP_DAYS)
  for (const entity of input.current) {
    if (entity.source !== source) continue
    if (entity.kind === 'pathway') held.set(entity.id, entity)
    else if (entity.date === today && entity.trustId === trustId) todaysSummary = entity
    else if (entity.date < oldestKept) ops.push({ topic: 'waiting', op: 'remove', id: entity.id })
  }
  let added = 0
  let updated = 0
  let unchanged = 0
  for (const [id, pathway] of extract) {
    const before = held.get(id)
    if (before !== undefined && samePathway(pathway, before)) {
      unchanged += 1
      continue
    }
    if (before === undefined) added += 1
    else updated += 1
    ops.push({ topic: 'waiting', op: 'upsert', entity: { ...pathway, updatedAt: now } })
  }
  let removed = 0
  for (const id of held.keys()) {
    if (extract.has(id)) continue
    removed += 1
    ops.push({ topic: 'waiting', op: 'remove', id })
  }
  const summary: Omit<WaitingDay, 'updatedAt'> = {
    kind: 'day',
    id: dayEntityId(trustId, today),
    trustId,
    source,
    date: today,
    ...summariseDay(extract.values(), today),
  }
  const summaryChanged = todaysSummary === undefined || !sameSummary(summary, todaysSummary)
  if (summaryChanged) ops.push({ topic: 'waiting', op: 'upsert', entity: { ...summary, updatedAt: now } })
  return { ops, added, updated, removed, unchanged, summaryChanged }
}
