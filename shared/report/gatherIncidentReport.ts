/**
 * The facts of an incident report, gathered from the gateway's redacted history only (the
 * timeline, the state of beds, network and cyber at chosen moments, the network's changes over the
 * period, the site model): so the report holds no patient data by construction — nothing it reads
 * ever carried any. Equipment positions are not summarised (they are not what a debrief asks).
 */
import type { Bed, CyberAlert, NetworkDevice } from '../contracts/entities.ts'
import type { Incident, SourceMark, Timeline } from '../contracts/incidents.ts'
import type { SiteModel } from '../contracts/places.ts'
import type { HistoryClient, HistoryResult } from '../hub/historyClient.ts'

/** One line of the report's alarm timeline, in time order. */
export type ReportAlarmRow = {
  readonly at: number
  readonly event: 'raised' | 'cleared' | 'acknowledged' | 'shelved' | 'unshelved'
  readonly priority: 'high' | 'medium' | 'low' | null
  readonly title: string
  readonly fingerprint: string
  /** Who acted, and why (acknowledge, shelve); null for what the engine did. */
  readonly by: string | null
  readonly note: string | null
}

export type ReportFeedHealth = {
  readonly source: string
  readonly atStart: SourceMark['status'] | null
  readonly changes: readonly SourceMark[]
}

/** A KPI at the incident's start, at its worst point and at its end; only those that moved are kept. */
export type ReportKpi = {
  readonly id: string
  readonly label: string
  readonly unit: '%' | ''
  readonly start: number | null
  readonly worst: number | null
  readonly worstAt: number | null
  readonly end: number | null
}

export type ReportOutage = {
  readonly deviceId: string
  readonly name: string
  readonly kind: string
  readonly level: string | null
  readonly units: readonly string[]
  readonly downAt: number
  readonly upAt: number | null
}

export type ReportPicture = { readonly at: number; readonly caption: string; readonly dataUrl: string }

export type IncidentReportData = {
  readonly incident: Incident
  readonly trust: string | null
  readonly from: number
  readonly to: number
  readonly generatedAt: number
  readonly alarms: readonly ReportAlarmRow[]
  readonly feedHealth: readonly ReportFeedHealth[]
  readonly kpis: readonly ReportKpi[]
  readonly outage: readonly ReportOutage[]
  readonly pictures: readonly ReportPicture[]
  /** Said in the report when something could not be had (the log's reach, a cut answer). */
  readonly notes: readonly string[]
}

/** The moments worth a picture of the map: the start, each high alarm raised (the first few), the end. */
export function momentsThatMatter(
  data: Pick<IncidentReportData, 'from' | 'to' | 'alarms'>,
  max = 4,
): number[] {
  const raises = data.alarms
    .filter((row) => row.event === 'raised' && row.priority === 'high')
    .map((row) => row.at)
  const moments = [data.from, ...raises.slice(0, Math.max(0, max - 2)), data.to]
  return [...new Set(moments)].sort((a, b) => a - b)
}

type Moment = { beds: readonly Bed[]; network: readonly NetworkDevice[]; cyber: readonly CyberAlert[] }

type KpiDefinition = {
  id: string
  label: string
  unit: '%' | ''
  worse: 'higher' | 'lower'
  value: (m: Moment) => number | null
}

