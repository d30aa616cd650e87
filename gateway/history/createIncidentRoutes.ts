/**
 * The incident record over HTTP (docs/replay.md, docs/feed-protocol.md#incidents):
 * - `GET /v1/incidents` — every incident the log still holds, newest first;
 * - `POST /v1/incidents` — mark one (no `id`) or change one (its `id`): start, end, title, note.
 *   Any role but `viewer` may; the gateway records who (the token's name) and when;
 * - `GET /v1/history/timeline?from=T1&to=T2` — alarms raised and cleared, acknowledgements and
 *   shelves, source health and incidents in [T1, T2]: replay's timeline strip and the report's base.
 *
 * An incident is an event in the change log (kind `incident`, keyed by its id); a change appends
 * a new version, so the log keeps the whole history of the record. Notes are scrubbed like
 * security free text (NHS numbers, dates of birth, the trust's patterns) before they are written.
 */
import { randomUUID } from 'node:crypto'
import {
  alarmMarkSchema,
  incidentSaveRequestSchema,
  incidentSchema,
  IncidentRoute,
  sourceMarkSchema,
  type AlarmMark,
  type Incident,
  type SourceMark,
  type Timeline,
} from '../../shared/contracts/incidents.ts'
import type { Role } from '../../shared/contracts/feed.ts'
import { formatConfigIssues } from '../core/formatConfigIssues.ts'
import type { FreeTextScrubber } from '../security/createFreeTextScrubber.ts'
import { seesNetworkDetail } from '../fanout/siteFilter.ts'
import { parseInstant, type HistoryAnswer } from '../server/createHistoryRoutes.ts'
import type { ChangeLog } from '../store/changeLog.ts'
import type { EventLog } from '../store/eventLog.ts'
import type { Logger } from '../log/Logger.ts'

export type IncidentPrincipal = { readonly name: string; readonly role: Role }

export type IncidentRoutes = (request: {
  readonly method: string
  readonly pathname: string
  readonly query: URLSearchParams
  readonly principal: IncidentPrincipal
  /** The request body, parsed as JSON (POST only); undefined when it was not JSON. */
  readonly body: () => Promise<unknown>
}) => Promise<HistoryAnswer | null>

/** Bound on any one answer; the answer says when it was cut. */
const MAX_EVENTS = 20_000
/** How far back a timeline looks for each source's health at its start. */
const HEALTH_LOOKBACK_MS = 24 * 3_600_000

/** The latest version of each incident, newest start first. */
export function latestIncidents(versions: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>()
  for (const version of versions) byId.set(version.id, version)
  return [...byId.values()].sort((a, b) => b.start - a.start)
}

