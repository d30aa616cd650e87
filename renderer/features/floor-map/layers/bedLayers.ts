/**
 * Beds as tiles coloured by status, with the status letter and flag letters drawn on the tile so
 * nothing relies on colour alone, and time in status when zoomed in.
 *
 * The tile geometry (`BedTile[]`) comes from the site model and changes only with the level. Live
 * state comes as `BedRow`s, one per tile, replaced only when that bed changed (`BedRowsTracker`,
 * O(changes) per flush): the fills are recoloured through `updateTriggers` (one attribute, no
 * re-tessellation), and the letter layers are told which rows changed (`_dataDiff`), so a flush
 * that changes one bed re-lays out one label, not 300.
 */
import type { Layer } from '@deck.gl/core'
import { PolygonLayer, TextLayer } from '@deck.gl/layers'
import type { Bed } from '../../../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel } from '../../../../shared/contracts/places.ts'
import { changedIds } from '../../../../shared/util/EntityTable.ts'
import {
  BED_STATUS_COLOUR,
  BED_STATUS_LETTER,
  SELECTION_COLOUR,
  STALE_COLOUR,
  type Rgba,
} from '../mapPalette.ts'
import { changedRows, type DataDiff, type RowRange } from './rowDiff.ts'

/** The pickable layer's id (the map resolves a pick by it). */
export const BED_TILES_LAYER_ID = 'beds-tiles'

/** A standard hospital bed is about 0.9 × 2.1 m; the tile is drawn a little inset from that. */
const BED_WIDTH_M = 1.0
const BED_LENGTH_M = 2.0

export type BedTile = {
  readonly id: string
  readonly place: BedPlace
  readonly polygon: readonly (readonly [number, number])[]
}

/** The bed tiles on one level, in site-model order. Pure: memoise on (siteModel, levelId). */
export function bedTilesForLevel(siteModel: SiteModel, levelId: string): BedTile[] {
  return siteModel.beds
    .filter((b) => b.levelId === levelId)
    .map((place) => ({ id: place.id, place, polygon: bedPolygon(place) }))
}

/** What one tile draws: its place and the bed's current state (a new row only when the bed changed). */
export type BedRow = {
  /** The bed's id (what a pick of the tile resolves to). */
  readonly id: string
  readonly tile: BedTile
  readonly bed: Bed | undefined
}

/** The rows for `tiles` from the beds table, once (the map follows the table with a tracker). */
export function bedRows(tiles: readonly BedTile[], beds: ReadonlyMap<string, Bed>): BedRow[] {
  return tiles.map((tile) => ({ id: tile.id, tile, bed: beds.get(tile.id) }))
}

/**
 * Follows the beds table for one level's tiles: O(changes) per flush through the table's change
 * log, and the same array back when no bed on the level changed (so deck.gl sees no new data).
 */
export class BedRowsTracker {
  #tiles: readonly BedTile[] | null = null
  #beds: ReadonlyMap<string, Bed> | null = null
  #rowOf = new Map<string, number>()
  #rows: readonly BedRow[] = []

  update(tiles: readonly BedTile[], beds: ReadonlyMap<string, Bed>): readonly BedRow[] {
    if (tiles === this.#tiles && beds === this.#beds) return this.#rows
    const touched = tiles === this.#tiles ? changedIds(this.#beds, beds) : null
    this.#beds = beds
    if (touched === null) {
      const rows = bedRows(tiles, beds)
      // A re-read (a resync) that changed nothing on this level keeps the rows deck.gl has.
      const same = this.#tiles === tiles && sameBeds(rows, this.#rows)
      this.#tiles = tiles
      this.#rowOf = new Map(tiles.map((t, i) => [t.id, i]))
      if (!same) this.#rows = rows
      return this.#rows
    }
    let next: BedRow[] | null = null
    for (const id of touched) {
      const i = this.#rowOf.get(id)
      if (i === undefined) continue
      const row = (next ?? this.#rows)[i]
      const bed = beds.get(id)
      if (!row || row.bed === bed) continue
      next ??= this.#rows.slice()
      next[i] = { id, tile: row.tile, bed }
    }
    if (next) this.#rows = next
    return this.#rows
  }
}

/** Whether freshly read rows draw the same as the current ones (the same bed objects throughout). */
function sameBeds(rows: readonly BedRow[], current: readonly BedRow[]): boolean {
  return rows.length === current.length && rows.every((r, i) => r.bed === current[i]?.bed)
}

/** The rotated rectangle of a bed: its length along the rotation axis. */
export function bedPolygon(place: BedPlace): [number, number][] {
  const [cx, cy] = place.at
  const a = (place.rotation * Math.PI) / 180
  const cos = Math.cos(a)
  const sin = Math.sin(a)
  const hw = BED_WIDTH_M / 2
  const hl = BED_LENGTH_M / 2
  const corners: [number, number][] = [
    [-hw, -hl],
    [hw, -hl],
    [hw, hl],
    [-hw, hl],
  ]
  return corners.map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos])
}

/** Flag letters for a bed: E escalation bed open, N no criteria to reside, D discharge expected today. */
export function bedFlags(bed: Bed | undefined, place: BedPlace): string {
  let flags = ''
  if (place.escalation) flags += 'E'
  if (bed?.nctr) flags += 'N'
  if (bed?.expectedDischargeToday) flags += 'D'
  return flags
}

