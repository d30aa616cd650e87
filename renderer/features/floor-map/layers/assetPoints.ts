/**
 * Tracked assets as binary attributes: the tags on one level packed into typed arrays (no
 * per-object accessors run when tens of thousands move every second), faded by the age of their
 * last sighting, and grid-clustered for zoomed-out views.
 *
 * `AssetPointsTracker` follows the assets table and updates those arrays in place from the table's
 * change log: a flush moving 200 tags costs 200 row writes, not a pass over all 40,000 tags (the
 * pass it replaced was the map's largest per-flush cost at bench scale). Rows are kept dense (a tag
 * leaving the level is swap-removed), so row order is arbitrary; `ids` maps a picked row back to
 * its tag. An update that changed something hands out new typed-array views, so deck.gl sees new
 * attribute values and uploads them (in the same `data` container while the row count holds, see
 * `AssetPointsData`); nothing else is allocated.
 */
import type { Asset, AssetType } from '../../../../shared/contracts/entities.ts'
import { changedIds } from '../../../../shared/util/EntityTable.ts'
import { STALE_COLOUR, type Rgba } from '../mapPalette.ts'

export const ASSET_TYPE_COLOUR: Readonly<Record<AssetType, Rgba>> = {
  'infusion-pump': [86, 180, 233, 255],
  'syringe-driver': [86, 180, 233, 255],
  'patient-monitor': [204, 121, 167, 255],
  ventilator: [213, 94, 0, 255],
  defibrillator: [213, 94, 0, 255],
  wheelchair: [240, 228, 66, 255],
  bed: [240, 228, 66, 255],
  hoist: [240, 228, 66, 255],
  'bladder-scanner': [230, 159, 0, 255],
  ultrasound: [230, 159, 0, 255],
  ecg: [230, 159, 0, 255],
  suction: [230, 159, 0, 255],
  'staff-badge': [255, 255, 255, 255],
}

const HOUR = 3_600_000
/** Unseen for a day: the NHS RTLS guidance's "missing" question. */
export const ASSET_MISSING_AFTER_MS = 24 * HOUR

/**
 * Opacity from the age of the last sighting: full for 5 minutes, then fading to a floor by 24 h,
 * so an old position never looks as certain as a fresh one.
 */
export function ageAlpha(lastSeen: number, now: number): number {
  const age = now - lastSeen
  if (age <= 5 * 60_000) return 255
  if (age >= ASSET_MISSING_AFTER_MS) return 50
  const t = (age - 5 * 60_000) / (ASSET_MISSING_AFTER_MS - 5 * 60_000)
  return Math.round(230 - t * 180)
}

/**
 * deck.gl's binary `data` for the points layer. The tracker hands out the same object for as long
 * as the number of rows stays the same, with its attribute values replaced in place: deck.gl then
 * sees no new data (no `dataChanged`, which would recompute every row's picking colour and the
 * constant attributes) and uploads just the two value arrays named by the layer's `updateTriggers`.
 */
export type AssetPointsData = {
  readonly length: number
  readonly attributes: {
    getPosition: { value: Float32Array; size: 2 }
    getFillColor: { value: Uint8Array; size: 4; normalized: true }
  }
}

/** Binary attributes for the assets on one level, plus the ids in row order for picking. */
export type AssetPoints = {
  readonly length: number
  readonly ids: readonly string[]
  readonly positions: Float32Array
  readonly colours: Uint8Array
  /** The layer's `data` (see `AssetPointsData`): read it when building the layer, do not keep it. */
  readonly data: AssetPointsData
}

function pointsData(length: number, positions: Float32Array, colours: Uint8Array): AssetPointsData {
  return {
    length,
    attributes: {
      getPosition: { value: positions, size: 2 },
      getFillColor: { value: colours, size: 4, normalized: true },
    },
  }
}

const EMPTY: AssetPoints = {
  length: 0,
  ids: [],
  positions: new Float32Array(0),
  colours: new Uint8Array(0),
  data: pointsData(0, new Float32Array(0), new Uint8Array(0)),
}

const NO_TYPES: ReadonlySet<AssetType> = new Set()

