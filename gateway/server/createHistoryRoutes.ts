/**
 * The past, readable over HTTP (docs/feed-protocol.md#history), from the change log:
 * - `GET /v1/history/state?topic=beds&at=T` — the topic's state as it was at T;
 * - `GET /v1/history/changes?topic=beds&from=T1&to=T2[&limit=N]` — the batches committed in (T1, T2];
 * - `GET /v1/history/alarm-actions?from=T1&to=T2` — acknowledgements and shelves in (T1, T2];
 * - `GET /v1/history/sitrep?day=YYYY-MM-DD` — the day's 08:00 SitRep bed snapshot (gateway/reports/);
 * - `GET /v1/history/notifications?from=T1&to=T2` — outbound notification sends and failures;
 * - `GET /v1/history/kpi-series?kpi=ID` — a KPI's last 6 h from the log (sparklines).
 * Times are epoch milliseconds or ISO 8601. A role sees the past as it sees the present: the same
 * redaction as the live feed (cyber hosts and device addresses only for `it` and `admin`).
 */
import { TOPICS, type AnyEntity, type Topic } from '../../shared/contracts/entities.ts'
import type { Role } from '../../shared/contracts/feed.ts'
import { isStaffBadge, seesNetworkDetail, seesStaffLocation, type Redactor } from '../fanout/siteFilter.ts'
import type { Committer } from '../ingest/createCommitter.ts'
import type { ChangeLog, LoggedBatch } from '../store/changeLog.ts'
import type { EntityStore } from '../store/entityStore.ts'
import { parseInstant, type HistoryAnswer } from '../reports/historyAnswer.ts'

export type { HistoryAnswer }
export type HistoryRoutes = (
  pathname: string,
  query: URLSearchParams,
  role: Role,
) => Promise<HistoryAnswer | null>

/** A history route served by its own module (the SitRep, notifications). */
export type HistoryExtraRoute = (query: URLSearchParams, role: Role) => Promise<HistoryAnswer>

/** The most batches one `changes` request returns; the answer says when it was cut. */
const MAX_CHANGES = 5_000

export { parseInstant }

const topicOf = (raw: string | null): Topic | null => TOPICS.find((topic) => topic === raw) ?? null

export function createHistoryRoutes(deps: {
  readonly changeLog: Pick<ChangeLog, 'stateAt' | 'changesBetween' | 'alarmActionsBetween'>
  readonly store: Pick<EntityStore, 'seq'>
  readonly committer: Pick<Committer, 'committedValues'>
  readonly now: () => number
  /** The live feed's redaction, so the past is shown to a role as the present is. */
  readonly redact: Redactor
  /** Roles that receive staff badges (`privacy.staffLocationRoles`): the past never shows others. */
  readonly staffLocationRoles: readonly Role[]
  /** The 08:00 SitRep snapshots; absent, the route answers 404. */
  readonly sitrep?: HistoryExtraRoute
  /** Notification outcomes; absent (the log keeps no events), the route answers 501. */
  readonly notifications?: HistoryExtraRoute
  /** A KPI's recent trend from the log (gateway/reports/createKpiSeries.ts). */
  readonly kpiSeries?: HistoryExtraRoute
}): HistoryRoutes {
  const { redact } = deps
  const shown = (topic: Topic, role: Role, entities: readonly AnyEntity[]): AnyEntity[] => {
    const people = seesStaffLocation(role, deps.staffLocationRoles)
    const kept = people ? entities : entities.filter((entity) => !isStaffBadge(topic, entity))
    return seesNetworkDetail(role) ? [...kept] : kept.map((entity) => redact(topic, entity))
  }
  const shownBatch = (batch: LoggedBatch, role: Role): LoggedBatch => ({
    ...batch,
    upserts: shown(batch.topic, role, batch.upserts),
  })
  const bad = (error: string): HistoryAnswer => ({ status: 400, body: { error } })

  return async (pathname, query, role) => {
    if (!pathname.startsWith('/v1/history/')) return null
    const route = pathname.slice('/v1/history/'.length)
    if (route === 'alarm-actions') {
      const from = parseInstant(query.get('from'))
      const to = parseInstant(query.get('to')) ?? deps.now()
      if (from === null) return bad('from: expected epoch milliseconds or an ISO 8601 time')
      if (to < from) return bad('to is before from')
      const records = await deps.changeLog.alarmActionsBetween(from, to, MAX_CHANGES)
      return { status: 200, body: { from, to, records, truncated: records.length === MAX_CHANGES } }
    }
    if (route === 'sitrep' || route === 'notifications' || route === 'kpi-series') {
      const extra =
        route === 'sitrep' ? deps.sitrep : route === 'notifications' ? deps.notifications : deps.kpiSeries
      if (extra === undefined)
        return { status: 501, body: { error: `this gateway's change log keeps no ${route} records` } }
      return extra(query, role)
    }
    const topic = topicOf(query.get('topic'))
    if (topic === null) return bad(`topic: expected one of ${TOPICS.join(', ')}`)
    if (route === 'state') {
      const at = parseInstant(query.get('at'))
      if (at === null) return bad('at: expected epoch milliseconds or an ISO 8601 time')
      if (at >= deps.now()) {
        // Now or later: the committed present.
        const entities = [...deps.committer.committedValues(topic)]
        return {
          status: 200,
          body: {
            topic,
            at,
            seq: deps.store.seq(topic),
            asOf: deps.now(),
            entities: shown(topic, role, entities),
          },
        }
      }
      const state = await deps.changeLog.stateAt(topic, at)
      if (state === null) {
        return {
          status: 404,
          body: { error: `the change log no longer reaches back to ${new Date(at).toISOString()}` },
        }
      }
      return {
        status: 200,
        body: { topic, at, seq: state.seq, asOf: state.at, entities: shown(topic, role, state.entities) },
      }
    }
    if (route === 'changes') {
      const from = parseInstant(query.get('from'))
      const to = parseInstant(query.get('to')) ?? deps.now()
      if (from === null) return bad('from: expected epoch milliseconds or an ISO 8601 time')
      if (to < from) return bad('to is before from')
      const rawLimit = query.get('limit')
      const limit = rawLimit === null ? MAX_CHANGES : Number(rawLimit)
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES)
        return bad(`limit: expected a whole number from 1 to ${MAX_CHANGES}`)
      const batches = await deps.changeLog.changesBetween(topic, from, to, limit)
      return {
        status: 200,
        body: {
          topic,
          from,
          to,
          batches: batches.map((batch) => shownBatch(batch, role)),
          truncated: batches.length === limit,
        },
      }
    }
    return {
      status: 404,
      body: {
        error: 'no such history route (state, changes, alarm-actions, sitrep, notifications, kpi-series)',
      },
    }
  }
}
