/**
 * What each entity table shows: its columns as data, and how an entity becomes a flat row. Rows
 * are plain data (cells by column id) so sorting, filtering, grouping, facets and CSV all read the
 * same values, and a row object is reused while its entity is unchanged (reference-equal), which
 * keeps React's memoised rows from re-rendering 50,000 times a second.
 */
import type {
  Asset,
  Bed,
  CyberAlert,
  NetworkDevice,
  RealtimeTopic,
  Topic,
} from '../../../shared/contracts/entities.ts'
import { BED_STATUS_LABEL } from '../../../shared/domain/bedStatus.ts'
import {
  DEFAULT_ASSET_THRESHOLDS,
  isAssetMissing,
  isBatteryLow,
  isOutsideHome,
} from '../../../shared/domain/kpis/computeAssetStats.ts'
import type { SiteIndex } from '../../../shared/domain/kpis/siteIndex.ts'
import { changedIds, EntityTable } from '../../../shared/util/EntityTable.ts'
import type { Selection } from '../../state/types.ts'
import {
  ASSET_STATE_MARK,
  BED_STATUS_MARK,
  DEVICE_STATUS_MARK,
  SEVERITY_MARK,
  type ToneMark,
} from '../../ui/tones.ts'

export type CellValue = string | number | null | readonly string[]

export type TableRow = {
  readonly id: string
  /** Lower-cased text of the searchable cells, built once per row for the text filter. */
  readonly search: string
  readonly cells: Readonly<Record<string, CellValue>>
}

/** How a column's cells are shown (and exported). */
export type ColumnType =
  /** Plain text. */
  | 'text'
  /** A number with `unit`. */
  | 'number'
  /** Epoch ms, shown as an age ("4 min"); exported as that age and, in a column of its own, ISO time. */
  | 'age'
  /** A status word with a tone and a glyph (`marks`). */
  | 'status'
  /** Several short words (flags). */
  | 'tags'

export type ColumnSpec = {
  readonly id: string
  readonly header: string
  readonly type: ColumnType
  /** Width in rem. */
  readonly width: number
  readonly unit?: string
  readonly marks?: Readonly<Record<string, ToneMark>>
  readonly labels?: Readonly<Record<string, string>>
  /** Shown until the user hides it. */
  readonly visible: boolean
  /** Offered as a filter chip row. */
  readonly chips?: boolean
  /** Offered in "group by". */
  readonly groupable?: boolean
  /** Never shown or chosen; used for scope filters (site and ward ids). */
  readonly internal?: boolean
  /** For an `age` column: the header of its exported ISO-time column. */
  readonly isoHeader?: string
  /**
   * For a status-like column: the order its values sort in (most urgent first), rather than
   * alphabetically. Values not listed sort after those listed.
   */
  readonly sortRank?: Readonly<Record<string, number>>
  /**
   * On a wall, the cell wraps onto a second line rather than end in "…": an alarm's title or a
   * place's name is never cut there. A table with such a column gets two-line rows on a wall.
   */
  readonly wallWrap?: boolean
}

/** Status-like columns sort most urgent first, not alphabetically (`ColumnSpec.sortRank`). */
const DEVICE_STATUS_RANK: Readonly<Record<string, number>> = { down: 0, unknown: 1, degraded: 2, up: 3 }
const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 }
const CYBER_STATUS_RANK: Readonly<Record<string, number>> = {
  new: 0,
  acknowledged: 1,
  investigating: 2,
  resolved: 3,
}