export class AssetPointsTracker {
  #table: ReadonlyMap<string, Asset> | null = null
  #levelId: string | null = null
  #hidden: ReadonlySet<AssetType> = NO_TYPES
  #stale = false
  #now = 0
  #length = 0
  readonly #rowOf = new Map<string, number>()
  readonly #ids: string[] = []
  #positions = new Float32Array(2 * 1024)
  #colours = new Uint8Array(4 * 1024)
  #lastSeen = new Float64Array(1024)
  #points: AssetPoints = EMPTY

  /**
   * The tags on `levelId` in `table`, coloured by type and faded by age at `now` (grey when the
   * feed is `stale`), leaving out the `hidden` types (the legend's type filter; a new set
   * rebuilds). Returns the previous result (same reference) when nothing it shows changed.
   */
  update(
    table: ReadonlyMap<string, Asset>,
    levelId: string,
    now: number,
    stale: boolean,
    hidden: ReadonlySet<AssetType> = NO_TYPES,
  ): AssetPoints {
    let changed = false
    const same = levelId === this.#levelId && stale === this.#stale && hidden === this.#hidden
    const touched = same ? changedIds(this.#table, table) : null
    if (touched === null) {
      this.#levelId = levelId
      this.#stale = stale
      this.#hidden = hidden
      this.#now = now
      this.#rebuild(table)
      changed = true
    } else {
      for (const id of touched) if (this.#touch(id, table.get(id))) changed = true
      if (now !== this.#now) {
        this.#now = now
        // Only a fade that moved is new data: an unchanged floor uploads and redraws nothing.
        if (!stale && this.#reage()) changed = true
      }
    }
    this.#table = table
    if (!changed) return this.#points
    const n = this.#length
    const positions = this.#positions.subarray(0, n * 2)
    const colours = this.#colours.subarray(0, n * 4)
    let data = this.#points.data
    if (data.length === n && data !== EMPTY.data) {
      // New value views in the same container: an upload of two arrays, not a full layer update.
      data.attributes.getPosition = { value: positions, size: 2 }
      data.attributes.getFillColor = { value: colours, size: 4, normalized: true }
    } else data = pointsData(n, positions, colours)
    this.#points = { length: n, ids: this.#ids.slice(0, n), positions, colours, data }
    return this.#points
  }

  #rebuild(table: ReadonlyMap<string, Asset>): void {
    this.#length = 0
    this.#rowOf.clear()
    this.#ids.length = 0
    for (const asset of table.values()) if (this.#shows(asset)) this.#write(this.#append(asset.id), asset)
  }

  #shows(asset: Asset): boolean {
    return asset.levelId === this.#levelId && !this.#hidden.has(asset.type)
  }

  /** Brings one tag's row up to date; true when the level's rows changed. */
  #touch(id: string, asset: Asset | undefined): boolean {
    const row = this.#rowOf.get(id)
    if (asset && this.#shows(asset)) {
      this.#write(row ?? this.#append(id), asset)
      return true
    }
    if (row === undefined) return false
    this.#remove(id, row)
    return true
  }

  #append(id: string): number {
    const row = this.#length++
    if (row >= this.#lastSeen.length) this.#grow(this.#lastSeen.length * 2)
    this.#rowOf.set(id, row)
    this.#ids[row] = id
    return row
  }

  /** Swap-remove: the last row moves into the hole, so rows stay dense. */
  #remove(id: string, row: number): void {
    const last = --this.#length
    this.#rowOf.delete(id)
    if (row !== last) {
      const movedId = this.#ids[last] ?? ''
      this.#ids[row] = movedId
      this.#rowOf.set(movedId, row)
      this.#positions.copyWithin(row * 2, last * 2, last * 2 + 2)
      this.#colours.copyWithin(row * 4, last * 4, last * 4 + 4)
      this.#lastSeen[row] = this.#lastSeen[last] ?? 0
    }
    this.#ids.length = last
  }