export function createIncidentRoutes(deps: {
  readonly changeLog: Pick<ChangeLog, 'alarmActionsBetween'>
  /** Null when the log keeps no events: incidents cannot be kept (501). */
  readonly events: EventLog | null
  readonly scrub: FreeTextScrubber
  readonly now: () => number
  readonly log: Logger
}): IncidentRoutes {
  const log = deps.log.child('incidents')
  const bad = (error: string): HistoryAnswer => ({ status: 400, body: { error } })

  const allIncidents = async (): Promise<Incident[]> => {
    if (deps.events === null) return []
    const rows = await deps.events.eventsBetween('incident', 0, Number.MAX_SAFE_INTEGER, MAX_EVENTS)
    const versions: Incident[] = []
    for (const row of rows) {
      const parsed = incidentSchema.safeParse(row.body)
      if (parsed.success) versions.push(parsed.data)
      else log.warn('incident record unreadable; skipped', { key: row.key })
    }
    return latestIncidents(versions)
  }

  const save = async (raw: unknown, principal: IncidentPrincipal): Promise<HistoryAnswer> => {
    if (deps.events === null)
      return { status: 501, body: { ok: false, error: 'this gateway’s change log keeps no incidents' } }
    if (principal.role === 'viewer')
      return { status: 403, body: { ok: false, error: 'role viewer may not mark incidents' } }
    const parsed = incidentSaveRequestSchema.safeParse(raw)
    if (!parsed.success) {
      log.info('incident refused', { reason: 'invalid' })
      return { status: 400, body: { ok: false, error: formatConfigIssues(parsed.error.issues, 'incident') } }
    }
    const request = parsed.data
    const now = deps.now()
    const existing =
      request.id === undefined ? undefined : (await allIncidents()).find((i) => i.id === request.id)
    if (request.id !== undefined && existing === undefined)
      return { status: 404, body: { ok: false, error: `no incident ${request.id}` } }
    const incident: Incident = {
      id: existing?.id ?? `inc-${randomUUID().slice(0, 8)}`,
      title: deps.scrub(request.title),
      note: deps.scrub(request.note),
      start: request.start,
      end: request.end,
      createdBy: existing?.createdBy ?? principal.name,
      createdAt: existing?.createdAt ?? now,
      updatedBy: principal.name,
      updatedAt: now,
    }
    try {
      await deps.events.appendEvents([{ kind: 'incident', key: incident.id, at: now, body: incident }])
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      log.error('incident not recorded', { id: incident.id, reason })
      return { status: 503, body: { ok: false, error: `the change log could not record it: ${reason}` } }
    }
    log.info('incident recorded', { id: incident.id, by: principal.name, changed: existing !== undefined })
    return { status: existing === undefined ? 201 : 200, body: { ok: true, incident } }
  }

  const timeline = async (query: URLSearchParams, role: Role): Promise<HistoryAnswer> => {
    const from = parseInstant(query.get('from'))
    const to = parseInstant(query.get('to')) ?? deps.now()
    if (from === null) return bad('from: expected epoch milliseconds or an ISO 8601 time')
    if (to < from) return bad('to is before from')
    const detail = seesNetworkDetail(role)
    const actions = await deps.changeLog.alarmActionsBetween(from - 1, to, MAX_EVENTS)
    const alarms: AlarmMark[] = []
    const sources: SourceMark[] = []
    const sourcesAtStart = new Map<string, SourceMark>()
    let truncated = actions.length === MAX_EVENTS
    if (deps.events !== null) {
      const rows = await deps.events.eventsBetween('alarm-transition', from, to, MAX_EVENTS)
      truncated ||= rows.length === MAX_EVENTS
      for (const row of rows) {
        const mark = alarmMarkSchema.safeParse(row.body)
        // Alarm details may name hosts and addresses: only roles that see network detail get them.
        if (mark.success) alarms.push(detail ? mark.data : { ...mark.data, detail: '' })
      }
      const health = await deps.events.eventsBetween(
        'source-health',
        from - HEALTH_LOOKBACK_MS,
        to,
        MAX_EVENTS,
      )
      for (const row of health) {
        const mark = sourceMarkSchema.safeParse(row.body)
        if (!mark.success) continue
        const shown = detail ? mark.data : { ...mark.data, detail: null }
        if (shown.at < from) sourcesAtStart.set(shown.source, shown)
        else sources.push(shown)
      }
    }
    const incidents = (await allIncidents()).filter((i) => i.start <= to && (i.end === null || i.end >= from))
    const body: Timeline = {
      from,
      to,
      alarms,
      actions,
      sources,
      sourcesAtStart: [...sourcesAtStart.values()],
      incidents,
      eventsKept: deps.events !== null,
      truncated,
    }
    return { status: 200, body }
  }

  return async ({ method, pathname, query, principal, body }) => {
    if (pathname === IncidentRoute.timeline) {
      if (method !== 'GET' && method !== 'HEAD') return { status: 405, body: { error: 'method not allowed' } }
      return timeline(query, principal.role)
    }
    if (pathname !== IncidentRoute.incidents) return null
    if (method === 'POST') return save(await body(), principal)
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, body: { error: 'method not allowed' } }
    return { status: 200, body: { incidents: await allIncidents() } }
  }
}