const KPIS: readonly KpiDefinition[] = [
  {
    id: 'beds.occupancy',
    label: 'Bed occupancy',
    unit: '%',
    worse: 'higher',
    value: ({ beds }) => {
      const counted = beds.filter((b) => b.status !== 'closed' && b.status !== 'unknown')
      if (counted.length === 0) return null
      return Math.round((1000 * counted.filter((b) => b.status === 'occupied').length) / counted.length) / 10
    },
  },
  {
    id: 'beds.available',
    label: 'Beds available',
    unit: '',
    worse: 'lower',
    value: ({ beds }) => beds.filter((b) => b.status === 'unoccupied').length,
  },
  {
    id: 'beds.housekeeping',
    label: 'Beds awaiting cleaning',
    unit: '',
    worse: 'higher',
    value: ({ beds }) => beds.filter((b) => b.status === 'housekeeping').length,
  },
  {
    id: 'beds.unknown',
    label: 'Beds of unknown state',
    unit: '',
    worse: 'higher',
    value: ({ beds }) => beds.filter((b) => b.status === 'unknown').length,
  },
  {
    id: 'network.down',
    label: 'Network devices down',
    unit: '',
    worse: 'higher',
    value: ({ network }) => network.filter((d) => d.status === 'down').length,
  },
  {
    id: 'network.degraded',
    label: 'Network devices degraded',
    unit: '',
    worse: 'higher',
    value: ({ network }) => network.filter((d) => d.status === 'degraded').length,
  },
  {
    id: 'cyber.open-high',
    label: 'Open critical or high cyber alerts',
    unit: '',
    worse: 'higher',
    value: ({ cyber }) =>
      cyber.filter((a) => a.status !== 'resolved' && (a.severity === 'critical' || a.severity === 'high'))
        .length,
  },
]

/** The alarm timeline rows of a timeline, in time order (raises, acknowledgements, shelves, clears). */
export function alarmRowsOf(timeline: Timeline): ReportAlarmRow[] {
  const titles = new Map<string, { title: string; priority: ReportAlarmRow['priority'] }>()
  const rows: ReportAlarmRow[] = []
  for (const mark of timeline.alarms) {
    titles.set(mark.fingerprint, { title: mark.title, priority: mark.priority })
    rows.push({
      at: mark.at,
      event: mark.kind,
      priority: mark.priority,
      title: mark.title,
      fingerprint: mark.fingerprint,
      by: null,
      note: null,
    })
  }
  for (const action of timeline.actions) {
    const named = [action.fingerprint, ...(action.members ?? [])]
      .map((f) => titles.get(f))
      .find((t) => t !== undefined)
    rows.push({
      at: action.at,
      event:
        action.action === 'acknowledge'
          ? 'acknowledged'
          : action.action === 'shelve'
            ? 'shelved'
            : 'unshelved',
      priority: named?.priority ?? null,
      title: named?.title ?? action.fingerprint,
      fingerprint: action.fingerprint,
      by: action.by,
      note: action.note === '' ? null : action.note,
    })
  }
  // Stable: a raise and its acknowledgement in the same millisecond keep that order.
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.at - b.row.at || a.index - b.index)
    .map(({ row }) => row)
}

async function momentAt(client: HistoryClient, at: number): Promise<HistoryResult<Moment>> {
  const [beds, network, cyber] = await Promise.all([
    client.stateAt('beds', at),
    client.stateAt('network', at),
    client.stateAt('cyber', at),
  ])
  if (!beds.ok) return beds
  if (!network.ok) return network
  if (!cyber.ok) return cyber
  return { ok: true, value: { beds: beds.value, network: network.value, cyber: cyber.value } }
}

