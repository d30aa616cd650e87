/**
 * Beds as tiles coloured by status, with the status letter and flag letters drawn on the tile so
 * nothing relies on colour alone, and time in status when zoomed in.
 *
 * The tile geometry (`BedTile[]`) comes from the site model and changes only with the level; live
 * status is read through accessors whose `updateTriggers` carry the beds topic version, so a feed
 * update recolours the tiles without rebuilding geometry.
 */
import type { Layer } from '@deck.gl/core'
import { PolygonLayer, TextLayer } from '@deck.gl/layers'
import type { Bed } from '../../../../shared/contracts/entities.ts'
import type { BedPlace, SiteModel } from '../../../../shared/contracts/places.ts'
import {
  BED_STATUS_COLOUR,
  BED_STATUS_LETTER,
  SELECTION_COLOUR,
  STALE_COLOUR,
  type Rgba,
} from '../mapPalette.ts'

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
  readonly tiles: readonly BedTile[]
  readonly beds: ReadonlyMap<string, Bed>
  /** Changes whenever `beds` does; drives `updateTriggers`. */
  readonly version: number
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

const NO_TILES: readonly BedTile[] = []

export function createBedLayers(options: BedLayerOptions): Layer[] {
  const { tiles, beds, version, stale, selectedId, visible, zoom, nowMinute, labelScale } = options
  const showLetters = zoom >= BED_LETTER_MIN_ZOOM
  const showTimes = zoom >= BED_TIME_MIN_ZOOM
  return [
    new PolygonLayer<BedTile>({
      id: BED_TILES_LAYER_ID,
      data: tiles,
      visible,
      pickable: true,
      filled: true,
      stroked: true,
      getPolygon: (t) => t.polygon as [number, number][],
      getFillColor: (t) => bedFill(beds.get(t.id), stale),
      getLineColor: (t) => (t.id === selectedId ? SELECTION_COLOUR : [15, 18, 24, 255]),
      getLineWidth: (t) => (t.id === selectedId ? 4 : 1),
      lineWidthUnits: 'pixels',
      updateTriggers: {
        getFillColor: [version, stale],
        getLineColor: [selectedId],
        getLineWidth: [selectedId],
      },
    }),
    new TextLayer<BedTile>({
      id: 'beds-letters',
      // Hidden text gets no data: deck.gl would otherwise re-lay out every label on each update.
      data: showLetters ? tiles : NO_TILES,
      visible: visible && showLetters,
      getPosition: (t) => t.place.at as [number, number],
      getText: (t) => {
        const bed = beds.get(t.id)
        const letter = bed && !stale ? BED_STATUS_LETTER[bed.status] : '–'
        const flags = bedFlags(bed, t.place)
        return flags ? `${letter}\n${flags}` : letter
      },
      getColor: [10, 12, 16, 255],
      getSize: 13 * labelScale,
      sizeUnits: 'pixels',
      fontWeight: 700,
      lineHeight: 1.1,
      characterSet: 'auto',
      getTextAnchor: 'middle',
      getAlignmentBaseline: showTimes ? 'bottom' : 'center',
      updateTriggers: { getText: [version, stale], getAlignmentBaseline: [showTimes] },
    }),
    new TextLayer<BedTile>({
      id: 'beds-times',
      data: showTimes && !stale ? tiles : NO_TILES,
      visible: visible && showTimes && !stale,
      getPosition: (t) => t.place.at as [number, number],
      getText: (t) => {
        const bed = beds.get(t.id)
        return bed ? formatTimeInStatus(bed.statusSince, nowMinute) : ''
      },
      getColor: [10, 12, 16, 255],
      getSize: 11 * labelScale,
      sizeUnits: 'pixels',
      characterSet: 'auto',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'top',
      getPixelOffset: [0, 2],
      updateTriggers: { getText: [version, nowMinute] },
    }),
  ]
}