  #write(row: number, asset: Asset): void {
    this.#positions[row * 2] = asset.x
    this.#positions[row * 2 + 1] = asset.y
    this.#lastSeen[row] = asset.lastSeen
    const c = this.#stale ? STALE_COLOUR : ASSET_TYPE_COLOUR[asset.type]
    const o = row * 4
    this.#colours[o] = c[0]
    this.#colours[o + 1] = c[1]
    this.#colours[o + 2] = c[2]
    this.#colours[o + 3] = this.#stale ? c[3] : ageAlpha(asset.lastSeen, this.#now)
  }

  /** The clock moved: re-fade every row from its last sighting (O(tags on level)); true if any changed. */
  #reage(): boolean {
    let changed = false
    for (let row = 0; row < this.#length; row++) {
      const alpha = ageAlpha(this.#lastSeen[row] ?? 0, this.#now)
      if (this.#colours[row * 4 + 3] !== alpha) {
        this.#colours[row * 4 + 3] = alpha
        changed = true
      }
    }
    return changed
  }

  #grow(rows: number): void {
    const positions = new Float32Array(rows * 2)
    positions.set(this.#positions)
    const colours = new Uint8Array(rows * 4)
    colours.set(this.#colours)
    const lastSeen = new Float64Array(rows)
    lastSeen.set(this.#lastSeen)
    this.#positions = positions
    this.#colours = colours
    this.#lastSeen = lastSeen
  }
}

/**
 * Packs the assets on `levelId` into typed arrays, once. The map follows the table with an
 * `AssetPointsTracker` instead, which updates the same arrays from each flush's changes.
 */
export function packAssetPoints(
  assets: ReadonlyMap<string, Asset>,
  levelId: string,
  now: number,
  stale: boolean,
  hidden?: ReadonlySet<AssetType>,
): AssetPoints {
  return new AssetPointsTracker().update(assets, levelId, now, stale, hidden)
}

export type AssetCluster = { readonly x: number; readonly y: number; readonly count: number }

/**
 * Grid clustering in screen space: points falling in the same `cellPx` square at the current zoom
 * merge into one circle at their mean position. The grid over the points' bounds is indexed by a
 * typed array (a Map only for a sparse grid far larger than the point count), so 40,000 tags
 * cluster in well under a millisecond.
 */
export function clusterAssetPoints(points: AssetPoints, zoom: number, cellPx = 48): AssetCluster[] {
  const n = points.length
  if (n === 0) return []
  const cell = cellPx / 2 ** zoom
  const p = points.positions
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < n; i++) {
    const x = p[i * 2] ?? 0
    const y = p[i * 2 + 1] ?? 0
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const cols = Math.floor((maxX - minX) / cell) + 1
  const rows = Math.floor((maxY - minY) / cell) + 1
  const cellOf = (i: number): number =>
    Math.floor(((p[i * 2] ?? 0) - minX) / cell) + cols * Math.floor(((p[i * 2 + 1] ?? 0) - minY) / cell)
  // Slot per grid cell: dense lookup while the grid is small, a Map when it is sparse and huge.
  const dense = cols * rows <= Math.max(4 * n, 65_536) ? new Int32Array(cols * rows).fill(-1) : null
  const sparse = dense ? null : new Map<number, number>()
  const sx = new Float64Array(n)
  const sy = new Float64Array(n)
  const count = new Uint32Array(n)
  let slots = 0
  for (let i = 0; i < n; i++) {
    const key = cellOf(i)
    let slot = dense ? (dense[key] ?? -1) : (sparse?.get(key) ?? -1)
    if (slot < 0) {
      slot = slots++
      if (dense) dense[key] = slot
      else sparse?.set(key, slot)
    }
    sx[slot] = (sx[slot] ?? 0) + (p[i * 2] ?? 0)
    sy[slot] = (sy[slot] ?? 0) + (p[i * 2 + 1] ?? 0)
    count[slot] = (count[slot] ?? 0) + 1
  }
  const clusters: AssetCluster[] = []
  for (let slot = 0; slot < slots; slot++) {
    const c = count[slot] ?? 1
    clusters.push({ x: (sx[slot] ?? 0) / c, y: (sy[slot] ?? 0) / c, count: c })
  }
  return clusters
}