/** Gathers the report's facts for `incident` (its end, or now while it goes on). */
export async function gatherIncidentReport(
  client: HistoryClient,
  incident: Incident,
  options: { readonly now: number; readonly pictures?: readonly ReportPicture[] },
): Promise<HistoryResult<IncidentReportData>> {
  const from = incident.start
  const to = Math.min(incident.end ?? options.now, options.now)
  const notes: string[] = []
  const [timeline, siteModel] = await Promise.all([client.timeline(from, to), client.siteModel()])
  if (!timeline.ok) return timeline
  if (timeline.value.truncated)
    notes.push('The period holds more events than one answer carries: the timeline is cut.')
  if (!timeline.value.eventsKept)
    notes.push('This gateway’s log keeps no alarm raises or source health: only acknowledgements are shown.')
  const places: SiteModel | null = siteModel.ok ? siteModel.value : null
  const alarms = alarmRowsOf(timeline.value)

  // KPIs at the start, at each raise (the moments things changed) and at the end.
  const moments = [
    ...new Set([
      from,
      ...alarms
        .filter((r) => r.event === 'raised')
        .slice(0, 10)
        .map((r) => r.at),
      to,
    ]),
  ].sort((a, b) => a - b)
  const states: { at: number; moment: Moment }[] = []
  for (const at of moments) {
    const moment = await momentAt(client, at)
    if (moment.ok) states.push({ at, moment: moment.value })
    else notes.push(`The state at ${new Date(at).toISOString()} could not be read: ${moment.error}`)
  }
  const kpis: ReportKpi[] = []
  for (const definition of KPIS) {
    const values = states.map(({ at, moment }) => ({ at, value: definition.value(moment) }))
    const start = values[0]?.value ?? null
    const end = values[values.length - 1]?.value ?? null
    let worst: { at: number; value: number } | null = null
    for (const { at, value } of values) {
      if (value === null) continue
      if (worst === null || (definition.worse === 'higher' ? value > worst.value : value < worst.value))
        worst = { at, value }
    }
    const moved = values.some(({ value }) => value !== start)
    if (!moved) continue
    kpis.push({
      id: definition.id,
      label: definition.label,
      unit: definition.unit,
      start,
      end,
      worst: worst?.value ?? null,
      worstAt: worst?.at ?? null,
    })
  }

  // The outage footprint: devices that were down at some point, and the clinical areas they serve.
  const outage = await outageOf(client, from, to, places, notes)

  const sources = new Set([
    ...timeline.value.sourcesAtStart.map((m) => m.source),
    ...timeline.value.sources.map((m) => m.source),
  ])
  const feedHealth: ReportFeedHealth[] = [...sources].sort().map((source) => ({
    source,
    atStart: timeline.value.sourcesAtStart.find((m) => m.source === source)?.status ?? null,
    changes: timeline.value.sources.filter((m) => m.source === source),
  }))

  return {
    ok: true,
    value: {
      incident,
      trust: places?.trust.name ?? null,
      from,
      to,
      generatedAt: options.now,
      alarms,
      feedHealth,
      kpis,
      outage,
      pictures: options.pictures ?? [],
      notes,
    },
  }
}

async function outageOf(
  client: HistoryClient,
  from: number,
  to: number,
  places: SiteModel | null,
  notes: string[],
): Promise<ReportOutage[]> {
  const start = await client.stateAt('network', from)
  const changes = await client.changes('network', from, to)
  if (!start.ok || !changes.ok) {
    notes.push('The network’s history over the period could not be read: no outage footprint.')
    return []
  }
  const units = new Map((places?.units ?? []).map((u) => [u.id, u.name]))
  const levels = new Map((places?.levels ?? []).map((l) => [l.id, l.name]))
  const spells = new Map<string, { device: NetworkDevice; downAt: number; upAt: number | null }[]>()
  const current = new Map(start.value.map((d) => [d.id, d]))
  const open = (device: NetworkDevice, at: number): void => {
    const list = spells.get(device.id) ?? []
    list.push({ device, downAt: at, upAt: null })
    spells.set(device.id, list)
  }
  for (const device of current.values()) if (device.status === 'down') open(device, device.statusSince)
  for (const batch of changes.value) {
    for (const device of batch.upserts) {
      const was = current.get(device.id)?.status
      current.set(device.id, device)
      if (device.status === 'down' && was !== 'down') open(device, batch.at)
      if (device.status !== 'down' && was === 'down') {
        const last = spells.get(device.id)?.at(-1)
        if (last !== undefined && last.upAt === null) last.upAt = batch.at
      }
    }
  }
  const out: ReportOutage[] = []
  for (const list of spells.values()) {
    for (const spell of list) {
      out.push({
        deviceId: spell.device.id,
        name: spell.device.name,
        kind: spell.device.kind,
        level:
          spell.device.levelId === null ? null : (levels.get(spell.device.levelId) ?? spell.device.levelId),
        units: spell.device.servesUnitIds.map((id) => units.get(id) ?? id),
        downAt: spell.downAt,
        upAt: spell.upAt,
      })
    }
  }
  return out.sort((a, b) => a.downAt - b.downAt || a.name.localeCompare(b.name))
}