/** "35m", "4h", "3d": time in status, short enough for a tile. */
export function formatTimeInStatus(sinceMs: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - sinceMs) / 60_000))
  if (minutes < 60) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours}h`
  return `${Math.floor(hours / 24)}d`
}

/** Colour of a bed tile; grey when the beds feed is stale or the bed has no state yet. */
export function bedFill(bed: Bed | undefined, stale: boolean): Rgba {
  if (stale || !bed) return STALE_COLOUR
  return BED_STATUS_COLOUR[bed.status]
}

export type BedLayerOptions = {
  /** The level's tiles (`bedTilesForLevel`): the same array while the level is shown. */
  readonly tiles: readonly BedTile[]
  /** One per tile on the level (`BedRowsTracker`): a new row object only for a bed that changed. */
  readonly rows: readonly BedRow[]
  readonly stale: boolean
  readonly selectedId: string | null
  readonly visible: boolean
  readonly zoom: number
  /** Minute-resolution clock for time in status (so text updates once a minute, not per frame). */
  readonly nowMinute: number
  readonly labelScale: number
}

/** Zoom at which a tile is big enough (≈ 28 px) to carry its letter. */
export const BED_LETTER_MIN_ZOOM = Math.log2(28 / BED_WIDTH_M) - 0.5
/** Zoom at which time in status fits under the letter. */
export const BED_TIME_MIN_ZOOM = BED_LETTER_MIN_ZOOM + 0.8

const NO_ROWS: readonly BedRow[] = []

/** A tile's status letter and flag letters. */
export function bedLetters(row: BedRow, stale: boolean): string {
  const letter = row.bed && !stale ? BED_STATUS_LETTER[row.bed.status] : '–'
  const flags = bedFlags(row.bed, row.tile.place)
  return flags ? `${letter}\n${flags}` : letter
}

/**
 * `_dataDiff` for a text layer over bed rows: the changed rows, but only while each changed row's
 * text keeps its length — deck.gl places a row's characters at offsets fixed by the rows before it,
 * so a row that gains or loses a character needs the whole layer re-laid out (undefined: deck.gl's
 * full update).
 */
export function textRowDiff(textOf: (row: BedRow) => string): DataDiff {
  const diff = (next: unknown, previous: unknown): RowRange[] | undefined => {
    if (!Array.isArray(next) || !Array.isArray(previous)) return undefined
    const ranges = changedRows(next, previous)
    if (ranges === null) return undefined
    for (const { startRow, endRow } of ranges)
      for (let i = startRow; i < endRow; i++)
        if (textOf(next[i] as BedRow).length !== textOf(previous[i] as BedRow).length) return undefined
    return ranges
  }
  return diff as DataDiff
}

export function createBedLayers(options: BedLayerOptions): Layer[] {
  const { tiles, rows, stale, selectedId, visible, zoom, nowMinute, labelScale } = options
  const showLetters = zoom >= BED_LETTER_MIN_ZOOM
  const showTimes = zoom >= BED_TIME_MIN_ZOOM
  const letters = (r: BedRow): string => bedLetters(r, stale)
  const times = (r: BedRow): string => (r.bed ? formatTimeInStatus(r.bed.statusSince, nowMinute) : '')
  return [
    // The tiles' geometry is the level's, tessellated once: a bed change recolours the fills through
    // `updateTriggers` (one attribute over the level's tiles; measured cheaper than deck.gl's partial
    // polygon path, which re-tessellates the changed rows' fill and outline and all their attributes).
    new PolygonLayer<BedTile>({
      id: BED_TILES_LAYER_ID,
      data: tiles,
      visible,
      pickable: true,
      filled: true,
      stroked: true,
      getPolygon: (t) => t.polygon as [number, number][],
      getFillColor: (_t, { index }) => bedFill(rows[index]?.bed, stale),
      getLineColor: (t) => (t.id === selectedId ? SELECTION_COLOUR : [15, 18, 24, 255]),
      getLineWidth: (t) => (t.id === selectedId ? 4 : 1),
      lineWidthUnits: 'pixels',
      updateTriggers: {
        getFillColor: [rows, stale],
        getLineColor: [selectedId],
        getLineWidth: [selectedId],
      },
    }),
    new TextLayer<BedRow>({
      id: 'beds-letters',
      // Hidden text gets no data: deck.gl would otherwise re-lay out every label on each update.
      data: showLetters ? rows : NO_ROWS,
      _dataDiff: textRowDiff(letters),
      visible: visible && showLetters,
      getPosition: (r) => r.tile.place.at as [number, number],
      getText: letters,
      getColor: [10, 12, 16, 255],
      getSize: 13 * labelScale,
      sizeUnits: 'pixels',
      fontWeight: 700,
      lineHeight: 1.1,
      characterSet: 'auto',
      getTextAnchor: 'middle',
      getAlignmentBaseline: showTimes ? 'bottom' : 'center',
      updateTriggers: { getText: [stale], getAlignmentBaseline: [showTimes] },
    }),
    new TextLayer<BedRow>({
      id: 'beds-times',
      data: showTimes && !stale ? rows : NO_ROWS,
      _dataDiff: textRowDiff(times),
      visible: visible && showTimes && !stale,
      getPosition: (r) => r.tile.place.at as [number, number],
      getText: times,
      getColor: [10, 12, 16, 255],
      getSize: 11 * labelScale,
      sizeUnits: 'pixels',
      characterSet: 'auto',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'top',
      getPixelOffset: [0, 2],
      updateTriggers: { getText: [nowMinute] },
    }),
  ]
}