export type EntityTableSpec = {
  readonly entity: Topic
  readonly title: string
  readonly selectionKind: NonNullable<Selection>['kind']
  readonly columns: readonly ColumnSpec[]
  readonly defaultSort: { readonly id: string; readonly desc: boolean }
  /** The columns shown in a narrow desktop panel: fewer and wider. */
  readonly compactColumns: readonly string[]
  /**
   * The columns that say where a row is (site, ward, bay, bed): always exported, shown or not, so a
   * CSV sent to a ward can be read without the screen it came from.
   */
  readonly placeColumns: readonly string[]
  /**
   * The columns a wall shows (read from 4 m, at the wall's minimum type size): four or five, no
   * site names (the device names and wards carry the place), none that would be cut off.
   */
  readonly wallColumns: readonly string[]
  /**
   * The columns of a narrow wall panel (under `WALL_NARROW_EM` wide), where a wrapping column of
   * `wallColumns` would need a third line: fewer still, so that column gets the width. The map
   * beside such a panel carries the place. Defaults to `wallColumns`.
   */
  readonly wallNarrowColumns?: readonly string[]
  /** Builds the row of one entity; `now` is the table's clock (a fake one in tests). */
  readonly buildRow: (entity: never, index: SiteIndex | null, now: number) => TableRow
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no')
const nameOf = (index: SiteIndex | null, id: string | null): string | null =>
  id === null ? null : (index?.siteNames.get(id) ?? id)
const searchOf = (parts: readonly (string | null)[]): string =>
  parts
    .filter((p): p is string => p !== null && p !== '')
    .join(' ')
    .toLowerCase()

const markOf = (marks: Readonly<Record<string, ToneMark>>): Readonly<Record<string, ToneMark>> => marks
const internal = (id: string, header: string): ColumnSpec => ({
  id,
  header,
  type: 'text',
  width: 6,
  visible: false,
  internal: true,
})

// ---------------------------------------------------------------------------------------------
// Beds

function bedRow(bed: Bed, index: SiteIndex | null): TableRow {
  const place = index?.bedPlaces.get(bed.id)
  const bedPlace = index ? bedLabels(index).get(bed.id) : undefined
  const los = bed.status === 'occupied' ? bed.lengthOfStayDays : null
  const longStay = los === null ? null : los >= 21 ? '21+' : los >= 14 ? '14+' : los >= 7 ? '7+' : null
  const site = nameOf(index, place?.siteId ?? null)
  const ward = nameOf(index, place?.wardId ?? null)
  const label = bedPlace?.label ?? bed.id
  return {
    id: bed.id,
    search: searchOf([
      label,
      bed.id,
      site,
      ward,
      place?.specialty ?? null,
      BED_STATUS_LABEL[bed.status],
      bedPlace?.bay ?? null,
    ]),
    cells: {
      label,
      site,
      ward,
      specialty: place?.specialty ?? null,
      bay: bedPlace?.bay ?? null,
      sex: place?.sexOfBay ?? null,
      bedType: place?.escalation ? 'escalation' : 'core',
      status: bed.status,
      since: bed.statusSince,
      closedReason: bed.closedReason,
      cleaningRequested: bed.housekeeping?.requestedAt ?? null,
      cleaningStarted:
        bed.housekeeping === null ? null : bed.housekeeping.startedAt === null ? 'waiting' : 'cleaning',
      nctr: bed.status === 'occupied' ? yesNo(bed.nctr) : null,
      expectedDischargeToday: bed.status === 'occupied' ? yesNo(bed.expectedDischargeToday) : null,
      los,
      longStay,
      siteId: place?.siteId ?? null,
      wardId: place?.wardId ?? null,
    },
  }
}

/** Bed labels and bay names per site model (built once per model). */
const bedLabelCache = new WeakMap<SiteIndex, Map<string, { label: string; bay: string | null }>>()
function bedLabels(index: SiteIndex): Map<string, { label: string; bay: string | null }> {
  let labels = bedLabelCache.get(index)
  if (!labels) {
    labels = new Map()
    for (const b of index.model.beds)
      labels.set(b.id, { label: b.label, bay: b.bayLabel ?? index.units.get(b.roomId)?.name ?? null })
    bedLabelCache.set(index, labels)
  }
  return labels
}

const BED_TABLE: EntityTableSpec = {
  entity: 'beds',
  title: 'Beds',
  selectionKind: 'bed',
  defaultSort: { id: 'ward', desc: false },
  compactColumns: ['label', 'ward', 'status', 'since', 'nctr', 'los'],
  placeColumns: ['label', 'site', 'ward', 'bay'],
  wallColumns: ['label', 'ward', 'status', 'since', 'nctr'],
  columns: [
    { id: 'label', header: 'Bed', type: 'text', width: 6, visible: true },
    { id: 'site', header: 'Site', type: 'text', width: 10, visible: true, chips: true, groupable: true },
    { id: 'ward', header: 'Ward', type: 'text', width: 11, visible: true, groupable: true },
    { id: 'specialty', header: 'Specialty', type: 'text', width: 10, visible: true, groupable: true },
    { id: 'bay', header: 'Bay', type: 'text', width: 7, visible: false },
    { id: 'sex', header: 'Bay sex', type: 'text', width: 6, visible: true, chips: true, groupable: true },
    { id: 'bedType', header: 'Type', type: 'text', width: 7, visible: true, chips: true, groupable: true },
    {
      id: 'status',
      header: 'Status',
      type: 'status',
      width: 9,
      visible: true,
      chips: true,
      groupable: true,
      marks: markOf(BED_STATUS_MARK),
      labels: BED_STATUS_LABEL,
    },
    {
      id: 'since',
      header: 'In status',
      type: 'age',
      width: 6,
      visible: true,
      isoHeader: 'In status since (UTC)',
    },
    { id: 'closedReason', header: 'Closed for', type: 'text', width: 8, visible: true, groupable: true },
    {
      id: 'cleaningRequested',
      header: 'Clean asked',
      type: 'age',
      width: 6,
      visible: false,
      isoHeader: 'Clean asked at (UTC)',
    },
    { id: 'cleaningStarted', header: 'Cleaning', type: 'text', width: 6, visible: false },
    { id: 'nctr', header: 'NCTR', type: 'text', width: 4, visible: true },
    { id: 'expectedDischargeToday', header: 'Disch. today', type: 'text', width: 5, visible: true },
    { id: 'los', header: 'LOS', type: 'number', unit: 'd', width: 4, visible: true },
    { id: 'longStay', header: 'Long stay', type: 'text', width: 5, visible: false, groupable: true },
    internal('siteId', 'Site id'),
    internal('wardId', 'Ward id'),
  ],
  buildRow: bedRow as EntityTableSpec['buildRow'],
}

// ---------------------------------------------------------------------------------------------
// Assets

/**
 * The asset flags a user filters on: the same tests as the equipment KPIs (computeAssetStats.ts),
 * with the default thresholds. `missing` depends on the clock, so rows carry `lastSeen` too, and a
 * KPI's drill-down re-tests its rows on the table's clock (kpiRows.ts).
 */
function assetFlags(asset: Asset, index: SiteIndex | null, now: number): string[] {
  const flags: string[] = []
  if (isAssetMissing(asset, now, DEFAULT_ASSET_THRESHOLDS)) flags.push('missing')
  if (isOutsideHome(asset, index)) flags.push('outside-home')
  if (isBatteryLow(asset, DEFAULT_ASSET_THRESHOLDS)) flags.push('battery-low')
  return flags
}

function assetRow(asset: Asset, index: SiteIndex | null, now: number): TableRow {
  const wardId = asset.zoneId === null ? null : (index?.wardOfUnit.get(asset.zoneId) ?? null)
  const site = nameOf(index, asset.siteId)
  const ward = nameOf(index, wardId)
  const zone = nameOf(index, asset.zoneId)
  const home = nameOf(index, asset.homeUnitId)
  return {
    id: asset.id,
    search: searchOf([asset.label, asset.id, asset.type, site, ward, zone, home]),
    cells: {
      label: asset.label,
      type: asset.type,
      state: asset.state,
      site,
      ward,
      zone,
      home,
      lastSeen: asset.lastSeen,
      battery: asset.battery,
      // The row is rebuilt whenever the tag reports, so "now" here is the report's time; a tag that
      // goes silent keeps its last row — the `lastSeen` age column shows it ageing.
      flags: assetFlags(asset, index, now),
      siteId: asset.siteId,
      wardId,
    },
  }
}

const ASSET_TABLE: EntityTableSpec = {
  entity: 'assets',
  title: 'Equipment',
  selectionKind: 'asset',
  defaultSort: { id: 'label', desc: false },
  compactColumns: ['label', 'type', 'state', 'ward', 'lastSeen', 'battery'],
  placeColumns: ['site', 'ward', 'zone'],
  wallColumns: ['label', 'type', 'state', 'ward'],
  columns: [
    { id: 'label', header: 'Asset', type: 'text', width: 7, visible: true },
    { id: 'type', header: 'Type', type: 'text', width: 9, visible: true, chips: true, groupable: true },
    {
      id: 'state',
      header: 'State',
      type: 'status',
      width: 8,
      visible: true,
      chips: true,
      groupable: true,
      marks: markOf(ASSET_STATE_MARK),
    },
    { id: 'site', header: 'Site', type: 'text', width: 10, visible: true, chips: true, groupable: true },
    { id: 'ward', header: 'Ward', type: 'text', width: 10, visible: true, groupable: true },
    { id: 'zone', header: 'Zone', type: 'text', width: 9, visible: false },
    { id: 'home', header: 'Home', type: 'text', width: 9, visible: true, groupable: true },
    { id: 'lastSeen', header: 'Seen', type: 'age', width: 6, visible: true, isoHeader: 'Seen at (UTC)' },
    { id: 'battery', header: 'Battery', type: 'number', unit: '%', width: 5, visible: true },
    { id: 'flags', header: 'Flags', type: 'tags', width: 10, visible: true, chips: true },
    internal('siteId', 'Site id'),
    internal('wardId', 'Ward id'),
  ],
  buildRow: assetRow as EntityTableSpec['buildRow'],
}

// ---------------------------------------------------------------------------------------------
// Network devices

function deviceRow(d: NetworkDevice, index: SiteIndex | null): TableRow {
  const site = nameOf(index, d.siteId)
  const busiest = d.links.reduce<number | null>(
    (m, l) => (l.utilisationPct !== null && (m === null || l.utilisationPct > m) ? l.utilisationPct : m),
    null,
  )
  return {
    id: d.id,
    search: searchOf([d.name, d.id, d.kind, site, d.address]),
    cells: {
      name: d.name,
      kind: d.kind,
      status: d.status,
      site,
      since: d.statusSince,
      latency: d.latencyMs,
      loss: d.lossPct,
      utilisation: d.utilisationPct,
      busiestLink: busiest,
      serves: d.servesUnitIds.length,
      address: d.address,
      siteId: d.siteId,
      wardId: null,
    },
  }
}

const NETWORK_TABLE: EntityTableSpec = {
  entity: 'network',
  title: 'Network devices',
  selectionKind: 'device',
  defaultSort: { id: 'status', desc: false },
  compactColumns: ['name', 'status', 'site', 'latency', 'loss', 'utilisation'],
  placeColumns: ['site'],
  wallColumns: ['name', 'status', 'since', 'serves'],
  columns: [
    { id: 'name', header: 'Device', type: 'text', width: 12, visible: true },
    { id: 'kind', header: 'Kind', type: 'text', width: 9, visible: true, chips: true, groupable: true },
    {
      id: 'status',
      header: 'Status',
      type: 'status',
      width: 8,
      visible: true,
      chips: true,
      groupable: true,
      marks: markOf(DEVICE_STATUS_MARK),
      sortRank: DEVICE_STATUS_RANK,
    },
    { id: 'site', header: 'Site', type: 'text', width: 10, visible: true, chips: true, groupable: true },
    {
      id: 'since',
      header: 'In status',
      type: 'age',
      width: 6,
      visible: true,
      isoHeader: 'In status since (UTC)',
    },
    { id: 'latency', header: 'Latency', type: 'number', unit: 'ms', width: 6, visible: true },
    { id: 'loss', header: 'Loss', type: 'number', unit: '%', width: 5, visible: true },
    { id: 'utilisation', header: 'Util.', type: 'number', unit: '%', width: 5, visible: true },
    { id: 'busiestLink', header: 'Busiest link', type: 'number', unit: '%', width: 6, visible: false },
    { id: 'serves', header: 'Serves', type: 'number', unit: 'units', width: 6, visible: true },
    { id: 'address', header: 'Address', type: 'text', width: 9, visible: false },
    internal('siteId', 'Site id'),
    internal('wardId', 'Ward id'),
  ],
  buildRow: deviceRow as EntityTableSpec['buildRow'],
}

// ---------------------------------------------------------------------------------------------
// Cyber alerts

function alertRow(a: CyberAlert, index: SiteIndex | null): TableRow {
  const site = nameOf(index, a.siteId)
  const unit = nameOf(index, a.unitId)
  return {
    id: a.id,
    search: searchOf([a.title, a.id, a.category, a.severity, a.host, site, unit, a.tactic, a.source]),
    cells: {
      severity: a.severity,
      title: a.title,
      category: a.category,
      status: a.status,
      site,
      unit,
      host: a.host,
      tactic: a.tactic,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      count: a.count,
      ackBy: a.ack?.by ?? null,
      siteId: a.siteId,
      wardId: a.unitId === null ? null : (index?.wardOfUnit.get(a.unitId) ?? null),
    },
  }
}

const CYBER_STATUS_MARK: Readonly<Record<string, ToneMark>> = {
  new: { tone: 'critical', glyph: '●' },
  acknowledged: { tone: 'warn', glyph: '✓' },
  investigating: { tone: 'info', glyph: '◐' },
  resolved: { tone: 'ok', glyph: '✓✓' },
}

const CYBER_TABLE: EntityTableSpec = {
  entity: 'cyber',
  title: 'Cyber alerts',
  selectionKind: 'cyber-alert',
  defaultSort: { id: 'severity', desc: false },
  compactColumns: ['severity', 'title', 'status', 'unit', 'lastSeen'],
  placeColumns: ['site', 'unit'],
  wallColumns: ['severity', 'title', 'unit', 'lastSeen'],
  wallNarrowColumns: ['severity', 'title', 'lastSeen'],
  columns: [
    {
      id: 'severity',
      header: 'Severity',
      type: 'status',
      width: 8,
      visible: true,
      chips: true,
      groupable: true,
      marks: markOf(SEVERITY_MARK),
      sortRank: SEVERITY_RANK,
    },
    { id: 'title', header: 'Alert', type: 'text', width: 18, visible: true, wallWrap: true },
    { id: 'category', header: 'Category', type: 'text', width: 8, visible: true, groupable: true },
    {
      id: 'status',
      header: 'Status',
      type: 'status',
      width: 8,
      visible: true,
      chips: true,
      groupable: true,
      marks: CYBER_STATUS_MARK,
      sortRank: CYBER_STATUS_RANK,
    },
    { id: 'site', header: 'Site', type: 'text', width: 9, visible: true, chips: true, groupable: true },
    { id: 'unit', header: 'Location', type: 'text', width: 9, visible: true, wallWrap: true },
    { id: 'host', header: 'Host', type: 'text', width: 9, visible: true },
    { id: 'tactic', header: 'Tactic', type: 'text', width: 6, visible: false, groupable: true },
    {
      id: 'firstSeen',
      header: 'First seen',
      type: 'age',
      width: 6,
      visible: false,
      isoHeader: 'First seen at (UTC)',
    },
    {
      id: 'lastSeen',
      header: 'Last seen',
      type: 'age',
      width: 6,
      visible: true,
      isoHeader: 'Last seen at (UTC)',
    },
    { id: 'count', header: 'Count', type: 'number', width: 4, visible: true },
    { id: 'ackBy', header: 'Ack by', type: 'text', width: 7, visible: false },
    internal('siteId', 'Site id'),
    internal('wardId', 'Ward id'),
  ],
  buildRow: alertRow as EntityTableSpec['buildRow'],
}

/** The table of each topic. */
export const ENTITY_TABLES: Readonly<Record<RealtimeTopic, EntityTableSpec>> = {
  beds: BED_TABLE,
  assets: ASSET_TABLE,
  network: NETWORK_TABLE,
  cyber: CYBER_TABLE,
}

/** What a row cache did on its last call, in rows (for tests and the bench). */
export type RowCacheWork = {
  /** True when it had to read the whole map (first call, resync, new site model, plain `Map`). */
  readonly full: boolean
  /** Rows built (entities new or changed). */
  readonly built: number
  /** Entities looked at. */
  readonly visited: number
}

/** A row builder (see `createRowCache`), with what its last call did. */
export type RowCache = ((map: ReadonlyMap<string, unknown>, index: SiteIndex | null) => TableRow[]) & {
  readonly lastWork: () => RowCacheWork
}

/**
 * A row builder that follows the entity table: one call per store update returns a new array (so
 * the table sees new data) holding the very same row objects for every entity that did not change,
 * so TanStack's rows and react-virtual's rendered rows of those entities are left alone.
 *
 * Given an `EntityTable` (the store's), a call costs O(changes): the table's change log lists the
 * ids touched since the table of the last call, and only those rows are rebuilt, replaced in place
 * or appended (entities removed: one filter of the array). Rows keep the order their entities
 * first appeared in. Anything the log cannot follow — the first call, a resync (new storage), a
 * new site model, a plain `Map` — reads the whole map, still reusing the row of every entity whose
 * object did not change (except after a new site model: places changed).
 */
export function createRowCache(spec: EntityTableSpec, now: () => number = Date.now): RowCache {
  let cache = new Map<string, { source: unknown; row: TableRow }>()
  let cacheIndex: SiteIndex | null = null
  let last: { table: ReadonlyMap<string, unknown>; rows: TableRow[]; at: Map<string, number> } | null = null
  let work: RowCacheWork = { full: true, built: 0, visited: 0 }

  const full = (map: ReadonlyMap<string, unknown>): TableRow[] => {
    const rows: TableRow[] = []
    const at = new Map<string, number>()
    let built = 0
    // values(), not entries(): no [key, value] pair allocated per entity.
    for (const source of map.values()) {
      const id = (source as { readonly id: string }).id
      const previous = cache.get(id)
      at.set(id, rows.length)
      if (previous && previous.source === source) {
        rows.push(previous.row)
        continue
      }
      const row = spec.buildRow(source as never, cacheIndex, now())
      cache.set(id, { source, row })
      rows.push(row)
      built += 1
    }
    // Entities removed since the last call: sweep them (rare, so only when the sizes disagree).
    if (cache.size > rows.length) {
      for (const id of cache.keys()) if (!map.has(id)) cache.delete(id)
    }
    last = { table: map, rows, at }
    work = { full: true, built, visited: map.size }
    return rows
  }

  const rowsOf = (map: ReadonlyMap<string, unknown>, index: SiteIndex | null): TableRow[] => {
    if (index !== cacheIndex) {
      cache = new Map()
      cacheIndex = index
      return full(map)
    }
    const previous = last
    // A plain Map may have changed in place under the same reference: only a table's log can say.
    const touched =
      previous === null || !(map instanceof EntityTable)
        ? null
        : changedIds(previous.table as ReadonlyMap<string, { readonly id: string }>, map)
    if (previous === null || touched === null) return full(map)
    if (touched.length === 0 && previous.table === map) {
      work = { full: false, built: 0, visited: 0 }
      return previous.rows
    }
    const rows = previous.rows.slice()
    const at = previous.at
    let built = 0
    let removed = false
    for (const id of touched) {
      const source = map.get(id)
      const cached = cache.get(id)
      if (source === undefined) {
        if (cached !== undefined) {
          cache.delete(id)
          removed = true
        }
        continue
      }
      if (cached !== undefined && cached.source === source) continue
      const row = spec.buildRow(source as never, index, now())
      cache.set(id, { source, row })
      built += 1
      const i = at.get(id)
      if (i !== undefined && rows[i]?.id === id) rows[i] = row
      else {
        at.set(id, rows.length)
        rows.push(row)
      }
    }
    let result = rows
    if (removed) {
      result = rows.filter((r) => cache.get(r.id)?.row === r)
      at.clear()
      result.forEach((r, i) => at.set(r.id, i))
    }
    last = { table: map, rows: result, at }
    work = { full: false, built, visited: touched.length }
    return result
  }
  return Object.assign(rowsOf, { lastWork: () => work })
}
